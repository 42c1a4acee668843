package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code per_page=all} and pages over 1,000 rows are streamed from the database to the client; run on
 * SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ExportContract {

    private static final int ROWS = 2_400;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
        for (int batch = 0; batch < ROWS / 400; batch++) {
            StringBuilder body = new StringBuilder("[");
            for (int i = 0; i < 400; i++) {
                int n = batch * 400 + i;
                body.append(i == 0 ? "" : ",").append("{\"name\":\"C").append(n).append("\",\"email\":\"c").append(n)
                        .append("@example.com\",\"status\":\"").append(n % 3 == 0 ? "won" : "lead").append("\"}");
            }
            TestServer.Answer a = server.as("alice", "POST", "/api/contacts", body.append(']').toString());
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
        // another owner's row must not leak into alice's export
        assertThat(server.as("bob", "POST", "/api/contacts", "{\"name\":\"B\",\"email\":\"b@example.com\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void perPageAllReturnsEveryRowOfTheCallerInOrder() throws Exception {
        TestServer.Answer a = server.as("alice", "GET", "/api/contacts?per_page=all&orderBy=id", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.contentType()).startsWith("application/json");
        JsonNode page = a.json();
        assertThat(page.get("per_page").asText()).isEqualTo("all");
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("data")).hasSize(ROWS);
        Set<String> emails = new HashSet<>();
        long previous = 0;
        for (JsonNode row : page.get("data")) {
            assertThat(row.get("id").asLong()).isGreaterThan(previous);
            previous = row.get("id").asLong();
            emails.add(row.get("email").asText());
            assertThat(row.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
        assertThat(emails).hasSize(ROWS).doesNotContain("b@example.com");
    }

    @Test
    void aCompressedExportIsWhole() throws Exception {
        java.net.http.HttpResponse<java.io.InputStream> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.base() + "/api/contacts?per_page=all"))
                        .header("Authorization", "Bearer " + server.token("alice")).header("Accept-Encoding", "gzip").build(),
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        try (java.io.InputStream in = new java.util.zip.GZIPInputStream(r.body())) {
            assertThat(TestServer.JSON.readTree(in).get("data")).hasSize(ROWS);
        }
    }

    @Test
    void filtersCountAndBigPagesStream() throws Exception {
        JsonNode won = server.as("alice", "GET", "/api/contacts?per_page=all&status=won&count=true", null).json();
        assertThat(won.get("data")).hasSize(ROWS / 3);
        assertThat(won.get("total").asInt()).isEqualTo(ROWS / 3);
        JsonNode big = server.as("alice", "GET", "/api/contacts?per_page=1500&page=2", null).json();
        assertThat(big.get("data")).hasSize(ROWS - 1500);
        assertThat(big.get("per_page").asInt()).isEqualTo(1500);
    }

    @Test
    void perPageAllHasOnePageAndNoIncludesAndOtherSizesAreChecked() throws Exception {
        assertProblem(server.as("alice", "GET", "/api/contacts?per_page=all&page=2", null), "page");
        assertProblem(server.as("alice", "GET", "/api/contacts?per_page=all&include=company", null), "per_page");
        assertProblem(server.as("alice", "GET", "/api/contacts?per_page=10001", null), "per_page");
        assertProblem(server.as("alice", "GET", "/api/contacts?per_page=everything", null), "per_page");
        // a bad filter on a streamed page is found before anything is sent: a normal problem answer
        assertProblem(server.as("alice", "GET", "/api/contacts?per_page=all&nope=1", null), "nope");
    }

    @Test
    void bulkCreateGoesInChunksInOrderAllOrNothingAndNamesTheFailingItem() throws Exception {
        // 1,203 objects: chunks of 500 rows, a column set that changes at item 600, and the rest
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 1203; i++) {
            body.append(i == 0 ? "" : ",").append("{\"name\":\"Bulk").append(i).append("\",\"email\":\"bulk").append(i)
                    .append("@example.com\"").append(i == 600 ? ",\"score\":7" : "").append('}');
        }
        String ok = body.append(']').toString();
        TestServer.Answer a = server.as("carol", "POST", "/api/contacts", ok);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode rows = a.json();
        assertThat(rows).hasSize(1203);
        long previous = 0;
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertThat(row.get("name").asText()).isEqualTo("Bulk" + i);
            assertThat(row.get("score").asInt()).isEqualTo(i == 600 ? 7 : 0);
            assertThat(row.get("user_id").asText()).isEqualTo("carol");
            assertThat(row.get("id").asLong()).isGreaterThan(previous);
            previous = row.get("id").asLong();
        }
        // a duplicate inside the second chunk: the whole array is refused, naming item 777
        StringBuilder bad = new StringBuilder("[");
        for (int i = 0; i < 900; i++) {
            bad.append(i == 0 ? "" : ",").append("{\"name\":\"Dup").append(i).append("\",\"email\":\"dup")
                    .append(i == 777 ? 3 : i).append("@example.com\"}");
        }
        TestServer.Answer refused = server.as("dave", "POST", "/api/contacts", bad.append(']').toString());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).startsWith("item 777");
        assertThat(server.as("dave", "GET", "/api/contacts?count=true&per_page=1", null).json().get("total").asInt()).isZero();
    }

    private static void assertProblem(TestServer.Answer a, String field) {
        assertThat(a.status()).as(a.toString()).isEqualTo(400);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.body()).contains(field);
    }
}
