package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a write body may carry, the same on SQLite and PostgreSQL: no NUL character, no text longer than
 * an index takes, no changed key (and no chosen key the schema generates, unless the model opts in), no
 * foreign key pointing at a row the caller cannot read; and a unique conflict that tells nothing of the
 * row it met. Every refusal is a 422 or 409 with a stable code and leaves the tables as they were.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RecordWritesContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            generator plinth {
              provider   = "plinth"
              clientKeys = ["Country", "Counter"]
            }
            model Company {
              id              Int       @id @default(autoincrement())
              organization_id Int
              name            String
              contacts        Contact[]
            }
            model Contact {
              id              Int      @id @default(autoincrement())
              organization_id Int
              company_id      Int?
              company         Company? @relation(fields: [company_id], references: [id])
              email           String   @unique
              name            String
            }
            model Note {
              id      Int    @id @default(autoincrement())
              user_id String
              text    String
              pins    Pin[]
            }
            model Pin {
              id      Int    @id @default(autoincrement())
              note_id Int
              note    Note   @relation(fields: [note_id], references: [id])
              label   String
            }
            model Folder {
              id    Int    @id @default(autoincrement())
              owner String @default(auth().id)
              name  String
              files File[]
              @@allow('all', owner == auth().id)
            }
            model File {
              id        Int    @id @default(autoincrement())
              folder_id Int
              folder    Folder @relation(fields: [folder_id], references: [id])
              name      String
            }
            model Tag {
              id         Int      @id @default(autoincrement())
              slug       String   @unique
              name       String
              meta       Json?
              created_at DateTime @default(now())
              updated_at DateTime @updatedAt
            }
            model Person {
              id    Int    @id @default(autoincrement())
              first String
              last  String
              @@unique([first, last])
            }
            model Label {
              key  String @id
              text String
            }

            model Pair {
              a String
              b String
              v Int
              @@id([a, b])
            }
            model Country {
              code String @id @default(cuid())
              name String
            }
            model Counter {
              id   Int    @id @default(autoincrement())
              name String
            }
            model Article {
              id    Int    @id @default(autoincrement())
              title String
              @@fulltext([title])
            }
            """;

    static final Who ADA = new Who("ada", Map.of("org_id", 1));
    static final Who BOB = new Who("bob", Map.of("org_id", 2));

    RulesServer server;

    abstract RulesServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), SCHEMA, ClaimNames.DEFAULT);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Answer send(Who who, String method, String path, String body) throws Exception {
        return server.send(who, method, path, body);
    }

    private static void assertProblem(Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
    }

    private static JsonNode fieldError(Answer a) {
        return a.json().get("errors").get(0);
    }

    // ---- NUL characters ----

    @Test
    void aNulCharacterIsA422NamingTheField() throws Exception {
        List<String> before = server.dump("Tag");
        Answer text = send(ADA, "POST", "/api/tags", "{\"slug\":\"nul\",\"name\":\"a\\u0000b\"}");
        assertProblem(text, 422, "validation_failed");
        assertThat(fieldError(text).get("field").asText()).isEqualTo("name");
        assertThat(fieldError(text).get("code").asText()).isEqualTo("invalid_value");
        assertThat(text.body()).doesNotContainIgnoringCase("sqlstate").doesNotContain("0x00");
        Answer json = send(ADA, "POST", "/api/tags", "{\"slug\":\"nul\",\"name\":\"n\",\"meta\":{\"k\":[\"\\u0000\"]}}");
        assertProblem(json, 422, "validation_failed");
        assertThat(fieldError(json).get("field").asText()).isEqualTo("meta");
        assertThat(server.dump("Tag")).isEqualTo(before);
        Answer ok = send(ADA, "POST", "/api/tags", "{\"slug\":\"nul-free\",\"name\":\"n\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        Answer patch = send(ADA, "PATCH", "/api/tags/" + ok.json().get("id").asInt(), "{\"slug\":\"x\\u0000\"}");
        assertProblem(patch, 422, "validation_failed");
        assertThat(fieldError(patch).get("field").asText()).isEqualTo("slug");
    }

    // ---- indexed text ----

    @Test
    void indexedTextHasOneLimitOnBothDatabases() throws Exception {
        List<String> before = server.dump("Tag");
        Answer tooLong = send(ADA, "POST", "/api/tags", "{\"slug\":\"" + "s".repeat(8000) + "\",\"name\":\"n\"}");
        assertProblem(tooLong, 422, "value_too_long");
        assertThat(fieldError(tooLong).get("field").asText()).isEqualTo("slug");
        assertThat(send(ADA, "POST", "/api/tags", "{\"slug\":\"" + "😀".repeat(601) + "\",\"name\":\"n\"}").status()).isEqualTo(422);
        assertThat(server.dump("Tag")).isEqualTo(before);
        // the longest value allowed, in 4-byte characters, fits PostgreSQL's B-tree entry
        Answer longest = send(ADA, "POST", "/api/tags", "{\"slug\":\"" + "😀".repeat(600) + "\",\"name\":\"" + "n".repeat(8000) + "\"}");
        assertThat(longest.status()).as("600 four-byte characters and an unindexed 8,000").isEqualTo(201);
        // two text columns of one index share the budget
        Answer half = send(ADA, "POST", "/api/persons", "{\"first\":\"" + "😀".repeat(300) + "\",\"last\":\"" + "😀".repeat(300) + "\"}");
        assertThat(half.status()).as(half.toString()).isEqualTo(201);
        assertProblem(send(ADA, "POST", "/api/persons", "{\"first\":\"" + "a".repeat(301) + "\",\"last\":\"b\"}"), 422, "value_too_long");
        assertThat(send(ADA, "POST", "/api/labels", "{\"key\":\"" + "😀".repeat(600) + "\",\"text\":\"t\"}").status()).isEqualTo(201);
        assertProblem(send(ADA, "POST", "/api/labels", "{\"key\":\"" + "k".repeat(601) + "\",\"text\":\"t\"}"), 422, "value_too_long");
        int id = longest.json().get("id").asInt();
        assertProblem(send(ADA, "PATCH", "/api/tags/" + id, "{\"slug\":\"" + "s".repeat(8000) + "\"}"), 422, "value_too_long");
    }

    @Test
    void aDeclaredLengthHoldsOnBothDatabases() throws Exception {
        String schema = """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                model Code {
                  id    Int    @id @default(autoincrement())
                  short String @db.VarChar(5)
                }
                """;
        try (RulesServer pgSchema = RulesServer.start(db(), schema, ClaimNames.DEFAULT)) {
            assertThat(pgSchema.send(ADA, "POST", "/api/codes", "{\"short\":\"ééééé\"}").status()).isEqualTo(201);
            assertProblem(pgSchema.send(ADA, "POST", "/api/codes", "{\"short\":\"abcdef\"}"), 422, "value_too_long");
            assertThat(pgSchema.dump("Code")).hasSize(1);
        }
    }

    // ---- keys ----

    @Test
    void aKeyInAnUpdateIsIgnoredWhenUnchangedAndRefusedWhenChanged() throws Exception {
        Answer created = send(ADA, "POST", "/api/tags", "{\"slug\":\"keyed\",\"name\":\"k\"}");
        int id = created.json().get("id").asInt();
        Answer same = send(ADA, "PATCH", "/api/tags/" + id, "{\"id\":" + id + ",\"name\":\"renamed\"}");
        assertThat(same.status()).as(same.toString()).isEqualTo(200);
        assertThat(same.json().get("name").asText()).isEqualTo("renamed");
        // a row read with GET goes back as it is: its key and timestamps are ignored
        String read = send(ADA, "GET", "/api/tags/" + id, null).body();
        assertThat(send(ADA, "PATCH", "/api/tags/" + id, read).status()).isEqualTo(200);
        List<String> before = server.dump("Tag");
        Answer changed = send(ADA, "PATCH", "/api/tags/" + id, "{\"id\":999,\"name\":\"moved\"}");
        assertProblem(changed, 422, "immutable_field");
        assertThat(fieldError(changed).get("field").asText()).isEqualTo("id");
        assertProblem(send(ADA, "PATCH", "/api/tags?slug=keyed", "{\"id\":999}"), 422, "immutable_field");
        assertProblem(send(ADA, "POST", "/api/batch", "[{\"method\":\"PATCH\",\"path\":\"/api/tags/" + id + "\",\"body\":{\"id\":998}}]"),
                422, "immutable_field");
        assertThat(server.dump("Tag")).isEqualTo(before);
        assertThat(send(ADA, "GET", "/api/tags/999", null).status()).isEqualTo(404);
    }

    @Test
    void aCompositeKeyIsImmutableToo() throws Exception {
        assertThat(send(ADA, "POST", "/api/pairs", "{\"a\":\"x\",\"b\":\"y\",\"v\":1}").status()).as("no default: the client chooses").isEqualTo(201);
        assertThat(send(ADA, "PATCH", "/api/pairs/x,y", "{\"a\":\"x\",\"b\":\"y\",\"v\":2}").json().get("v").asInt()).isEqualTo(2);
        Answer changed = send(ADA, "PATCH", "/api/pairs/x,y", "{\"a\":\"x\",\"b\":\"z\"}");
        assertProblem(changed, 422, "immutable_field");
        assertThat(fieldError(changed).get("field").asText()).isEqualTo("b");
        assertThat(send(ADA, "GET", "/api/pairs/x,y", null).json().get("v").asInt()).isEqualTo(2);
    }

    @Test
    void aGeneratedKeyIsChosenByTheClientOnlyWhereTheModelOptsIn() throws Exception {
        List<String> before = server.dump("Tag");
        Answer chosen = send(ADA, "POST", "/api/tags", "{\"id\":500,\"slug\":\"chosen\",\"name\":\"c\"}");
        assertProblem(chosen, 422, "immutable_field");
        assertThat(fieldError(chosen).get("field").asText()).isEqualTo("id");
        assertThat(server.dump("Tag")).isEqualTo(before);
        assertThat(send(ADA, "POST", "/api/labels", "{\"key\":\"mine\",\"text\":\"t\"}").status()).isEqualTo(201);
        Answer country = send(ADA, "POST", "/api/countries", "{\"code\":\"fr\",\"name\":\"France\"}");
        assertThat(country.status()).as(country.toString()).isEqualTo(201);
        assertThat(country.json().get("code").asText()).isEqualTo("fr");
        assertThat(send(ADA, "POST", "/api/countries", "{\"name\":\"Generated\"}").json().get("code").asText()).isNotEqualTo("fr");
        // an explicit autoincrement key never leaves the sequence behind (PostgreSQL's serial)
        assertThat(send(ADA, "POST", "/api/counters", "{\"id\":500,\"name\":\"explicit\"}").status()).isEqualTo(201);
        Answer next = send(ADA, "POST", "/api/counters", "{\"name\":\"generated\"}");
        assertThat(next.status()).as(next.toString()).isEqualTo(201);
        assertThat(next.json().get("id").asInt()).isEqualTo(501);
        assertThat(send(ADA, "POST", "/api/counters", "[{\"id\":700,\"name\":\"a\"},{\"id\":650,\"name\":\"b\"}]").status()).isEqualTo(201);
        assertThat(send(ADA, "POST", "/api/counters", "{\"name\":\"after bulk\"}").json().get("id").asInt()).isEqualTo(701);
        assertThat(send(ADA, "POST", "/api/counters", "{\"id\":3,\"name\":\"low\"}").status()).isEqualTo(201);
        assertThat(send(ADA, "POST", "/api/counters", "{\"name\":\"still ahead\"}").json().get("id").asInt()).isEqualTo(702);
    }

    @Test
    void aKeyChangedByAnotherWriterKeepsTheSearchIndexRight() throws Exception {
        int id = send(ADA, "POST", "/api/articles", "{\"title\":\"zebra crossing\"}").json().get("id").asInt();
        send(ADA, "POST", "/api/articles", "{\"title\":\"other\"}");
        server.execute("UPDATE \"Article\" SET \"id\" = 9999 WHERE \"id\" = " + id);
        assertThat(ids(send(ADA, "GET", "/api/articles?q=zebra", null))).containsExactly(9999);
        assertThat(send(ADA, "PATCH", "/api/articles/9999", "{\"title\":\"giraffe\"}").status()).isEqualTo(200);
        assertThat(ids(send(ADA, "GET", "/api/articles?q=zebra", null))).isEmpty();
        assertThat(ids(send(ADA, "GET", "/api/articles?q=giraffe", null))).containsExactly(9999);
    }

    private static List<Integer> ids(Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        List<Integer> out = new ArrayList<>();
        a.json().get("data").forEach(r -> out.add(r.get("id").asInt()));
        return out;
    }

    // ---- references ----

    @Test
    void aForeignKeyToAnotherOrganizationsRowIsTheSame422AsAMissingRow() throws Exception {
        int theirs = send(ADA, "POST", "/api/companies", "{\"name\":\"Ada Corp\"}").json().get("id").asInt();
        int mine = send(BOB, "POST", "/api/companies", "{\"name\":\"Bob Corp\"}").json().get("id").asInt();
        List<String> before = server.dump("Contact");
        Answer missing = send(BOB, "POST", "/api/contacts", "{\"email\":\"m@x\",\"name\":\"m\",\"company_id\":987654}");
        assertProblem(missing, 422, "foreign_key_violation");
        Answer hidden = send(BOB, "POST", "/api/contacts", "{\"email\":\"h@x\",\"name\":\"h\",\"company_id\":" + theirs + "}");
        assertProblem(hidden, 422, "foreign_key_violation");
        // alike but for the values sent and each answer's own request id
        assertThat(hidden.body().replace(String.valueOf(theirs), "N").replace("h@x", "E").replaceAll("\"request_id\":\"[^\"]*\"", ""))
                .isEqualTo(missing.body().replace("987654", "N").replace("m@x", "E").replaceAll("\"request_id\":\"[^\"]*\"", ""));
        assertProblem(send(BOB, "POST", "/api/contacts", "[{\"email\":\"a@x\",\"name\":\"a\",\"company_id\":" + mine
                + "},{\"email\":\"b@x\",\"name\":\"b\",\"company_id\":" + theirs + "}]"), 422, "foreign_key_violation");
        assertProblem(send(BOB, "POST", "/api/batch", "[{\"method\":\"POST\",\"path\":\"/api/contacts\",\"body\":{\"email\":\"c@x\",\"name\":\"c\",\"company_id\":"
                + theirs + "}}]"), 422, "foreign_key_violation");
        assertThat(server.dump("Contact")).isEqualTo(before);

        Answer own = send(BOB, "POST", "/api/contacts", "{\"email\":\"o@x\",\"name\":\"o\",\"company_id\":" + mine + "}");
        assertThat(own.status()).as(own.toString()).isEqualTo(201);
        int contact = own.json().get("id").asInt();
        List<String> after = server.dump("Contact");
        assertProblem(send(BOB, "PATCH", "/api/contacts/" + contact, "{\"company_id\":" + theirs + "}"), 422, "foreign_key_violation");
        assertProblem(send(BOB, "PATCH", "/api/contacts?name=o", "{\"company_id\":" + theirs + "}"), 422, "foreign_key_violation");
        assertProblem(send(BOB, "POST", "/api/batch", "[{\"method\":\"PATCH\",\"path\":\"/api/contacts/" + contact
                + "\",\"body\":{\"company_id\":" + theirs + "}}]"), 422, "foreign_key_violation");
        assertThat(server.dump("Contact")).isEqualTo(after);
        assertThat(send(BOB, "PATCH", "/api/contacts/" + contact, "{\"company_id\":null}").status()).isEqualTo(200);
    }

    @Test
    void aForeignKeyToAnotherOwnersOrAHiddenRowIsRefused() throws Exception {
        int adaNote = send(ADA, "POST", "/api/notes", "{\"text\":\"private\"}").json().get("id").asInt();
        int bobNote = send(BOB, "POST", "/api/notes", "{\"text\":\"mine\"}").json().get("id").asInt();
        assertProblem(send(BOB, "POST", "/api/pins", "{\"note_id\":" + adaNote + ",\"label\":\"x\"}"), 422, "foreign_key_violation");
        assertThat(send(BOB, "POST", "/api/pins", "{\"note_id\":" + bobNote + ",\"label\":\"x\"}").status()).isEqualTo(201);
        int adaFolder = send(ADA, "POST", "/api/folders", "{\"name\":\"ada\"}").json().get("id").asInt();
        int bobFolder = send(BOB, "POST", "/api/folders", "{\"name\":\"bob\"}").json().get("id").asInt();
        assertProblem(send(BOB, "POST", "/api/files", "{\"folder_id\":" + adaFolder + ",\"name\":\"f\"}"), 422, "foreign_key_violation");
        assertThat(send(BOB, "POST", "/api/files", "{\"folder_id\":" + bobFolder + ",\"name\":\"f\"}").status()).isEqualTo(201);
        assertThat(server.dump("File")).hasSize(1);
    }

    @Test
    void aUniqueConflictTellsNothingOfTheRowItMet() throws Exception {
        Answer theirs = send(ADA, "POST", "/api/contacts", "{\"email\":\"shared@x\",\"name\":\"Confidential Name\"}");
        assertThat(theirs.status()).isEqualTo(201);
        Answer conflict = send(BOB, "POST", "/api/contacts", "{\"email\":\"shared@x\",\"name\":\"b\"}");
        assertProblem(conflict, 409, "unique_violation");
        assertThat(conflict.body()).doesNotContain("Confidential").doesNotContain("Key (").doesNotContain("\"organization_id\":1")
                .doesNotContain("\"id\":" + theirs.json().get("id").asInt());
        assertThat(conflict.json().has("current")).isFalse();
        assertThat(fieldError(conflict).get("field").asText()).isEqualTo("email");
    }
}
