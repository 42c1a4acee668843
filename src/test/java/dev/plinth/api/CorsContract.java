package dev.plinth.api;

import dev.plinth.api.cors.CorsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CORS end to end with the JDK HTTP client (README, "CORS"; docs/api.md, "CORS"): preflights answer 204
 * with the methods of the route, the request headers Plinth reads and a Max-Age; answers, errors included,
 * carry {@code Access-Control-Allow-Origin}, the exposed headers and {@code Vary: Origin}; a disallowed
 * origin gets no CORS header; {@code *} allows any origin without {@code Vary}. Run on SQLite and
 * PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CorsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./cors.db"
            }

            model Note {
              id         Int      @id @default(autoincrement())
              user_id    String
              title      String
              updated_at DateTime @updatedAt
            }
            """;

    private static final String APP = "https://app.example.com";
    private static final String EVIL = "https://evil.example.com";

    private TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA, s -> s.withCors(CorsPolicy.of(List.of(APP, "http://localhost:5173"))));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    private TestServer.Answer preflight(TestServer s, String origin, String method, String path) throws Exception {
        return s.send("OPTIONS", path, null, "Origin", origin, "Access-Control-Request-Method", method,
                "Access-Control-Request-Headers", "authorization, content-type, if-match");
    }

    @Test
    void aPreflightFromAnAllowedOriginAnswersTheMethodsOfThatRoute() throws Exception {
        TestServer.Answer item = preflight(server, APP, "PATCH", "/api/notes/1");
        assertThat(item.status()).as(item.toString()).isEqualTo(204);
        assertThat(item.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(item.header("Access-Control-Allow-Methods")).contains("GET, HEAD, PATCH, DELETE, OPTIONS");
        assertThat(item.header("Access-Control-Allow-Headers")).contains("Authorization, Content-Type, If-Match, Prefer, X-Request-Id");
        assertThat(item.header("Access-Control-Max-Age")).contains("7200");
        assertThat(item.header("Vary")).contains("Origin");
        assertThat(item.body()).isEmpty();

        TestServer.Answer collection = preflight(server, APP, "POST", "/api/notes");
        assertThat(collection.status()).isEqualTo(204);
        assertThat(collection.header("Access-Control-Allow-Methods")).contains("GET, HEAD, POST, PATCH, DELETE, OPTIONS");
        assertThat(collection.header("Allow")).contains("GET, HEAD, POST, PATCH, DELETE, OPTIONS");

        // the same origin spelled with a default port and capitals is the same origin (RFC 6454)
        assertThat(preflight(server, "http://localhost:5173", "GET", "/api/notes").header("Access-Control-Allow-Origin"))
                .contains("http://localhost:5173");
    }

    @Test
    void answersAndErrorsCarryTheCorsHeaders() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/notes", "{\"title\":\"hello\"}", "Origin", APP);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Access-Control-Allow-Origin")).contains(APP);
        assertThat(created.header("Access-Control-Expose-Headers")).contains("ETag, Location, X-Request-Id, Retry-After");
        assertThat(created.header("Vary")).contains("Origin");
        assertThat(created.header("Location")).isPresent();

        List<TestServer.Answer> errors = List.of(
                server.as(null, "GET", "/api/notes", null, "Origin", APP),
                server.as("alice", "GET", "/api/notes/999999", null, "Origin", APP),
                server.as("alice", "GET", "/api/nothing", null, "Origin", APP),
                server.as("alice", "GET", "/api/notes?title_bogus=1", null, "Origin", APP),
                server.as("alice", "PUT", "/api/notes", "{}", "Origin", APP),
                server.send("OPTIONS", "/api/nothing", null, "Origin", APP, "Access-Control-Request-Method", "GET"));
        assertThat(errors).extracting(TestServer.Answer::status).containsExactly(401, 404, 404, 400, 405, 404);
        for (TestServer.Answer error : errors) {
            assertThat(error.contentType()).as(error.toString()).startsWith("application/problem+json");
            assertThat(error.header("Access-Control-Allow-Origin")).as(error.toString()).contains(APP);
            assertThat(error.header("Access-Control-Expose-Headers")).as(error.toString()).isPresent();
            assertThat(error.header("Vary")).as(error.toString()).contains("Origin");
        }
    }

    @Test
    void aDisallowedOriginGetsNoCorsHeaders() throws Exception {
        TestServer.Answer pre = preflight(server, EVIL, "POST", "/api/notes");
        assertThat(pre.status()).isEqualTo(204);
        assertThat(pre.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        TestServer.Answer get = server.as("alice", "GET", "/api/notes", null, "Origin", EVIL);
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
        // the answer still varies by origin, so a cache does not hand it to an allowed one
        assertThat(get.header("Vary")).contains("Origin");
        assertThat(server.as("alice", "GET", "/api/notes", null, "Origin", "null").headers().keySet())
                .noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
    }

    @Test
    void anyOriginIsAllowedWithAStarAndNoOriginWithout() throws Exception {
        try (TestServer any = TestServer.start(db(), SCHEMA, s -> s.withCors(CorsPolicy.of(List.of("*"))))) {
            TestServer.Answer pre = preflight(any, EVIL, "DELETE", "/api/notes/1");
            assertThat(pre.status()).isEqualTo(204);
            assertThat(pre.header("Access-Control-Allow-Origin")).contains("*");
            assertThat(pre.header("Access-Control-Allow-Methods")).contains("GET, HEAD, PATCH, DELETE, OPTIONS");
            TestServer.Answer unauthorized = any.as(null, "GET", "/api/notes", null, "Origin", EVIL);
            assertThat(unauthorized.status()).isEqualTo(401);
            assertThat(unauthorized.header("Access-Control-Allow-Origin")).contains("*");
            assertThat(unauthorized.header("Vary")).isEmpty();
        }
        try (TestServer off = TestServer.start(db(), SCHEMA)) {
            TestServer.Answer pre = preflight(off, APP, "GET", "/api/notes");
            assertThat(pre.status()).isEqualTo(204);
            assertThat(pre.header("Allow")).contains("GET, HEAD, POST, PATCH, DELETE, OPTIONS");
            assertThat(pre.headers().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control-"));
            assertThat(off.as("alice", "GET", "/api/notes", null, "Origin", APP).headers().keySet())
                    .noneMatch(h -> h.toLowerCase().startsWith("access-control-") || h.equalsIgnoreCase("vary"));
        }
    }
}
