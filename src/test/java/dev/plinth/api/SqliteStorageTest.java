package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SQLite storage (docs/api.md, "Values in JSON"): a database written by Prisma's native engine holds DateTimes as
 * integer epoch milliseconds and Booleans as 1/0; Plinth reads them as ISO text and true/false, and
 * keeps writing the format the column already holds, so filters compare like with like.
 */
class SqliteStorageTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./legacy.db"
            }
            model Event {
              id    Int      @id @default(autoincrement())
              title String
              live  Boolean  @default(false)
              at    DateTime
            }
            """;

    @Test
    void readsEpochMillisAndKeepsWritingThem(@TempDir Path dir) throws Exception {
        Schema schema = TestServer.schema(SCHEMA);
        DatabaseTarget target = DatabaseTarget.parse("file:" + dir.resolve("legacy.db"), dir);
        ServedApi.start(schema, target, false, new Authenticator(Optional.empty(), false), ApiSettings.onPort(0)).close();
        try (Connection c = DriverManager.getConnection(target.jdbcUrl()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"Event\" (id, title, live, at) VALUES (1, 'old', 1, 1700000000000)");
            s.execute("INSERT INTO \"Event\" (id, title, live, at) VALUES (2, 'odd', 0, 'last tuesday')");
        }
        try (ServedApi api = ServedApi.start(schema, target, false, new Authenticator(Optional.empty(), false), ApiSettings.onPort(0))) {
            HttpClient http = HttpClient.newHttpClient();
            JsonNode old = TestServer.JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/events/1")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            assertThat(old.get("at").asText()).isEqualTo("2023-11-14T22:13:20.000Z");
            assertThat(old.get("live").booleanValue()).isTrue();
            HttpResponse<String> odd = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/events/2")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(odd.statusCode()).as(odd.body()).isEqualTo(200);
            assertThat(TestServer.JSON.readTree(odd.body()).get("at").asText()).isEqualTo("last tuesday");
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"new\",\"at\":\"2026-01-01T00:00:00.000Z\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode list = TestServer.JSON.readTree(http.send(HttpRequest.newBuilder(
                    URI.create(api.baseUrl() + "/api/events?at__gte=2025-01-01&title__ne=odd&orderBy=at")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(list.get("data").findValuesAsText("title")).containsExactly("new");
        }
        try (Connection c = DriverManager.getConnection(target.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT typeof(at), at FROM \"Event\" WHERE title = 'new'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("integer");
            assertThat(rs.getLong(2)).isEqualTo(1767225600000L);
        }
    }

    @Test
    void newDatabasesHoldIsoText(@TempDir Path dir) throws Exception {
        Schema schema = TestServer.schema(SCHEMA);
        DatabaseTarget target = DatabaseTarget.parse("file:" + dir.resolve("fresh.db"), dir);
        try (ServedApi api = ServedApi.start(schema, target, false, new Authenticator(Optional.empty(), false), ApiSettings.onPort(0))) {
            HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/events"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"new\",\"at\":\"2026-01-01T01:00:00+01:00\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
        }
        try (Connection c = DriverManager.getConnection(target.jdbcUrl()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT typeof(at), at, live FROM \"Event\"")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("text");
            assertThat(rs.getString(2)).isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(rs.getInt(3)).isZero();
        }
    }
}
