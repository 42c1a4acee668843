package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST contract of docs/api.md on the CRM example, end to end against a real server; run on SQLite and
 * PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CrmContract {

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        String schema = Files.readString(Path.of("examples/crm/schema.prisma"));
        server = TestServer.start(db(), schema);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    TestServer.Answer as(String user, String method, String path, String body, String... headers) throws Exception {
        return server.as(user, method, path, body, headers);
    }

    JsonNode company(String name) throws Exception {
        TestServer.Answer a = as("alice", "POST", "/api/companies", "{\"name\":\"" + name + "\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    JsonNode contact(String user, String name, String email, String extra) throws Exception {
        TestServer.Answer a = as(user, "POST", "/api/contacts",
                "{\"name\":\"" + name + "\",\"email\":\"" + email + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    void assertProblem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("code").asText()).isEqualTo(code);
        assertThat(p.get("type").asText()).isEqualTo("urn:plinth:problem:" + code);
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
    }

    @Test
    void createsReadsUpdatesAndDeletesAContact() throws Exception {
        JsonNode acme = company("Acme " + db());
        TestServer.Answer created = as("alice", "POST", "/api/contacts",
                "{\"name\":\"Ada\",\"email\":\"ada-crud@example.com\",\"company_id\":" + acme.get("id") + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode row = created.json();
        long id = row.get("id").asLong();
        assertThat(created.header("Location")).contains("/api/contacts/" + id);
        assertThat(row.get("status").asText()).isEqualTo("lead");
        assertThat(row.get("user_id").asText()).isEqualTo("alice");
        assertThat(row.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(row.get("updated_at").asText()).isEqualTo(row.get("created_at").asText());
        assertThat(row.get("deleted_at").isNull()).isTrue();
        assertThat(row.get("score").asInt()).isZero();

        TestServer.Answer got = as("alice", "GET", "/api/contacts/" + id, null);
        assertThat(got.status()).isEqualTo(200);
        assertThat(got.json()).isEqualTo(row);
        assertThat(got.header("ETag")).isPresent();

        TestServer.Answer patched = as("alice", "PATCH", "/api/contacts/" + id, "{\"status\":\"won\",\"score\":7}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("status").asText()).isEqualTo("won");
        assertThat(patched.json().get("score").asInt()).isEqualTo(7);
        assertThat(patched.json().get("name").asText()).isEqualTo("Ada");

        TestServer.Answer deleted = as("alice", "DELETE", "/api/contacts/" + id, null);
        assertThat(deleted.status()).isEqualTo(204);
        assertProblem(as("alice", "GET", "/api/contacts/" + id, null), 404, "not_found");
        TestServer.Answer withDeleted = as("alice", "GET", "/api/contacts/" + id + "?with_deleted=true", null);
        assertThat(withDeleted.status()).isEqualTo(200);
        assertThat(withDeleted.json().get("deleted_at").isNull()).isFalse();

        TestServer.Answer restored = as("alice", "POST", "/api/contacts/" + id + "/restore", null);
        assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
        assertThat(restored.json().get("deleted_at").isNull()).isTrue();
        assertThat(as("alice", "GET", "/api/contacts/" + id, null).status()).isEqualTo(200);
    }

    @Test
    void listsWithFiltersOrderAndBothPaginations() throws Exception {
        for (int i = 0; i < 5; i++) {
            contact("lister", "L" + i, "l" + i + "@list.example", "\"score\":" + i);
        }
        TestServer.Answer page = as("lister", "GET", "/api/contacts?orderBy=-score&per_page=2&count=true", null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        JsonNode p = page.json();
        assertThat(p.get("page").asInt()).isEqualTo(1);
        assertThat(p.get("per_page").asInt()).isEqualTo(2);
        assertThat(p.get("total").asInt()).isEqualTo(5);
        assertThat(p.get("data").findValuesAsText("name")).containsExactly("L4", "L3");

        TestServer.Answer filtered = as("lister", "GET", "/api/contacts?score__gte=3&name__startswith=L", null);
        assertThat(filtered.json().get("data").findValuesAsText("name")).containsExactlyInAnyOrder("L3", "L4");

        List<String> seen = new java.util.ArrayList<>();
        String cursor = null;
        do {
            TestServer.Answer a = as("lister", "GET", "/api/contacts?orderBy=score&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            assertThat(a.json().get("limit").asInt()).isEqualTo(2);
            seen.addAll(a.json().get("data").findValuesAsText("name"));
            cursor = a.json().get("next_cursor").isNull() ? null : a.json().get("next_cursor").asText();
        } while (cursor != null);
        assertThat(seen).containsExactly("L0", "L1", "L2", "L3", "L4");

        for (String order : List.of("-created_at", "updated_at:asc,name:desc", "status,-id", "company_id")) {
            List<String> names = new java.util.ArrayList<>();
            cursor = null;
            int pages = 0;
            do {
                TestServer.Answer a = as("lister", "GET", "/api/contacts?orderBy=" + order + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null);
                assertThat(a.status()).as(order + " " + a).isEqualTo(200);
                names.addAll(a.json().get("data").findValuesAsText("name"));
                cursor = a.json().get("next_cursor").isNull() ? null : a.json().get("next_cursor").asText();
                pages++;
            } while (cursor != null && pages < 10);
            assertThat(names).as("keyset pages ordered by " + order).hasSize(5).doesNotHaveDuplicates();
        }
    }

    /** Sends a bad write and checks the problem, and that no stored row changed. */
    JsonNode badWrite(String method, String path, String body, int status, String code, String... headers) throws Exception {
        List<String> contacts = server.dump("Contact");
        List<String> companies = server.dump("Company");
        TestServer.Answer a = as("alice", method, path, body, headers);
        assertProblem(a, status, code);
        assertThat(server.dump("Contact")).as("contacts unchanged after " + method + " " + path).isEqualTo(contacts);
        assertThat(server.dump("Company")).as("companies unchanged").isEqualTo(companies);
        return a.json();
    }

    @Test
    void badBodiesAreProblemsAndChangeNothing() throws Exception {
        JsonNode c = contact("alice", "Bad", "bad@example.com", "");
        String one = "/api/contacts/" + c.get("id").asLong();
        badWrite("POST", "/api/contacts", "{\"name\":", 400, "malformed_json");
        badWrite("POST", "/api/contacts", "{\"name\":\"a\",\"name\":\"b\",\"email\":\"dup@x\"}", 400, "malformed_json");
        badWrite("POST", "/api/contacts", "\"just text\"", 422, "validation_failed");
        badWrite("PATCH", one, "[1,2]", 422, "validation_failed");
        JsonNode unknown = badWrite("POST", "/api/contacts", "{\"name\":\"U\",\"email\":\"u@x\",\"nickname\":\"x\",\"age\":3}", 422, "validation_failed");
        assertThat(unknown.get("errors").findValuesAsText("field")).containsExactly("nickname", "age");
        assertThat(unknown.get("errors").findValuesAsText("code")).containsOnly("unknown_field");
        assertThat(unknown.get("errors").get(0).get("message").asText()).contains("email", "status");
        JsonNode missing = badWrite("POST", "/api/contacts", "{\"name\":\"M\"}", 422, "validation_failed");
        assertThat(missing.get("errors").get(0).get("field").asText()).isEqualTo("email");
        assertThat(missing.get("errors").get(0).get("code").asText()).isEqualTo("required");
        JsonNode types = badWrite("POST", "/api/contacts",
                "{\"name\":5,\"email\":\"t@x\",\"score\":\"7\",\"status\":\"vip\",\"company_id\":1.5}", 422, "validation_failed");
        assertThat(types.get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "score", "status", "company_id");
        assertThat(types.get("errors").findValuesAsText("code")).contains("invalid_type", "invalid_enum_value");
        JsonNode range = badWrite("PATCH", one, "{\"score\":3000000000}", 422, "validation_failed");
        assertThat(range.get("errors").get(0).get("code").asText()).isEqualTo("out_of_range");
        badWrite("PATCH", one, "{\"name\":null}", 422, "validation_failed");
        badWrite("POST", "/api/contacts", "{\"name\":\"X\",\"email\":\"x@x\"}", 415, "unsupported_media_type",
                "Content-Type", "text/plain");
        JsonNode fk = badWrite("POST", "/api/contacts", "{\"name\":\"F\",\"email\":\"f@x\",\"company_id\":999999}", 422, "foreign_key_violation");
        assertThat(fk.get("errors").get(0).get("field").asText()).isEqualTo("company_id");
        JsonNode unique = badWrite("POST", "/api/contacts", "{\"name\":\"Dup\",\"email\":\"bad@example.com\"}", 409, "unique_violation");
        assertThat(unique.get("errors").get(0).get("field").asText()).isEqualTo("email");
        JsonNode arrayFail = badWrite("POST", "/api/contacts",
                "[{\"name\":\"A1\",\"email\":\"a1@x\"},{\"name\":\"A2\",\"email\":\"bad@example.com\"}]", 409, "unique_violation");
        assertThat(arrayFail.get("detail").asText()).startsWith("item 1");
        JsonNode arrayInvalid = badWrite("POST", "/api/contacts",
                "[{\"name\":\"A1\",\"email\":\"a1@x\"},{\"name\":\"A2\"}]", 422, "validation_failed");
        assertThat(arrayInvalid.get("errors").get(0).get("field").asText()).isEqualTo("[1].email");
        badWrite("PATCH", "/api/contacts/abc", "{\"name\":\"k\"}", 400, "invalid_key");
        badWrite("PATCH", "/api/contacts/99999999", "{\"name\":\"k\"}", 404, "not_found");
        badWrite("DELETE", "/api/contacts", null, 400, "filter_required");
        badWrite("PATCH", "/api/contacts", "{\"score\":1}", 400, "filter_required");
        badWrite("DELETE", "/api/contacts?nickname=x", null, 400, "unknown_column");
    }

    @Test
    void bodiesOverTheLimitAre413() throws Exception {
        String big = "{\"name\":\"" + "x".repeat(1024 * 1024 + 10) + "\",\"email\":\"big@x\"}";
        badWrite("POST", "/api/contacts", big, 413, "body_too_large");
    }

    @Test
    void badQueriesAre400NamingTheParameter() throws Exception {
        TestServer.Answer a = as("alice", "GET", "/api/contacts?nickname=x", null);
        assertProblem(a, 400, "unknown_column");
        assertThat(a.json().get("errors").get(0).get("field").asText()).isEqualTo("nickname");
        assertThat(a.json().get("detail").asText()).contains("email", "status", "created_at");
        assertProblem(as("alice", "GET", "/api/contacts?score__gte=many", null), 400, "invalid_value");
        assertProblem(as("alice", "GET", "/api/contacts?status=vip", null), 400, "invalid_value");
        assertProblem(as("alice", "GET", "/api/contacts?cursor=forged", null), 400, "invalid_value");
        assertProblem(as("alice", "GET", "/api/contacts?per_page=100000", null), 400, "invalid_value");
        assertProblem(as("alice", "GET", "/api/nothing", null), 404, "not_found");
        assertProblem(as("alice", "PUT", "/api/contacts", "{}"), 405, "method_not_allowed");
        assertProblem(as("alice", "GET", "/api/contacts/1?bogus=1", null), 400, "invalid_parameter");
    }

    @Test
    void deletingAReferencedCompanyIsRefused() throws Exception {
        JsonNode co = company("Referenced " + db());
        contact("alice", "Ref", "ref@example.com", "\"company_id\":" + co.get("id"));
        JsonNode p = badWrite("DELETE", "/api/companies/" + co.get("id").asLong(), null, 409, "still_referenced");
        assertThat(p.get("detail").asText()).contains("contacts");
    }

    @Test
    void patchesWithoutPreconditionsMoveUpdatedAtForward() throws Exception {
        // back to back, several land in one millisecond: the update without a read first must then leave it to
        // the update that reads the row, which stores a later time
        JsonNode c = contact("alice", "Quick", "quick@example.com", "");
        String one = "/api/contacts/" + c.get("id").asLong();
        String previous = c.get("updated_at").asText();
        for (int i = 1; i <= 8; i++) {
            TestServer.Answer patched = as("alice", "PATCH", one, "{\"score\":" + i + "}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().get("score").asInt()).isEqualTo(i);
            assertThat(patched.json().get("updated_at").asText()).as("every change moves updated_at forward").isGreaterThan(previous);
            previous = patched.json().get("updated_at").asText();
        }
        badWrite("PATCH", "/api/contacts/987654321", "{\"score\":1}", 404, "not_found");
    }

    @Test
    void expectedUpdatedAtAndIfMatchAreChecked() throws Exception {
        JsonNode c = contact("alice", "Opt", "opt@example.com", "");
        String one = "/api/contacts/" + c.get("id").asLong();
        String stamp = c.get("updated_at").asText();
        TestServer.Answer first = as("alice", "PATCH", one, "{\"score\":1,\"_expected_updated_at\":\"" + stamp + "\"}");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        JsonNode conflict = badWrite("PATCH", one, "{\"score\":2,\"_expected_updated_at\":\"" + stamp + "\"}", 409, "concurrent_update");
        assertThat(conflict.get("current").get("score").asInt()).isEqualTo(1);
        String second = first.json().get("updated_at").asText();
        TestServer.Answer quick = as("alice", "PATCH", one, "{\"score\":2,\"_expected_updated_at\":\"" + second + "\"}");
        assertThat(quick.status()).as(quick.toString()).isEqualTo(200);
        assertThat(quick.json().get("updated_at").asText()).as("every change moves updated_at forward").isGreaterThan(second);
        badWrite("PATCH", one, "{\"score\":3,\"_expected_updated_at\":\"" + second + "\"}", 409, "concurrent_update");

        TestServer.Answer got = as("alice", "GET", one, null);
        String etag = got.header("ETag").orElseThrow();
        TestServer.Answer ok = as("alice", "PATCH", one, "{\"score\":4}", "If-Match", etag);
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        badWrite("PATCH", one, "{\"score\":5}", 412, "precondition_failed", "If-Match", etag);
        badWrite("DELETE", one, null, 412, "precondition_failed", "If-Match", etag);
        assertThat(as("alice", "DELETE", one, null, "If-Match", ok.header("ETag").orElseThrow()).status()).isEqualTo(204);
    }

    @Test
    void concurrentPatchesWithTheSameExpectationNeverBothSucceed() throws Exception {
        JsonNode c = contact("alice", "Race", "race@example.com", "");
        String one = "/api/contacts/" + c.get("id").asLong();
        String etag = as("alice", "GET", one, null).header("ETag").orElseThrow();
        int threads = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int score = i + 100;
            results.add(pool.submit(() -> as("alice", "PATCH", one, "{\"score\":" + score + "}", "If-Match", etag).status()));
        }
        List<Integer> statuses = new java.util.ArrayList<>();
        for (var f : results) {
            statuses.add(f.get());
        }
        pool.shutdown();
        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
        assertThat(statuses.stream().filter(s -> s == 412).count()).isEqualTo(threads - 1);
    }

    @Test
    void serverMaintainedColumnsCannotBeSetByClients() throws Exception {
        JsonNode c = contact("alice", "Stamp", "stamp@example.com",
                "\"created_at\":\"2000-01-01T00:00:00.000Z\",\"user_id\":\"mallory\",\"deleted_at\":\"2000-01-01T00:00:00.000Z\"");
        assertThat(c.get("created_at").asText()).doesNotStartWith("2000");
        assertThat(c.get("user_id").asText()).isEqualTo("alice");
        assertThat(c.get("deleted_at").isNull()).isTrue();
    }

    @Test
    void collectionPatchAndDeleteUseTheFilter() throws Exception {
        for (int i = 0; i < 3; i++) {
            contact("bulk", "B" + i, "b" + i + "@bulk.example", "\"score\":" + (i * 10));
        }
        TestServer.Answer patched = as("bulk", "PATCH", "/api/contacts?score__gte=10", "{\"status\":\"qualified\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("count").asInt()).isEqualTo(2);
        TestServer.Answer list = as("bulk", "GET", "/api/contacts?status=qualified&count=true", null);
        assertThat(list.json().get("total").asInt()).isEqualTo(2);
        TestServer.Answer deleted = as("bulk", "DELETE", "/api/contacts?status=qualified", null);
        assertThat(deleted.json().get("count").asInt()).isEqualTo(2);
        assertThat(as("bulk", "GET", "/api/contacts?count=true", null).json().get("total").asInt()).isEqualTo(1);
        assertThat(as("bulk", "GET", "/api/contacts?count=true&with_deleted=true", null).json().get("total").asInt()).isEqualTo(3);
    }

    @Test
    void batchRunsAllOrNothing() throws Exception {
        TestServer.Answer ok = as("batcher", "POST", "/api/batch", """
                [{"method":"POST","path":"/api/companies","body":{"name":"Batch Co %s"}},
                 {"method":"POST","path":"/api/contacts","body":{"name":"Bat","email":"bat@batch.example"}}]
                """.formatted(db()));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get(0).get("status").asInt()).isEqualTo(201);
        long id = ok.json().get(1).get("body").get("id").asLong();
        List<String> before = server.dump("Contact");
        TestServer.Answer failed = as("batcher", "POST", "/api/batch", """
                [{"method":"PATCH","path":"/api/contacts/%d","body":{"score":50}},
                 {"method":"POST","path":"/api/contacts","body":{"name":"Dup","email":"bat@batch.example"}}]
                """.formatted(id));
        assertProblem(failed, 409, "unique_violation");
        assertThat(failed.json().get("operation").asInt()).isEqualTo(1);
        assertThat(server.dump("Contact")).isEqualTo(before);
        TestServer.Answer mixed = as("batcher", "POST", "/api/batch", """
                [{"method":"GET","path":"/api/contacts/%d"},
                 {"method":"PATCH","path":"/api/contacts?email=bat@batch.example","body":{"score":5}},
                 {"method":"PATCH","path":"/api/contacts/%d","body":{"name":"Batty"}}]
                """.formatted(id, id));
        assertThat(mixed.status()).as(mixed.toString()).isEqualTo(200);
        assertThat(mixed.json().get(0).get("body").get("name").asText()).isEqualTo("Bat");
        assertThat(mixed.json().get(1).get("body").get("count").asInt()).isEqualTo(1);
        assertThat(mixed.json().get(2).get("body").get("score").asInt()).isEqualTo(5);
        before = server.dump("Contact");
        assertProblem(as("batcher", "POST", "/api/batch", "{\"method\":\"GET\"}"), 400, "invalid_batch");
        TestServer.Answer bad = as("batcher", "POST", "/api/batch", "[{\"method\":\"DELETE\",\"path\":\"/api/contacts/%d\"},{\"method\":\"POST\",\"path\":\"/api/nowhere\",\"body\":{}}]".formatted(id));
        assertProblem(bad, 404, "not_found");
        assertThat(bad.json().get("operation").asInt()).isEqualTo(1);
        assertThat(server.dump("Contact")).isEqualTo(before);
    }

    @Test
    void ownerScopingHidesOtherUsersRows() throws Exception {
        JsonNode mine = contact("u1", "Mine", "mine@owner.example", "\"score\":1");
        JsonNode theirs = contact("u2", "Theirs", "theirs@owner.example", "\"score\":1");
        String theirPath = "/api/contacts/" + theirs.get("id").asLong();
        List<String> before = server.dump("Contact");
        assertProblem(as("u1", "GET", theirPath, null), 404, "not_found");
        assertProblem(as("u1", "PATCH", theirPath, "{\"score\":9}"), 404, "not_found");
        assertProblem(as("u1", "DELETE", theirPath, null), 404, "not_found");
        assertProblem(as("u1", "POST", theirPath + "/restore", null), 404, "not_found");
        assertThat(as("u1", "PATCH", "/api/contacts?score=1", "{\"score\":2}").json().get("count").asInt()).isEqualTo(1);
        assertThat(server.dump("Contact")).isNotEqualTo(before);
        JsonNode list = as("u1", "GET", "/api/contacts?count=true&limit=1", null).json();
        assertThat(list.get("data").findValuesAsText("user_id")).containsOnly("u1");
        assertThat(as("u1", "GET", "/api/contacts?count=true", null).json().get("total").asInt()).isEqualTo(1);
        assertThat(as("u2", "GET", theirPath, null).json().get("score").asInt()).isEqualTo(1);
        contact("u1", "Mine 2", "mine2@owner.example", "");
        contact("u2", "Theirs 2", "theirs2@owner.example", "");
        List<String> owners = new java.util.ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = as("u1", "GET", "/api/contacts?orderBy=email&limit=1" + (cursor == null ? "" : "&cursor=" + cursor), null).json();
            owners.addAll(page.get("data").findValuesAsText("user_id"));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(owners).containsExactly("u1", "u1");
        assertThat(as("u1", "DELETE", "/api/contacts?score__gte=0", null).json().get("count").asInt()).isEqualTo(2);
        assertThat(as("u1", "GET", "/api/contacts?with_deleted=true&count=true", null).json().get("total").asInt()).isEqualTo(2);
        assertThat(as("u1", "POST", "/api/contacts/" + mine.get("id").asLong() + "/restore", null).status()).isEqualTo(200);
        assertThat(as("u2", "GET", "/api/contacts?count=true", null).json().get("total").asInt()).isEqualTo(2);
        assertThat(as("u2", "GET", theirPath, null).status()).isEqualTo(200);
        assertThat(mine.get("user_id").asText()).isEqualTo("u1");
        assertProblem(as(null, "GET", "/api/contacts", null), 401, "unauthenticated");
        assertProblem(server.send("GET", "/api/contacts", null, "Authorization", "Bearer not.a.jwt"), 401, "unauthenticated");
        assertProblem(as(null, "GET", "/api/companies", null), 401, "unauthenticated");
    }
}
