package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements of a bulk update (docs/api.md, "Bulk updates"): rows that need no per-row database check are
 * read, updated (PostgreSQL: one JDBC batch, then read back; SQLite: one compiled UPDATE … RETURNING stepped per
 * row) in a number of statements that grows with the rows by at most one in-process step each, and
 * the answer is the same rows, in request order, as the per-row path gives. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BulkUpdateStatementsContract {

    static final String SCHEMA = """
            model Contact {
              id         Int      @id @default(autoincrement())
              name       String
              status     String   @default("lead")
              updated_at DateTime @updatedAt
            }
            """;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
        StringBuilder rows = new StringBuilder("[");
        for (int i = 1; i <= 200; i++) {
            rows.append(i > 1 ? "," : "").append("{\"name\":\"c").append(i).append("\"}");
        }
        TestServer.Answer a = server.as("ada", "POST", "/api/contacts", rows.append(']').toString());
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer.Answer patch(int first, int count, String status) throws Exception {
        List<String> items = new ArrayList<>();
        for (int id = first + count - 1; id >= first; id--) { // reversed: the answer follows the request
            items.add("{\"id\":" + id + ",\"status\":\"" + status + id + "\"}");
        }
        return server.as("ada", "PATCH", "/api/contacts", "[" + String.join(",", items) + "]");
    }

    @Test
    void theStatementCountGrowsByAtMostOneStepPerRow() throws Exception {
        server.statements();
        TestServer.Answer ten = patch(1, 10, "s");
        long forTen = server.statements();
        TestServer.Answer hundred = patch(11, 100, "t");
        long forHundred = server.statements();
        assertThat(ten.status()).as(ten.toString()).isEqualTo(200);
        assertThat(hundred.status()).as(hundred.toString()).isEqualTo(200);
        // PostgreSQL: a fixed number (the updates go as one JDBC batch); SQLite: one compiled UPDATE … RETURNING
        // stepped once per row, in process, and nothing else grows
        int perRow = db() == TestServer.Db.SQLITE ? 1 : 0;
        assertThat(forHundred).as("statements for 100 rows").isEqualTo(forTen + 90L * perRow);
        assertThat(forTen - 10L * perRow).as("statements besides the per-row ones").isLessThanOrEqualTo(8);
        assertThat(hundred.json().size()).isEqualTo(100);
        for (int r = 0; r < 100; r++) {
            int id = 110 - r;
            assertThat(hundred.json().get(r).get("id").asInt()).isEqualTo(id);
            assertThat(hundred.json().get(r).get("status").asText()).isEqualTo("t" + id);
        }
        TestServer.Answer one = server.as("ada", "GET", "/api/contacts/57", null);
        assertThat(one.json().get("status").asText()).isEqualTo("t57");
        assertThat(one.json().get("updated_at").asText()).isEqualTo(hundred.json().get(110 - 57).get("updated_at").asText());
    }

    @Test
    void rowsSettingDifferentFieldsGoRowByRowWithTheSameAnswer() throws Exception {
        TestServer.Answer a = server.as("ada", "PATCH", "/api/contacts",
                "[{\"id\":150,\"status\":\"x\"},{\"id\":151,\"name\":\"renamed\"}]");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get(0).get("status").asText()).isEqualTo("x");
        assertThat(a.json().get(1).get("name").asText()).isEqualTo("renamed");
        assertThat(a.json().get(1).get("status").asText()).isEqualTo("lead");
    }
}
