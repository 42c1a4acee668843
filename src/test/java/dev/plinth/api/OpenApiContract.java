package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.openapi.OpenApiValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /openapi.json} on the running CRM server (docs/api.md, "OpenAPI"): served without a token,
 * valid against the official OpenAPI 3.1 schema, listing exactly the routes the server registered, and
 * describing what the server really answers: every response below (list pages, a row, a create, a
 * PATCH, problems) is checked against the schema the document gives for that operation and status.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OpenApiContract {

    private TestServer server;
    private JsonNode document;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
        TestServer.Answer a = server.send("GET", "/openapi.json", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        document = a.json();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServedDocumentIsValidOpenApi31() {
        assertThat(document.get("openapi").asText()).isEqualTo("3.1.0");
        assertThat(OpenApiValidator.documentErrors(document)).isEmpty();
    }

    @Test
    void theDocumentListsExactlyTheServedRoutes() {
        Set<String> served = new TreeSet<>();
        for (String route : server.served().server().routes()) {
            String[] parts = route.trim().split("\\s+");
            // the document and the metrics describe the server, not its API (docs/api.md, "Metrics")
            // nor are the orphaned tables, outside the schema (docs/api.md, "Orphaned tables")
            if (!parts[1].equals("/openapi.json") && !parts[1].equals("/metrics") && !parts[1].startsWith("/api/_orphaned")) {
                served.add(parts[0] + " " + parts[1]);
            }
        }
        Set<String> documented = new TreeSet<>();
        for (Iterator<String> paths = document.get("paths").fieldNames(); paths.hasNext(); ) {
            String path = paths.next();
            for (Iterator<String> methods = document.get("paths").get(path).fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (method.equals("head")) {
                    // HEAD is served with every GET (docs/api.md, "Routes") and documented on the list routes
                    assertThat(document.get("paths").get(path).has("get")).as("HEAD " + path + " beside a GET").isTrue();
                } else if (!method.equals("parameters")) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + path);
                }
            }
        }
        assertThat(documented).isEqualTo(served);
    }

    @Test
    void realAnswersMatchTheDocument() throws Exception {
        List<String> failures = new ArrayList<>();
        TestServer.Answer company = server.as("alice", "POST", "/api/companies", "{\"name\":\"Acme " + db() + "\"}");
        check(failures, "/api/companies", "post", company, 201);
        long companyId = company.json().get("id").asLong();
        TestServer.Answer created = server.as("alice", "POST", "/api/contacts",
                "[{\"name\":\"Ada\",\"email\":\"ada-oas@example.com\",\"company_id\":" + companyId + ",\"status\":\"won\"},"
                        + "{\"name\":\"Bob\",\"email\":\"bob-oas@example.com\"}]");
        check(failures, "/api/contacts", "post", created, 201);
        JsonNode ada = created.json().get(0);
        String item = "/api/contacts/" + ada.get("id").asLong();
        check(failures, "/api/contacts", "get", server.as("alice", "GET", "/api/contacts?count=true&status__in=won,lead&orderBy=-created_at", null), 200);
        check(failures, "/api/contacts", "get", server.as("alice", "GET", "/api/contacts?include=company", null), 200);
        check(failures, "/api/companies", "get", server.as("alice", "GET", "/api/companies?include=contacts", null), 200);
        check(failures, "/api/contacts", "get", server.as("alice", "GET", "/api/contacts?count=true&per_page=0", null), 200);
        TestServer.Answer estimated = server.as("alice", "GET", "/api/contacts?per_page=1", null, "Prefer", "count=estimated");
        check(failures, "/api/contacts", "get", estimated, 200);
        assertThat(document.at("/paths/~1api~1contacts/get/responses/200/headers").has("Content-Range")).isTrue();
        assertThat(estimated.header("Content-Range")).isPresent();
        TestServer.Answer head = server.as("alice", "HEAD", "/api/contacts?per_page=0", null, "Prefer", "count=exact");
        assertThat(head.status()).isEqualTo(200);
        assertThat(document.at("/paths/~1api~1contacts/head/responses/200/headers").has("Content-Range")).isTrue();
        assertThat(document.at("/paths/~1api~1contacts/head/responses/200").has("content")).isFalse();
        assertThat(document.at("/paths/~1api~1companies~1{key}~1contacts/head/operationId").asText()).isEqualTo("countCompanyContacts");
        TestServer.Answer first = server.as("alice", "GET", "/api/contacts?limit=1", null);
        check(failures, "/api/contacts", "get", first, 200);
        assertThat(first.json().get("next_cursor").isTextual()).isTrue();
        check(failures, "/api/companies/{key}/contacts", "get", server.as("alice", "GET", "/api/companies/" + companyId + "/contacts", null), 200);
        TestServer.Answer one = server.as("alice", "GET", item, null);
        check(failures, "/api/contacts/{key}", "get", one, 200);
        check(failures, "/api/contacts/{key}", "patch", server.as("alice", "PATCH", item,
                "{\"score\":5,\"_expected_updated_at\":" + one.json().get("updated_at") + "}"), 200);
        check(failures, "/api/contacts/{key}", "patch", server.as("alice", "PATCH", item,
                "{\"score\":6,\"_expected_updated_at\":" + one.json().get("updated_at") + "}"), 409);
        check(failures, "/api/contacts/{key}", "get", server.as("alice", "GET", "/api/contacts/999999", null), 404);
        check(failures, "/api/contacts", "post", server.as("alice", "POST", "/api/contacts", "{\"email\":\"x@example.com\",\"score\":\"high\"}"), 422);
        check(failures, "/api/contacts", "get", server.as("alice", "GET", "/api/contacts?nmae=Ada", null), 400);
        check(failures, "/api/contacts", "get", server.send("GET", "/api/contacts", null), 401);
        check(failures, "/api/contacts", "patch", server.as("alice", "PATCH", "/api/contacts?status=won", "{\"score\":1}"), 200);
        check(failures, "/api/contacts/{key}", "delete", server.as("alice", "DELETE", item, null), 204);
        check(failures, "/api/contacts/{key}/restore", "post", server.as("alice", "POST", item + "/restore", null), 200);
        check(failures, "/api/batch", "post", server.as("alice", "POST", "/api/batch",
                "[{\"method\":\"GET\",\"path\":\"" + item + "\"}]"), 200);
        assertThat(failures).isEmpty();
    }

    @Test
    void aWrongAnswerFailsTheCheck() throws Exception {
        TestServer.Answer one = server.as("alice", "GET", "/api/companies?per_page=1", null);
        ObjectNode page = (ObjectNode) one.json();
        assertThat(errors("/api/companies", "get", 200, page)).isEmpty();
        page.put("next_cursor", 5);
        page.withArray("data").addObject().put("id", "seven").put("name", 3);
        assertThat(errors("/api/companies", "get", 200, page)).hasSizeGreaterThanOrEqualTo(3);
        ObjectNode problem = (ObjectNode) server.as("alice", "GET", "/api/companies/0", null).json();
        problem.put("code", "no_such_code");
        assertThat(errors("/api/companies/{key}", "get", 404, problem)).isNotEmpty();
    }

    /** Checks an answer's status and body against what the document says the operation answers. */
    private void check(List<String> failures, String path, String method, TestServer.Answer a, int status) {
        if (a.status() != status) {
            failures.add(method + " " + path + ": expected " + status + ", got " + a);
            return;
        }
        JsonNode responses = document.get("paths").get(path).get(method).get("responses");
        if (!responses.has(Integer.toString(status))) {
            failures.add(method + " " + path + ": status " + status + " is not documented");
            return;
        }
        if (status == 204) {
            return;
        }
        errors(path, method, status, a.json()).forEach(e -> failures.add(method + " " + path + " " + status + " " + e + " in " + a.body()));
    }

    private List<String> errors(String path, String method, int status, JsonNode body) {
        JsonNode response = document.get("paths").get(path).get(method).get("responses").get(Integer.toString(status));
        String reference;
        if (response.has("$ref")) {
            reference = response.get("$ref").asText().replace("/responses/Problem", "/schemas/Problem");
        } else {
            reference = "#/paths/" + pointer(path) + "/" + method + "/responses/" + status + "/content/application~1json/schema";
        }
        return OpenApiValidator.valueErrors(document, reference, body);
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }
}
