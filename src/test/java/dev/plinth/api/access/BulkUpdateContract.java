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
 * {@code PATCH /api/{model}} with a JSON array (docs/api.md, "Bulk updates"): each object's row gets the object's
 * values, in one transaction, all or nothing, answered in request order. Every row passes the checks of an item
 * PATCH — validators, native limits, owner scoping, access rules, {@code _expected_updated_at} — and a failure
 * names its item ({@code [2].email}, {@code [1]}) and leaves every table as it was. The filtered PATCH with an
 * object body is unchanged. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BulkUpdateContract {

    static final String SCHEMA = """
            datasource db {
              provider = "postgresql"
              url      = "postgresql://localhost/x"
            }
            model Note {
              id         Int      @id @default(autoincrement())
              user_id    String
              title      String   @length(1, 20)
              email      String?  @unique @email
              code       String?  @db.VarChar(4)
              updated_at DateTime @updatedAt
            }
            model Folder {
              id     Int     @id @default(autoincrement())
              name   String
              locked Boolean @default(false)
              @@allow('read', true)
              @@allow('create', true)
              @@allow('update', locked == false)
            }
            model Pair {
              a String
              b Int
              v Int @gt(0)
              @@id([a, b])
            }
            """;

    static final Who ADA = new Who("ada", Map.of());
    static final Who BOB = new Who("bob", Map.of());

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

    private List<Long> notes(Who who, String... titles) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (String t : titles) {
            Answer a = server.send(who, "POST", "/api/notes", "{\"title\":\"" + t + "\"}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            ids.add(a.json().get("id").asLong());
        }
        return ids;
    }

    private static void assertProblem(Answer a, int status, String code, String field) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
        if (field != null) {
            List<String> fields = new ArrayList<>();
            a.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
            assertThat(fields).as(a.toString()).contains(field);
        }
    }

    @Test
    void eachRowGetsItsOwnValuesAnsweredInRequestOrder() throws Exception {
        List<Long> ids = notes(ADA, "one", "two", "three");
        String before = server.send(ADA, "GET", "/api/notes/" + ids.get(0), null).json().get("updated_at").asText();
        Answer a = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"THREE","code":"c3"},{"id":%d,"title":"ONE","email":"ada@example.com"},
                 {"id":%d,"title":"TWO"}]""".formatted(ids.get(2), ids.get(0), ids.get(1)));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode rows = a.json();
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("id").asLong()).isEqualTo(ids.get(2));
        assertThat(rows.get(0).get("title").asText()).isEqualTo("THREE");
        assertThat(rows.get(0).get("code").asText()).isEqualTo("c3");
        assertThat(rows.get(1).get("title").asText()).isEqualTo("ONE");
        assertThat(rows.get(1).get("email").asText()).isEqualTo("ada@example.com");
        assertThat(rows.get(2).get("title").asText()).isEqualTo("TWO");
        assertThat(rows.get(1).get("user_id").asText()).isEqualTo("ada");
        JsonNode stored = server.send(ADA, "GET", "/api/notes/" + ids.get(0), null).json();
        assertThat(stored.get("title").asText()).isEqualTo("ONE");
        assertThat(stored.get("updated_at").asText()).isNotEqualTo(before);
    }

    @Test
    void aCompositeKeyNamesEachRow() throws Exception {
        for (String body : List.of("{\"a\":\"x\",\"b\":1,\"v\":1}", "{\"a\":\"x\",\"b\":2,\"v\":2}", "{\"a\":\"y\",\"b\":1,\"v\":3}")) {
            assertThat(server.send(ADA, "POST", "/api/pairs", body).status()).isEqualTo(201);
        }
        Answer a = server.send(ADA, "PATCH", "/api/pairs",
                "[{\"a\":\"y\",\"b\":1,\"v\":30},{\"a\":\"x\",\"b\":2,\"v\":20}]");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get(0).get("v").asInt()).isEqualTo(30);
        assertThat(a.json().get(1).get("v").asInt()).isEqualTo(20);
        assertThat(server.send(ADA, "GET", "/api/pairs/x,1", null).json().get("v").asInt()).isEqualTo(1);
        assertThat(server.send(ADA, "GET", "/api/pairs/x,2", null).json().get("v").asInt()).isEqualTo(20);

        List<String> before = server.dump("Pair");
        // a validator failing on the second item: nothing written, the path names the item
        assertProblem(server.send(ADA, "PATCH", "/api/pairs", "[{\"a\":\"x\",\"b\":1,\"v\":5},{\"a\":\"x\",\"b\":2,\"v\":0}]"),
                422, "validation_failed", "[1].v");
        // half a key
        assertProblem(server.send(ADA, "PATCH", "/api/pairs", "[{\"a\":\"x\",\"b\":1,\"v\":5},{\"a\":\"x\",\"v\":6}]"),
                422, "validation_failed", "[1].b");
        assertThat(server.dump("Pair")).isEqualTo(before);
    }

    @Test
    void aBadFieldInOneRowWritesNothingAndNamesItsPath() throws Exception {
        List<Long> ids = notes(ADA, "a", "b", "c");
        List<String> before = server.dump("Note");
        Answer email = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"A2"},{"id":%d,"title":"B2"},{"id":%d,"email":"not-an-address"}]"""
                .formatted(ids.get(0), ids.get(1), ids.get(2)));
        assertProblem(email, 422, "validation_failed", "[2].email");
        Answer tooLong = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"A2"},{"id":%d,"code":"12345"}]""".formatted(ids.get(0), ids.get(1)));
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.body()).contains("\"[1].code\"");
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "[{\"id\":%d,\"title\":\"\"}]".formatted(ids.get(0))),
                422, "validation_failed", "[0].title");
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "[{\"id\":%d,\"nope\":1}]".formatted(ids.get(0))),
                422, "validation_failed", "[0].nope");
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "[{\"id\":%d,\"title\":\"x\"},{\"title\":\"y\"}]".formatted(ids.get(0))),
                422, "validation_failed", "[1].id");
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "[{\"id\":%d,\"title\":\"x\"},7]".formatted(ids.get(0))),
                422, "validation_failed", "[1]");
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "[{\"id\":%d,\"title\":\"x\"},{\"id\":%d,\"title\":\"y\"}]"
                .formatted(ids.get(0), ids.get(0))), 422, "validation_failed", "[1]");
        assertThat(server.dump("Note")).isEqualTo(before);
    }

    @Test
    void aConstraintRefusingOneRowWritesNothingAndNamesIt() throws Exception {
        List<Long> ids = notes(ADA, "u1", "u2", "u3");
        List<String> before = server.dump("Note");
        Answer a = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"u1b","email":"u1@example.com"},{"id":%d,"email":"same@example.com"},
                 {"id":%d,"email":"same@example.com"}]""".formatted(ids.get(0), ids.get(1), ids.get(2)));
        assertThat(a.status()).as(a.toString()).isEqualTo(409);
        assertThat(a.body()).contains("[2]").doesNotContain("SQLITE").doesNotContain("duplicate key value");
        assertThat(server.dump("Note")).isEqualTo(before);
    }

    @Test
    void anotherOwnersRowIsAnswerdAsAMissingOneAndNothingIsWritten() throws Exception {
        List<Long> bobs = notes(BOB, "bob1", "bob2");
        List<Long> adas = notes(ADA, "ada1");
        List<String> before = server.dump("Note");
        Answer foreign = server.send(BOB, "PATCH", "/api/notes", """
                [{"id":%d,"title":"x"},{"id":%d,"title":"y"},{"id":%d,"title":"z"}]"""
                .formatted(bobs.get(0), bobs.get(1), adas.get(0)));
        assertProblem(foreign, 404, "not_found", "[2]");
        Answer missing = server.send(BOB, "PATCH", "/api/notes", """
                [{"id":%d,"title":"x"},{"id":%d,"title":"y"},{"id":999999,"title":"z"}]"""
                .formatted(bobs.get(0), bobs.get(1)));
        assertProblem(missing, 404, "not_found", "[2]");
        // the two answers tell nothing apart
        assertThat(foreign.json().get("detail").asText()).isEqualTo(missing.json().get("detail").asText());
        assertThat(foreign.body()).doesNotContain("ada1");
        assertThat(server.dump("Note")).isEqualTo(before);
        assertThat(server.send(Who.ANONYMOUS, "PATCH", "/api/notes", "[]").status()).isEqualTo(401);
    }

    @Test
    void aStaleExpectedUpdatedAtIsA409ForItsRowAndNothingIsWritten() throws Exception {
        List<Long> ids = notes(ADA, "s1", "s2");
        String first = server.send(ADA, "GET", "/api/notes/" + ids.get(0), null).json().get("updated_at").asText();
        String second = server.send(ADA, "GET", "/api/notes/" + ids.get(1), null).json().get("updated_at").asText();
        Answer ok = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"s1b","_expected_updated_at":"%s"},{"id":%d,"title":"s2b","_expected_updated_at":"%s"}]"""
                .formatted(ids.get(0), first, ids.get(1), second));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        String fresh = ok.json().get(0).get("updated_at").asText();
        List<String> before = server.dump("Note");
        // the second row's stamp is the one read before the last change
        Answer stale = server.send(ADA, "PATCH", "/api/notes", """
                [{"id":%d,"title":"s1c","_expected_updated_at":"%s"},{"id":%d,"title":"s2c","_expected_updated_at":"%s"}]"""
                .formatted(ids.get(0), fresh, ids.get(1), second));
        assertProblem(stale, 409, "concurrent_update", "[1]");
        assertThat(stale.json().get("current").get("title").asText()).as("the row as stored, for the client to merge").isEqualTo("s2b");
        assertThat(stale.json().get("current").get("id").asLong()).isEqualTo(ids.get(1));
        assertThat(server.dump("Note")).isEqualTo(before);
    }

    @Test
    void theAccessRulesOfUpdateHoldForEveryRow() throws Exception {
        long open = server.send(ADA, "POST", "/api/folders", "{\"name\":\"open\"}").json().get("id").asLong();
        long locked = server.send(ADA, "POST", "/api/folders", "{\"name\":\"locked\",\"locked\":true}").json().get("id").asLong();
        List<String> before = server.dump("Folder");
        Answer refused = server.send(ADA, "PATCH", "/api/folders", """
                [{"id":%d,"name":"open2"},{"id":%d,"name":"locked2"}]""".formatted(open, locked));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.body()).contains("\"[1]\"");
        assertThat(server.dump("Folder")).isEqualTo(before);
        Answer allowed = server.send(ADA, "PATCH", "/api/folders", "[{\"id\":%d,\"name\":\"open2\"}]".formatted(open));
        assertThat(allowed.status()).as(allowed.toString()).isEqualTo(200);
        assertThat(allowed.json().get(0).get("name").asText()).isEqualTo("open2");
    }

    @Test
    void theFilteredPatchIsUnchanged() throws Exception {
        notes(ADA, "same", "same");
        Answer count = server.send(ADA, "PATCH", "/api/notes?title=same", "{\"code\":\"s\"}");
        assertThat(count.status()).as(count.toString()).isEqualTo(200);
        assertThat(count.json().get("count").asInt()).isEqualTo(2);
        assertProblem(server.send(ADA, "PATCH", "/api/notes", "{\"code\":\"s\"}"), 400, "filter_required", null);
        // an array goes without a filter
        assertThat(server.send(ADA, "PATCH", "/api/notes?title=same", "[{\"id\":1,\"code\":\"t\"}]").status()).isEqualTo(400);
        Answer empty = server.send(ADA, "PATCH", "/api/notes", "[]");
        assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
        assertThat(empty.json().size()).isZero();
    }
}
