package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code @@check} end to end: the database holds every writer to the constraints (a raw SQL insert is refused), and a
 * write through the API that breaks one (single, array, PATCH, collection PATCH, batch) is a 422
 * {@code validation_failed} naming the constraint and its first field, never the database's text, with nothing
 * written. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CheckConstraintsContract {

    static final String SCHEMA = """
            model Product {
              id    Int    @id @default(autoincrement())
              name  String
              price Int
              stock Int    @default(0) @map("in_stock")
              @@check(price > 0, name: "price_positive")
              @@check(stock >= 0 && length(name, 1, 20))
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

    private long rows() throws SQLException {
        try (Connection c = server.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"Product\"")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Asserts a 422 naming the constraint and the field, in Plinth's words only. */
    private static void assertBroken(TestServer.Answer a, String constraint, String field) {
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        JsonNode p = a.json();
        assertThat(p.get("code").asText()).isEqualTo("validation_failed");
        assertThat(p.get("detail").asText()).contains("CHECK constraint \"" + constraint + "\"").contains("nothing was changed");
        JsonNode error = p.get("errors").get(0);
        assertThat(error.get("field").asText()).isEqualTo(field);
        assertThat(error.get("code").asText()).isEqualTo("check_failed");
        assertThat(error.get("message").asText()).contains(constraint);
        assertThat(a.body()).doesNotContain("CHECK constraint failed").doesNotContain("violates check constraint")
                .doesNotContain("SQLITE").doesNotContain("\"Product\"");
    }

    @Test
    void aValidRowIsWritten() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/products", "{\"name\":\"lamp\",\"price\":12,\"in_stock\":3}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("price").asInt()).isEqualTo(12);
    }

    @Test
    void aCreateBreakingANamedCheckIsA422NamingIt() throws Exception {
        long before = rows();
        assertBroken(server.as("alice", "POST", "/api/products", "{\"name\":\"free\",\"price\":0}"), "price_positive", "price");
        assertThat(server.as("alice", "POST", "/api/products", "{\"name\":\"free\",\"price\":0}").json().get("errors").get(0)
                .get("message").asText()).isEqualTo("breaks the CHECK constraint \"price_positive\": price > 0");
        assertBroken(server.as("alice", "POST", "/api/products", "{\"name\":\"\",\"price\":5}"), "Product_2_check", "in_stock");
        assertBroken(server.as("alice", "POST", "/api/products", "{\"name\":\"x\",\"price\":5,\"in_stock\":-1}"), "Product_2_check", "in_stock");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void anArrayWithOneBadItemWritesNothing() throws Exception {
        long before = rows();
        TestServer.Answer a = server.as("alice", "POST", "/api/products",
                "[{\"name\":\"a\",\"price\":1},{\"name\":\"b\",\"price\":-2},{\"name\":\"c\",\"price\":3}]");
        assertBroken(a, "price_positive", a.json().get("errors").get(0).get("field").asText());
        assertThat(a.json().get("errors").get(0).get("field").asText()).endsWith("price");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void updatesBreakingACheckChangeNothing() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/products", "{\"name\":\"desk\",\"price\":90,\"in_stock\":2}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        long id = created.json().get("id").asLong();

        assertBroken(server.as("alice", "PATCH", "/api/products/" + id, "{\"price\":-90}"), "price_positive", "price");
        TestServer.Answer collection = server.as("alice", "PATCH", "/api/products?name=desk", "{\"in_stock\":-5}");
        assertBroken(collection, "Product_2_check", "in_stock");
        TestServer.Answer batch = server.as("alice", "POST", "/api/batch", """
                [{"method":"PATCH","path":"/api/products/%d","body":{"in_stock":7}},
                 {"method":"PATCH","path":"/api/products/%d","body":{"price":0}}]""".formatted(id, id));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(422);
        assertThat(batch.body()).contains("price_positive").doesNotContain("CHECK constraint failed").doesNotContain("violates check constraint");

        JsonNode row = server.as("alice", "GET", "/api/products/" + id, null).json();
        assertThat(row.get("price").asInt()).isEqualTo(90);
        assertThat(row.get("in_stock").asInt()).isEqualTo(2);
    }

    @Test
    void theDatabaseHoldsOtherWritersToTheChecks() throws Exception {
        long before = rows();
        assertThatThrownBy(() -> {
            try (Connection c = server.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO \"Product\" (\"name\", \"price\", \"in_stock\") VALUES ('raw', -1, 0)");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("price_positive");
        assertThat(rows()).isEqualTo(before);
    }
}
