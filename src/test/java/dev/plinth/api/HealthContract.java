package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health probes (docs/api.md, "Health"): {@code /health/live} and {@code /health/ready} need no
 * token, answer JSON, and readiness turns 503 once the server drains (as it does first on SIGTERM).
 * Run on SQLite and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HealthContract {

    private TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        // an owner-scoped model: every /api route wants a token, the probes do not
        server = TestServer.start(db(), CorsContract.SCHEMA);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theProbesAnswerWithoutATokenUntilTheServerDrains() throws Exception {
        assertThat(server.as(null, "GET", "/api/notes", null).status()).isEqualTo(401);

        TestServer.Answer live = server.as(null, "GET", "/health/live", null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.contentType()).startsWith("application/json");
        assertThat(live.json().toString()).isEqualTo("{\"status\":\"ok\"}");

        TestServer.Answer ready = server.as(null, "GET", "/health/ready", null);
        assertThat(ready.status()).as(ready.toString()).isEqualTo(200);
        assertThat(ready.json().toString())
                .isEqualTo("{\"status\":\"ok\",\"checks\":{\"database\":\"ok\",\"schema\":\"ok\",\"serving\":\"ok\"}}");
        assertThat(ready.header("Cache-Control")).contains("no-store");
        assertThat(server.as(null, "HEAD", "/health/ready", null).status()).isEqualTo(200);

        server.served().server().drain();
        TestServer.Answer draining = server.as(null, "GET", "/health/ready", null);
        assertThat(draining.status()).isEqualTo(503);
        assertThat(draining.json().toString())
                .isEqualTo("{\"status\":\"unavailable\",\"checks\":{\"database\":\"ok\",\"schema\":\"ok\",\"serving\":\"draining\"}}");
        assertThat(draining.header("Retry-After")).contains("1");
        // still alive, and still serving the requests that reach it
        assertThat(server.as(null, "GET", "/health/live", null).status()).isEqualTo(200);
        assertThat(server.as("alice", "GET", "/api/notes", null).status()).isEqualTo(200);
    }
}
