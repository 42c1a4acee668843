package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upserts end to end (docs/api.md, "Upsert"): {@code PUT /api/{model}/{key}} replacing or creating a row,
 * conditional and create-only; owner scoping never bypassed (another owner's key is neither read nor
 * changed), and a refused request changes nothing. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpsertContract {

    static final String SCHEMA = """
            model Setting {
              key        String   @id
              value      String
              note       String?
              priority   Int      @default(5)
              user_id    String
              created_at DateTime @default(now())
              updated_at DateTime @updatedAt
            }

            model Post {
              id      Int     @id @default(autoincrement())
              title   String
              body    String?
              user_id String
            }

            model Member {
              id         Int      @id @default(autoincrement())
              email      String   @unique
              name       String
              team       String
              nick       String?
              visits     Int      @default(0)
              user_id    String
              updated_at DateTime @updatedAt
              @@unique([team, name])
            }

            model Tag {
              id         Int       @id @default(autoincrement())
              slug       String    @unique
              label      String
              user_id    String
              deleted_at DateTime?
            }
            """;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer.Answer as(String user, String method, String path, String body, String... headers) throws Exception {
        return server.as(user, method, path, body, headers);
    }

    private static void assertProblem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
    }

    // ---- PUT /api/{model}/{key}

    @Test
    void putCreatesAtAClientKeyThenReplacesTheWholeRow() throws Exception {
        TestServer.Answer created = as("alice", "PUT", "/api/settings/theme", "{\"value\":\"dark\",\"note\":\"mine\",\"priority\":9}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).contains("/api/settings/theme");
        assertThat(created.header("ETag")).isPresent();
        JsonNode row = created.json();
        assertThat(row.get("key").asText()).isEqualTo("theme");
        assertThat(row.get("user_id").asText()).isEqualTo("alice");
        assertThat(row.get("priority").asInt()).isEqualTo(9);

        // omitted fields become null or their default; server-maintained fields in the body are ignored
        TestServer.Answer replaced = as("alice", "PUT", "/api/settings/theme",
                "{\"key\":\"theme\",\"value\":\"light\",\"user_id\":\"mallory\",\"created_at\":\"2000-01-01T00:00:00.000Z\"}");
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        assertThat(replaced.header("Location")).isEmpty();
        JsonNode after = replaced.json();
        assertThat(after.get("value").asText()).isEqualTo("light");
        assertThat(after.get("note").isNull()).isTrue();
        assertThat(after.get("priority").asInt()).isEqualTo(5);
        assertThat(after.get("user_id").asText()).isEqualTo("alice");
        assertThat(after.get("created_at").asText()).isEqualTo(row.get("created_at").asText());
        assertThat(after.get("updated_at").asText()).isNotEqualTo(row.get("updated_at").asText());
        assertThat(as("alice", "GET", "/api/settings/theme", null).json()).isEqualTo(after);
    }

    @Test
    void aPutThatCannotBeWrittenChangesNothing() throws Exception {
        assertThat(as("alice", "PUT", "/api/settings/font", "{\"value\":\"serif\"}").status()).isEqualTo(201);
        List<String> before = server.dump("Setting");
        assertProblem(as("alice", "PUT", "/api/settings/font", "{\"note\":\"no value\"}"), 422, "validation_failed");
        assertProblem(as("alice", "PUT", "/api/settings/font", "{\"key\":\"other\",\"value\":\"x\"}"), 422, "immutable_field");
        assertProblem(as("alice", "PUT", "/api/settings/font", "{\"value\":\"x\",\"colour\":1}"), 422, "validation_failed");
        assertProblem(as("alice", "PUT", "/api/settings/fresh", "{\"priority\":1}"), 422, "validation_failed");
        assertProblem(as("alice", "PUT", "/api/settings/font?x=1", "{\"value\":\"x\"}"), 400, "invalid_parameter");
        assertProblem(as(null, "PUT", "/api/settings/font", "{\"value\":\"x\"}"), 401, "unauthenticated");
        assertThat(server.dump("Setting")).isEqualTo(before);
    }

    @Test
    void aGeneratedKeyIsReplacedButNeverCreatedByPut() throws Exception {
        assertProblem(as("alice", "PUT", "/api/posts/987654", "{\"title\":\"new\"}"), 404, "not_found");
        assertThat(server.dump("Post")).noneMatch(r -> r.contains("987654"));
        long id = as("alice", "POST", "/api/posts", "{\"title\":\"first\",\"body\":\"text\"}").json().get("id").asLong();
        TestServer.Answer put = as("alice", "PUT", "/api/posts/" + id, "{\"id\":" + id + ",\"title\":\"second\"}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("title").asText()).isEqualTo("second");
        assertThat(put.json().get("body").isNull()).isTrue();
    }

    @Test
    void aPutOntoAnotherOwnersKeyNeitherRevealsNorChangesIt() throws Exception {
        assertThat(as("alice", "PUT", "/api/settings/secret-key", "{\"value\":\"alice-secret\"}").status()).isEqualTo(201);
        long post = as("alice", "POST", "/api/posts", "{\"title\":\"alice-post\"}").json().get("id").asLong();
        List<String> settings = server.dump("Setting");
        List<String> posts = server.dump("Post");

        // the key is taken: as a POST with that key would be, 409 naming only the key column
        TestServer.Answer clash = as("bob", "PUT", "/api/settings/secret-key", "{\"value\":\"bob\"}");
        assertProblem(clash, 409, "unique_violation");
        assertThat(clash.body()).doesNotContain("alice");
        // a generated key: the row is not there for bob
        TestServer.Answer hidden = as("bob", "PUT", "/api/posts/" + post, "{\"title\":\"bob\"}");
        assertProblem(hidden, 404, "not_found");
        assertThat(hidden.body()).doesNotContain("alice");
        assertProblem(as("bob", "PUT", "/api/settings/secret-key", "{\"value\":\"bob\"}", "If-Match", "*"), 412, "precondition_failed");
        assertProblem(as("bob", "PUT", "/api/settings/secret-key", "{\"value\":\"bob\"}", "If-None-Match", "*"), 409, "unique_violation");

        assertThat(server.dump("Setting")).isEqualTo(settings);
        assertThat(server.dump("Post")).isEqualTo(posts);
        assertThat(as("alice", "GET", "/api/settings/secret-key", null).json().get("value").asText()).isEqualTo("alice-secret");
    }

    @Test
    void conditionalAndCreateOnlyPuts() throws Exception {
        TestServer.Answer created = as("alice", "PUT", "/api/settings/lang", "{\"value\":\"en\"}", "If-None-Match", "*");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String etag = created.header("ETag").orElseThrow();
        List<String> before = server.dump("Setting");

        assertProblem(as("alice", "PUT", "/api/settings/lang", "{\"value\":\"fr\"}", "If-None-Match", "*"), 412, "precondition_failed");
        TestServer.Answer stale = as("alice", "PUT", "/api/settings/lang", "{\"value\":\"fr\"}", "If-Match", "\"0000\"");
        assertProblem(stale, 412, "precondition_failed");
        assertThat(stale.json().get("current").get("value").asText()).isEqualTo("en");
        assertProblem(as("alice", "PUT", "/api/settings/lang",
                "{\"value\":\"fr\",\"_expected_updated_at\":\"2001-01-01T00:00:00.000Z\"}"), 409, "concurrent_update");
        // a conditional PUT never creates
        assertProblem(as("alice", "PUT", "/api/settings/nowhere", "{\"value\":\"x\"}", "If-Match", "*"), 412, "precondition_failed");
        assertProblem(as("alice", "PUT", "/api/settings/nowhere",
                "{\"value\":\"x\",\"_expected_updated_at\":\"2001-01-01T00:00:00.000Z\"}"), 404, "not_found");
        assertProblem(as("alice", "PUT", "/api/settings/lang", "{\"value\":\"fr\"}", "If-None-Match", "\"abc\""), 400, "invalid_parameter");
        assertThat(server.dump("Setting")).isEqualTo(before);

        TestServer.Answer ok = as("alice", "PUT", "/api/settings/lang", "{\"value\":\"fr\"}", "If-Match", etag);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        String updatedAt = ok.json().get("updated_at").asText();
        TestServer.Answer expected = as("alice", "PUT", "/api/settings/lang",
                "{\"value\":\"de\",\"_expected_updated_at\":\"" + updatedAt + "\"}");
        assertThat(expected.status()).as(expected.toString()).isEqualTo(200);
        assertThat(expected.json().get("value").asText()).isEqualTo("de");
    }

    // ---- POST /api/{model}?on_conflict=… with Prefer: resolution=…

    private static final String MERGE = "resolution=merge-duplicates";
    private static final String IGNORE = "resolution=ignore-duplicates";

    private TestServer.Answer upsert(String user, String query, String prefer, String body) throws Exception {
        return as(user, "POST", "/api/members" + query, body, "Prefer", prefer);
    }

    @Test
    void aMergeInsertsThenUpdatesWithTheFieldsSent() throws Exception {
        TestServer.Answer created = upsert("alice", "?on_conflict=email", MERGE,
                "{\"email\":\"ann@example.com\",\"name\":\"Ann\",\"team\":\"red\",\"nick\":\"a\",\"visits\":3}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Plinth-Upsert")).contains("created");
        assertThat(created.header("Preference-Applied")).contains(MERGE);
        long id = created.json().get("id").asLong();
        assertThat(created.header("Location")).contains("/api/members/" + id);

        TestServer.Answer updated = upsert("alice", "?on_conflict=email", MERGE,
                "{\"email\":\"ann@example.com\",\"name\":\"Annie\",\"team\":\"red\",\"user_id\":\"mallory\"}");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("Plinth-Upsert")).contains("updated");
        assertThat(updated.header("Location")).isEmpty();
        JsonNode row = updated.json();
        assertThat(row.get("id").asLong()).isEqualTo(id);
        assertThat(row.get("name").asText()).isEqualTo("Annie");
        assertThat(row.get("nick").asText()).isEqualTo("a"); // not sent: kept
        assertThat(row.get("visits").asInt()).isEqualTo(3);
        assertThat(row.get("user_id").asText()).isEqualTo("alice");
        assertThat(row.get("updated_at").asText()).isNotEqualTo(created.json().get("updated_at").asText());
        assertThat(as("alice", "GET", "/api/members/" + id, null).json()).isEqualTo(row);
    }

    @Test
    void anArrayIsOneStatementPerChunkAndSaysPerRowWhatHappened() throws Exception {
        upsert("alice", "?on_conflict=email", MERGE, "{\"email\":\"bea@example.com\",\"name\":\"Bea\",\"team\":\"blue\"}");
        server.statements();
        TestServer.Answer a = upsert("alice", "?on_conflict=email", MERGE, """
                [{"email":"cid@example.com","name":"Cid","team":"blue"},
                 {"email":"bea@example.com","name":"Beatrix","team":"blue"},
                 {"email":"dot@example.com","name":"Dot","team":"blue"}]""");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.header("Plinth-Upsert")).contains("created, updated, created");
        // one SELECT finding the existing rows, one INSERT … ON CONFLICT for the chunk
        assertThat(server.statements()).isEqualTo(2);
        JsonNode rows = a.json();
        assertThat(rows.size()).isEqualTo(3);
        assertThat(rows.get(0).get("email").asText()).isEqualTo("cid@example.com");
        assertThat(rows.get(1).get("name").asText()).isEqualTo("Beatrix");
        assertThat(rows.get(2).get("email").asText()).isEqualTo("dot@example.com");

        TestServer.Answer fresh = upsert("alice", "?on_conflict=email", MERGE, """
                [{"email":"eve@example.com","name":"Eve","team":"blue"},{"email":"fay@example.com","name":"Fay","team":"blue"}]""");
        assertThat(fresh.status()).as(fresh.toString()).isEqualTo(201);
        assertThat(fresh.header("Plinth-Upsert")).contains("created, created");
    }

    @Test
    void ignoreDuplicatesLeavesExistingRowsAlone() throws Exception {
        upsert("alice", "?on_conflict=email", MERGE, "{\"email\":\"gus@example.com\",\"name\":\"Gus\",\"team\":\"green\"}");
        List<String> before = server.dump("Member");
        TestServer.Answer single = upsert("alice", "?on_conflict=email", IGNORE, "{\"email\":\"gus@example.com\",\"name\":\"Other\",\"team\":\"green\"}");
        assertThat(single.status()).as(single.toString()).isEqualTo(204);
        assertThat(single.header("Plinth-Upsert")).contains("ignored");
        assertThat(server.dump("Member")).isEqualTo(before);

        TestServer.Answer a = upsert("alice", "?on_conflict=email", IGNORE, """
                [{"email":"gus@example.com","name":"Other","team":"green"},{"email":"hal@example.com","name":"Hal","team":"green"}]""");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.header("Plinth-Upsert")).contains("ignored, created");
        assertThat(a.json().size()).isEqualTo(1);
        assertThat(a.json().get(0).get("email").asText()).isEqualTo("hal@example.com");
        assertThat(server.dump("Member")).hasSize(before.size() + 1).containsAll(before);
    }

    @Test
    void aCompositeUniqueOrTheKeyCanBeTheTarget() throws Exception {
        TestServer.Answer first = upsert("alice", "?on_conflict=team,name", MERGE,
                "{\"email\":\"ivy@example.com\",\"name\":\"Ivy\",\"team\":\"gold\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        TestServer.Answer again = upsert("alice", "?on_conflict=name,team", MERGE,
                "{\"email\":\"ivy2@example.com\",\"name\":\"Ivy\",\"team\":\"gold\",\"nick\":\"v\"}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(again.json().get("email").asText()).isEqualTo("ivy2@example.com");

        TestServer.Answer byKey = as("alice", "POST", "/api/settings?on_conflict=key", "[{\"key\":\"k1\",\"value\":\"one\"}]", "Prefer", MERGE);
        assertThat(byKey.status()).as(byKey.toString()).isEqualTo(201);
        TestServer.Answer byKey2 = as("alice", "POST", "/api/settings?on_conflict=key", "[{\"key\":\"k1\",\"value\":\"two\"}]", "Prefer", MERGE);
        assertThat(byKey2.header("Plinth-Upsert")).contains("updated");
        assertThat(byKey2.json().get(0).get("value").asText()).isEqualTo("two");
    }

    @Test
    void badUpsertRequestsAreRefusedBeforeAnyWrite() throws Exception {
        upsert("alice", "?on_conflict=email", MERGE, "{\"email\":\"jo@example.com\",\"name\":\"Jo\",\"team\":\"x\"}");
        List<String> before = server.dump("Member");
        String row = "{\"email\":\"new@example.com\",\"name\":\"New\",\"team\":\"x\"}";
        assertProblem(upsert("alice", "?on_conflict=name", MERGE, row), 400, "invalid_parameter");
        assertProblem(upsert("alice", "?on_conflict=nope", MERGE, row), 400, "invalid_parameter");
        assertProblem(upsert("alice", "?on_conflict=email,email", MERGE, row), 400, "invalid_parameter");
        assertProblem(upsert("alice", "?on_conflict=email&x=1", MERGE, row), 400, "invalid_parameter");
        assertProblem(upsert("alice", "?on_conflict=email", "resolution=overwrite", row), 400, "invalid_parameter");
        assertProblem(as("alice", "POST", "/api/members?on_conflict=email", row), 400, "invalid_parameter");
        TestServer.Answer missing = upsert("alice", "?on_conflict=email", MERGE, "[" + row + ",{\"name\":\"No mail\",\"team\":\"x\"}]");
        assertProblem(missing, 422, "validation_failed");
        assertThat(missing.json().get("errors").get(0).get("field").asText()).isEqualTo("[1].email");
        TestServer.Answer twice = upsert("alice", "?on_conflict=email", MERGE, "[" + row + "," + row + "]");
        assertProblem(twice, 422, "validation_failed");
        assertThat(twice.json().get("errors").get(0).get("code").asText()).isEqualTo("duplicate");
        TestServer.Answer invalid = upsert("alice", "?on_conflict=email", MERGE,
                "[" + row + ",{\"email\":\"jo@example.com\",\"name\":7,\"team\":\"x\"}]");
        assertProblem(invalid, 422, "validation_failed");
        assertThat(invalid.json().get("errors").get(0).get("field").asText()).isEqualTo("[1].name");
        // the second object takes the first one's team and name: the database refuses the chunk
        TestServer.Answer clash = upsert("alice", "?on_conflict=email", MERGE,
                "[" + row + ",{\"email\":\"other@example.com\",\"name\":\"New\",\"team\":\"x\"}]");
        assertProblem(clash, 409, "unique_violation");
        assertThat(server.dump("Member")).isEqualTo(before);
    }

    @Test
    void anUpsertNeverUpdatesAnotherOwnersRow() throws Exception {
        TestServer.Answer alices = upsert("alice", "?on_conflict=email", MERGE,
                "{\"email\":\"kim@example.com\",\"name\":\"Kim-of-alice\",\"team\":\"teal\"}");
        assertThat(alices.status()).isEqualTo(201);
        List<String> before = server.dump("Member");

        TestServer.Answer single = upsert("bob", "?on_conflict=email", MERGE, "{\"email\":\"kim@example.com\",\"name\":\"Kim\",\"team\":\"teal\"}");
        assertProblem(single, 409, "unique_violation");
        assertThat(single.body()).doesNotContain("alice").doesNotContain("Kim-of-alice").doesNotContain("\"current\"");
        TestServer.Answer array = upsert("bob", "?on_conflict=email", MERGE, """
                [{"email":"lee@example.com","name":"Lee","team":"teal"},{"email":"kim@example.com","name":"Kim","team":"teal"}]""");
        assertProblem(array, 409, "unique_violation");
        assertThat(array.json().get("errors").get(0).get("field").asText()).isEqualTo("[1].email");
        assertThat(array.body()).doesNotContain("alice").doesNotContain("Kim-of-alice");
        assertThat(server.dump("Member")).isEqualTo(before);

        TestServer.Answer ignored = upsert("bob", "?on_conflict=email", IGNORE, """
                [{"email":"kim@example.com","name":"Kim","team":"teal"},{"email":"max@example.com","name":"Max","team":"teal"}]""");
        assertThat(ignored.status()).as(ignored.toString()).isEqualTo(200);
        assertThat(ignored.header("Plinth-Upsert")).contains("ignored, created");
        assertThat(ignored.body()).doesNotContain("Kim-of-alice");
        assertThat(ignored.json().get(0).get("user_id").asText()).isEqualTo("bob");
        assertThat(as("alice", "GET", "/api/members/" + alices.json().get("id").asLong(), null).json()).isEqualTo(alices.json());
        assertProblem(upsert(null, "?on_conflict=email", MERGE, "{\"email\":\"n@example.com\",\"name\":\"N\",\"team\":\"t\"}"), 401, "unauthenticated");
    }

    @Test
    void theOpenApiDocumentDescribesPutAndOnConflict() throws Exception {
        JsonNode doc = server.send("GET", "/openapi.json", null).json();
        JsonNode put = doc.at("/paths/~1api~1settings~1{key}/put");
        assertThat(put.at("/responses/200").isMissingNode()).isFalse();
        assertThat(put.at("/responses/201/headers/Location").isMissingNode()).isFalse();
        assertThat(put.toString()).contains("If-None-Match").contains("IfMatch");
        assertThat(doc.at("/components/schemas/SettingReplace/required").toString()).doesNotContain("\"key\"").contains("value");
        // a generated key is never created by PUT: no 201
        assertThat(doc.at("/paths/~1api~1posts~1{key}/put/responses/201").isMissingNode()).isTrue();
        JsonNode post = doc.at("/paths/~1api~1members/post");
        JsonNode onConflict = null;
        for (JsonNode p : post.get("parameters")) {
            if (p.get("name").asText().equals("on_conflict")) {
                onConflict = p;
            }
        }
        assertThat(onConflict).isNotNull();
        assertThat(onConflict.at("/schema/enum").toString()).contains("\"id\"", "\"email\"", "\"team,name\"");
        assertThat(post.toString()).contains("resolution=merge-duplicates", "resolution=ignore-duplicates", "Plinth-Upsert");
        assertThat(post.at("/responses/200").isMissingNode()).isFalse();
        assertThat(post.at("/responses/204").isMissingNode()).isFalse();
    }

    @Test
    void aSoftDeletedRowIsNotTheCallersToUpsertInto() throws Exception {
        TestServer.Answer tag = as("alice", "POST", "/api/tags", "{\"slug\":\"old\",\"label\":\"Old\"}");
        assertThat(as("alice", "DELETE", "/api/tags/" + tag.json().get("id").asLong(), null).status()).isEqualTo(204);
        List<String> before = server.dump("Tag");
        assertProblem(as("alice", "POST", "/api/tags?on_conflict=slug", "{\"slug\":\"old\",\"label\":\"New\"}", "Prefer", MERGE),
                409, "unique_violation");
        TestServer.Answer ignored = as("alice", "POST", "/api/tags?on_conflict=slug", "{\"slug\":\"old\",\"label\":\"New\"}", "Prefer", IGNORE);
        assertThat(ignored.status()).as(ignored.toString()).isEqualTo(204);
        assertProblem(as("alice", "PUT", "/api/tags/" + tag.json().get("id").asLong(), "{\"slug\":\"old\",\"label\":\"New\"}"), 404, "not_found");
        assertThat(server.dump("Tag")).isEqualTo(before);
    }
}
