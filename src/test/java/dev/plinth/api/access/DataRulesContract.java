package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Field validators, transforms and {@code @@validate} on every write path of a real server (docs/schema.md,
 * "Validators and model rules"): single and array create, item PATCH, collection PATCH, {@code /api/batch}
 * and nested create. A failure is a 422 {@code validation_failed} with one entry per failed rule, and
 * nothing is written (checked against the stored rows). Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DataRulesContract {

    static final String SCHEMA = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            enum Stage {
              lead
              won
            }

            model Contact {
              id     Int       @id @default(autoincrement())
              name   String    @trim @length(2, 20, "name: 2 to 20 characters")
              email  String?   @trim @lower @email
              site   String?   @url
              code   String?   @upper @startsWith("C-") @endsWith("X") @contains("-9")
              slug   String?   @regex("^[a-z0-9-]+$", "lower-case letters, digits and dashes")
              score  Int       @default(0) @gte(0) @lte(100)
              ratio  Float?    @gt(0) @lt(1)
              tags   String[]  @length(max: 2)
              stage  Stage     @default(lead)
              starts DateTime?
              ends   DateTime?
              notes  Note[]

              @@validate(ends == null || starts != null && ends > starts, "ends after it starts", path: ["ends"])
              @@validate(stage != won || score >= 50, "a won contact scores 50 or more")
              @@validate(ratio == null || score * ratio <= 40)
              @@validate(!hasSome(tags, ["spam", "junk"]) && length(name, 2) && (slug == null || startsWith(slug, "c-")))
            }

            model Note {
              id         Int     @id @default(autoincrement())
              contact_id Int
              contact    Contact @relation(fields: [contact_id], references: [id])
              body       String  @length(1, 10)
            }
            """;

    private static final RulesServer.Who ALICE = new RulesServer.Who("alice", Map.of());

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

    @BeforeEach
    void clean() throws Exception {
        server.execute("DELETE FROM \"Note\"");
        server.execute("DELETE FROM \"Contact\"");
    }

    private RulesServer.Answer send(String method, String path, String body) throws Exception {
        return server.send(ALICE, method, path, body);
    }

    private int create(String body) throws Exception {
        RulesServer.Answer a = send("POST", "/api/contacts", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asInt();
    }

    /** Asserts a 422 validation_failed and returns its errors as "field code message". */
    private static List<String> refused(RulesServer.Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        JsonNode json = a.json();
        assertThat(json.get("code").asText()).as(a.toString()).isEqualTo("validation_failed");
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.get("errors")) {
            out.add(e.get("field").asText() + " " + e.get("code").asText() + " " + e.get("message").asText());
        }
        return out;
    }

    private static List<String> codes(RulesServer.Answer a) {
        return refused(a).stream().map(s -> s.split(" ")[0] + " " + s.split(" ")[1]).toList();
    }

    @Test
    void transformsApplyBeforeValidatorsAndAreStored() throws Exception {
        RulesServer.Answer a = send("POST", "/api/contacts",
                "{\"name\":\"  Ada  \",\"email\":\"  ADA@Example.COM \",\"code\":\"c-9x\",\"tags\":[]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("name").asText()).isEqualTo("Ada");
        assertThat(a.json().get("email").asText()).isEqualTo("ada@example.com");
        assertThat(a.json().get("code").asText()).isEqualTo("C-9X");
        // "  A  " trims to one character: too short although the raw text has five
        assertThat(codes(send("POST", "/api/contacts", "{\"name\":\"  A  \",\"tags\":[]}"))).containsExactly("name too_short");
        assertThat(server.dump("Contact")).hasSize(1).allMatch(r -> r.contains("|Ada|ada@example.com|"));
    }

    @Test
    void everyFieldValidatorHasItsCodeAndMessage() throws Exception {
        List<String> errors = refused(send("POST", "/api/contacts", """
                {"name":"A","email":"nope","site":"example.com","code":"X-1","slug":"Bad Slug",
                 "score":101,"ratio":1,"tags":["a","b","c"]}"""));
        assertThat(errors).containsExactly(
                "name too_short name: 2 to 20 characters",
                "email invalid_email must be an email address",
                "site invalid_url must be an absolute URL",
                "code invalid_prefix must start with \"C-\"",
                "code invalid_suffix must end with \"X\"",
                "code missing_substring must contain \"-9\"",
                "slug pattern_mismatch lower-case letters, digits and dashes",
                "score too_large must be at most 100",
                "ratio too_large must be less than 1",
                "tags too_long must have at most 2 items, got 3");
        assertThat(codes(send("POST", "/api/contacts", "{\"name\":\"" + "x".repeat(21) + "\",\"score\":-1,\"ratio\":0,\"code\":\"C-9\",\"tags\":[]}")))
                .containsExactly("name too_long", "code invalid_suffix", "score too_small", "ratio too_small");
        assertThat(server.dump("Contact")).isEmpty();
        // the limits themselves pass
        create("{\"name\":\"" + "x".repeat(20) + "\",\"score\":100,\"ratio\":0.4,\"site\":\"https://example.com/a\",\"tags\":[\"a\",\"b\"]}");
        create("{\"name\":\"xy\",\"score\":0,\"email\":null,\"tags\":[]}");
        assertThat(server.dump("Contact")).hasSize(2);
    }

    @Test
    void modelRulesOnCreate() throws Exception {
        assertThat(refused(send("POST", "/api/contacts",
                "{\"name\":\"Ada\",\"starts\":\"2026-02-01T00:00:00Z\",\"ends\":\"2026-01-01T00:00:00Z\",\"tags\":[]}")))
                .containsExactly("ends rule_failed ends after it starts");
        assertThat(refused(send("POST", "/api/contacts", "{\"name\":\"Ada\",\"ends\":\"2026-01-01T00:00:00Z\",\"tags\":[]}")))
                .containsExactly("ends rule_failed ends after it starts");
        // a default takes part: score defaults to 0, below what a won contact needs
        assertThat(refused(send("POST", "/api/contacts", "{\"name\":\"Ada\",\"stage\":\"won\",\"tags\":[]}")))
                .containsExactly(" rule_failed a won contact scores 50 or more");
        assertThat(refused(send("POST", "/api/contacts", "{\"name\":\"Ada\",\"score\":90,\"ratio\":0.5,\"tags\":[\"junk\"],\"slug\":\"x\"}")))
                .containsExactly(" rule_failed the row does not meet the rule ratio == null || score * ratio <= 40",
                        " rule_failed the row does not meet the rule !hasSome(tags, [\"spam\", \"junk\"]) && length(name, 2)"
                                + " && (slug == null || startsWith(slug, \"c-\"))");
        assertThat(server.dump("Contact")).isEmpty();
        create("{\"name\":\"Ada\",\"stage\":\"won\",\"score\":80,\"ratio\":0.5,\"starts\":\"2026-01-01T00:00:00Z\","
                + "\"ends\":\"2026-02-01T00:00:00Z\",\"slug\":\"c-ada\",\"tags\":[\"vip\"]}");
    }

    @Test
    void itemPatchChecksTheRowAsItWouldBe() throws Exception {
        int id = create("{\"name\":\"Ada\",\"score\":60,\"starts\":\"2026-01-01T00:00:00Z\",\"tags\":[]}");
        List<String> before = server.dump("Contact");
        // only the patch's fields are validated field by field ...
        assertThat(codes(send("PATCH", "/api/contacts/" + id, "{\"email\":\"x\"}"))).containsExactly("email invalid_email");
        // ... and the rules see the stored row merged with the patch
        assertThat(refused(send("PATCH", "/api/contacts/" + id, "{\"ends\":\"2025-12-31T00:00:00Z\"}")))
                .containsExactly("ends rule_failed ends after it starts");
        assertThat(send("PATCH", "/api/contacts/" + id, "{\"stage\":\"won\"}").status()).isEqualTo(200);
        before = server.dump("Contact");
        assertThat(refused(send("PATCH", "/api/contacts/" + id, "{\"score\":40}")))
                .containsExactly(" rule_failed a won contact scores 50 or more");
        assertThat(server.dump("Contact")).isEqualTo(before);
        RulesServer.Answer ok = send("PATCH", "/api/contacts/" + id, "{\"score\":55,\"name\":\" Ada L \"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("name").asText()).isEqualTo("Ada L");
    }

    @Test
    void arrayCreateIsAllOrNothing() throws Exception {
        RulesServer.Answer a = send("POST", "/api/contacts",
                "[{\"name\":\"Ada\",\"tags\":[]},{\"name\":\"B\",\"tags\":[]},{\"name\":\"Cy\",\"score\":500,\"tags\":[]}]");
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.body()).contains("too_short");
        assertThat(server.dump("Contact")).isEmpty();
        RulesServer.Answer ok = send("POST", "/api/contacts", "[{\"name\":\" Ada \",\"tags\":[]},{\"name\":\"Bo\",\"tags\":[]}]");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().get(0).get("name").asText()).isEqualTo("Ada");
    }

    @Test
    void collectionPatchChecksEveryMatchedRow() throws Exception {
        create("{\"name\":\"Ada\",\"score\":60,\"tags\":[]}");
        create("{\"name\":\"Bo\",\"score\":10,\"tags\":[]}");
        List<String> before = server.dump("Contact");
        assertThat(codes(send("PATCH", "/api/contacts?score__gte=0", "{\"score\":200}"))).containsExactly("score too_large");
        // Bo's score of 10 breaks the rule once won: the whole PATCH is refused
        assertThat(refused(send("PATCH", "/api/contacts?score__gte=0", "{\"stage\":\"won\"}")))
                .containsExactly(" rule_failed a won contact scores 50 or more");
        assertThat(server.dump("Contact")).isEqualTo(before);
        RulesServer.Answer ok = send("PATCH", "/api/contacts?score__gte=50", "{\"stage\":\"won\",\"email\":\" A@B.CO \"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("count").asInt()).isEqualTo(1);
        assertThat(server.dump("Contact")).anyMatch(r -> r.contains("|a@b.co|"));
    }

    @Test
    void batchIsAllOrNothing() throws Exception {
        int id = create("{\"name\":\"Ada\",\"score\":60,\"tags\":[]}");
        List<String> before = server.dump("Contact");
        RulesServer.Answer a = send("POST", "/api/batch", "{\"operations\":["
                + "{\"method\":\"POST\",\"path\":\"/api/contacts\",\"body\":{\"name\":\"Bo\",\"tags\":[]}},"
                + "{\"method\":\"PATCH\",\"path\":\"/api/contacts/" + id + "\",\"body\":{\"score\":-5}}]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.body()).contains("too_small");
        assertThat(server.dump("Contact")).isEqualTo(before);
        RulesServer.Answer rule = send("POST", "/api/batch", "{\"operations\":["
                + "{\"method\":\"PATCH\",\"path\":\"/api/contacts/" + id + "\",\"body\":{\"stage\":\"won\",\"score\":20}}]}");
        assertThat(rule.status()).as(rule.toString()).isEqualTo(422);
        assertThat(rule.body()).contains("a won contact scores 50 or more");
        assertThat(server.dump("Contact")).isEqualTo(before);
        RulesServer.Answer ok = send("POST", "/api/batch", "{\"operations\":["
                + "{\"method\":\"POST\",\"path\":\"/api/contacts\",\"body\":{\"name\":\" Bo \",\"tags\":[]}}]}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(server.dump("Contact")).hasSize(2).anyMatch(r -> r.contains("|Bo|"));
    }

    @Test
    void nestedCreateIsChecked() throws Exception {
        int id = create("{\"name\":\"Ada\",\"tags\":[]}");
        assertThat(codes(send("POST", "/api/contacts/" + id + "/notes", "{\"body\":\"far too long for a note\"}")))
                .containsExactly("body too_long");
        assertThat(codes(send("POST", "/api/contacts/" + id + "/notes", "{\"body\":\"\"}"))).containsExactly("body too_short");
        assertThat(server.dump("Note")).isEmpty();
        RulesServer.Answer ok = send("POST", "/api/contacts/" + id + "/notes", "{\"body\":\"hi\"}");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(server.dump("Note")).hasSize(1);
    }

    @Test
    void theCrmExampleRefusesABadEmailAndAScoreOutOfRange() throws Exception {
        String crmSchema = java.nio.file.Files.readString(java.nio.file.Path.of("examples/crm/schema.prisma"));
        try (RulesServer crm = RulesServer.start(db(), crmSchema, ClaimNames.DEFAULT)) {
            RulesServer.Answer bad = crm.send(ALICE, "POST", "/api/contacts", "{\"name\":\"Ada\",\"email\":\"ada\",\"score\":101}");
            assertThat(refused(bad)).containsExactly(
                    "email invalid_email must be an email address, e.g. ada@example.com",
                    "score too_large a score is 0 to 100");
            assertThat(crm.dump("Contact")).isEmpty();
            RulesServer.Answer ok = crm.send(ALICE, "POST", "/api/contacts", "{\"name\":\"Ada\",\"email\":\"ada@example.com\",\"score\":100}");
            assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
            int id = ok.json().get("id").asInt();
            assertThat(codes(crm.send(ALICE, "PATCH", "/api/contacts/" + id, "{\"score\":-1}"))).containsExactly("score too_small");
            assertThat(crm.dump("Contact")).hasSize(1).allMatch(r -> r.contains("|100|"));
        }
    }

    @Test
    void aStoredRowThatBreaksARuleIsSeenByTheNextPatch() throws Exception {
        // written around Plinth: a list holding a forbidden tag, read back from the database's own list format
        String tags = db() == RulesServer.Db.POSTGRESQL ? "'{vip,junk}'" : "'[\"vip\",\"junk\"]'";
        server.execute("INSERT INTO \"Contact\" (\"id\", \"name\", \"score\", \"tags\", \"stage\") VALUES (77, 'Old', 5, " + tags + ", 'lead')");
        List<String> before = server.dump("Contact");
        assertThat(refused(send("PATCH", "/api/contacts/77", "{\"score\":6}"))).singleElement().asString().startsWith(" rule_failed");
        assertThat(server.dump("Contact")).isEqualTo(before);
        RulesServer.Answer fixed = send("PATCH", "/api/contacts/77", "{\"score\":6,\"tags\":[\"vip\"]}");
        assertThat(fixed.status()).as(fixed.toString()).isEqualTo(200);
        assertThat(fixed.json().get("tags").toString()).isEqualTo("[\"vip\"]");
    }
}
