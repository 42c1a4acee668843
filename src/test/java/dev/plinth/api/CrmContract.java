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
 * DESIGN.md's REST contract on the CRM example, end to end against a real server; run on SQLite and
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
    }
}
