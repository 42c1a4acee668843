package dev.plinth.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.plinth.testing.CapturedEvents;
import dev.plinth.api.telemetry.AccessLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Metrics, request ids and the access log (docs/api.md, "Health and metrics", "Request ids and logs"):
 * {@code GET /metrics} in Prometheus's text format with {@code http.server.requests} by route template,
 * the pool's and the migration's meters, optionally behind {@code --metrics-token}; the request id in the
 * header, the problem body and every log line of the request; one access-log line per request with the
 * principal's subject. Run on SQLite and PostgreSQL by the two subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TelemetryContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./telemetry.db"
            }

            model Note {
              id         Int      @id @default(autoincrement())
              user_id    String
              title      String   @unique
              updated_at DateTime @updatedAt
            }
            """;

    private static final String SCRAPE_TOKEN = "scrape-secret-0123456789";
    /** A Prometheus text-format sample line: name, optional labels, value (exposition format 0.0.4). */
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)");

    private TestServer server;
    private final CapturedEvents logged = new CapturedEvents();
    private Logger accessLogger;
    private Level accessLevel;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA, settings -> settings.withObservability(
                new ApiSettings.Observability(true, Optional.of(SCRAPE_TOKEN), true, true)));
        accessLogger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
        accessLevel = accessLogger.getLevel();
        accessLogger.setLevel(Level.INFO);
        logged.start();
        accessLogger.addAppender(logged);
    }

    @AfterAll
    void stop() {
        accessLogger.detachAppender(logged);
        accessLogger.setLevel(accessLevel);
        server.close();
    }

    @Test
    void metricsCountRequestsByRouteTemplateAndNeedTheToken() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/notes", "{\"title\":\"metrics\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asText();
        for (int i = 0; i < 3; i++) {
            assertThat(server.as("alice", "GET", "/api/notes/" + id, null).status()).isEqualTo(200);
        }
        assertThat(server.as("alice", "GET", "/api/notes/999999", null).status()).isEqualTo(404);
        assertThat(server.send("GET", "/no/such/route", null).status()).isEqualTo(404);

        TestServer.Answer refused = server.send("GET", "/metrics", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).startsWith(ProblemWriter.MEDIA_TYPE);
        assertThat(server.send("GET", "/metrics", null, "Authorization", "Bearer wrong").status()).isEqualTo(401);

        TestServer.Answer scrape = scrape("text/plain");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
        Map<String, Double> samples = samples(scrape.body());
        // the route template, never the raw path: three reads of one row and a miss are one route
        assertThat(samples.get("http_server_requests_seconds_count{method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/notes/{key}\"}"))
                .isGreaterThanOrEqualTo(3.0);
        assertThat(samples.get("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/api/notes/{key}\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(samples.get("http_server_requests_seconds_count{method=\"GET\",outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"NOT_FOUND\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(samples.get("http_server_requests_seconds_count{method=\"POST\",outcome=\"SUCCESS\",status=\"201\",uri=\"/api/notes\"}"))
                .isGreaterThanOrEqualTo(1.0);
        assertThat(samples.keySet()).noneMatch(k -> k.contains("uri=\"/api/notes/" + id + "\""));
        // a latency histogram: cumulative buckets up to +Inf, which equals the count
        String series = "method=\"GET\",outcome=\"SUCCESS\",status=\"200\",uri=\"/api/notes/{key}\"";
        assertThat(samples.get("http_server_requests_seconds_bucket{" + series + ",le=\"+Inf\"}"))
                .isEqualTo(samples.get("http_server_requests_seconds_count{" + series + "}"));
        assertThat(samples).containsKey("http_server_requests_seconds_bucket{" + series + ",le=\"0.001\"}");
        // the pool, the migration, the JVM
        String pool = db() == TestServer.Db.SQLITE ? "plinth-sqlite-read" : "plinth-pg";
        assertThat(samples).containsKeys("hikaricp_connections_active{pool=\"" + pool + "\"}",
                "hikaricp_connections_idle{pool=\"" + pool + "\"}", "hikaricp_connections_pending{pool=\"" + pool + "\"}",
                "hikaricp_connections_max{pool=\"" + pool + "\"}", "plinth_migration_steps_applied",
                "plinth_migration_duration_seconds", "jvm_memory_used_bytes{area=\"heap\",id=\"G1 Eden Space\"}");
        assertThat(samples.get("plinth_migration_steps_applied")).isGreaterThanOrEqualTo(1.0);
        assertThat(samples.keySet()).anyMatch(k -> k.matches("plinth_migration_info\\{checksum=\"[0-9a-f]{16,}\"}"));
        if (db() == TestServer.Db.SQLITE) {
            assertThat(samples.get("plinth_sqlite_group_commit_writes_count")).isGreaterThanOrEqualTo(1.0);
            assertThat(samples).containsKeys("plinth_sqlite_group_commit_writes_bucket{le=\"1.0\"}", "plinth_sqlite_writer_waiting");
        }
    }

    @Test
    void aScraperMayAskForOpenMetrics() throws Exception {
        TestServer.Answer scrape = scrape("application/openmetrics-text; version=1.0.0, text/plain;q=0.5");
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.contentType()).startsWith("application/openmetrics-text");
        assertThat(scrape.body()).contains("# TYPE http_server_requests_seconds histogram").endsWith("# EOF\n");
    }

    @Test
    void theRequestIdIsInTheHeaderTheProblemAndEveryLogLine() throws Exception {
        TestServer.Answer first = server.as("alice", "POST", "/api/notes", "{\"title\":\"twice\"}");
        assertThat(first.status()).isEqualTo(201);
        String sent = "client-chosen.id:42";
        TestServer.Answer duplicate = server.as("alice", "POST", "/api/notes", "{\"title\":\"twice\"}", "X-Request-Id", sent);
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.header("X-Request-Id")).contains(sent);
        assertThat(duplicate.json().get("request_id").asText()).isEqualTo(sent);

        // a hostile id is replaced, and the problem carries the replacement
        TestServer.Answer hostile = server.as("alice", "GET", "/api/notes/abc", null, "X-Request-Id", "bad id\twith spaces");
        String generated = hostile.header("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(hostile.json().get("request_id").asText()).isEqualTo(generated);

        // the access line of each carries the id the client saw (every other line of a request does too:
        // RequestTelemetryTest)
        ILoggingEvent line = awaitEvents(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && sent.equals(e.getMDCPropertyMap().get(AccessLog.MDC_REQUEST_ID)), 1).get(0);
        assertThat(line.getFormattedMessage()).startsWith("POST /api/notes 409 ");
        awaitEvents(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && generated.equals(e.getMDCPropertyMap().get(AccessLog.MDC_REQUEST_ID)), 1);
    }

    @Test
    void theAccessLogHasOneLinePerRequestWithRouteStatusBytesAndSubject() throws Exception {
        String id = "access-log-line-1";
        TestServer.Answer created = server.as("bob", "POST", "/api/notes", "{\"title\":\"access\"}", "X-Request-Id", id);
        assertThat(created.status()).isEqualTo(201);
        TestServer.Answer anonymous = server.send("GET", "/api/notes", null, "X-Request-Id", id + "-anonymous");
        assertThat(anonymous.status()).isEqualTo(401);

        ILoggingEvent line = awaitEvents(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && id.equals(e.getMDCPropertyMap().get(AccessLog.MDC_REQUEST_ID)), 1).get(0);
        assertThat(line.getLevel()).isEqualTo(Level.INFO);
        Map<String, Object> fields = line.getKeyValuePairs().stream().collect(Collectors.toMap(kv -> kv.key, kv -> kv.value));
        assertThat(fields).containsEntry("method", "POST").containsEntry("route", "/api/notes").containsEntry("status", 201)
                .containsEntry("subject", "bob").containsEntry("bytes", (long) created.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        assertThat((Double) fields.get("duration_ms")).isPositive();
        assertThat(line.getFormattedMessage()).startsWith("POST /api/notes 201 ").contains(" ms ", "subject bob");

        ILoggingEvent refused = awaitEvents(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && (id + "-anonymous").equals(e.getMDCPropertyMap().get(AccessLog.MDC_REQUEST_ID)), 1).get(0);
        assertThat(refused.getKeyValuePairs()).anySatisfy(kv -> assertThat(kv.key + "=" + kv.value).isEqualTo("subject=-"));
        assertThat(refused.getKeyValuePairs()).anySatisfy(kv -> assertThat(kv.key + "=" + kv.value).isEqualTo("status=401"));
        assertThat(logged.events().stream().filter(e -> e.getLoggerName().equals(AccessLog.LOGGER)
                && id.equals(e.getMDCPropertyMap().get(AccessLog.MDC_REQUEST_ID)))).hasSize(1);
    }

    @Test
    void withoutMetricsThereIsNoMetricsRoute() throws Exception {
        try (TestServer quiet = TestServer.start(db(), SCHEMA, settings -> settings.withObservability(ApiSettings.Observability.OFF))) {
            assertThat(quiet.served().server().metrics()).isEmpty();
            TestServer.Answer answer = quiet.send("GET", "/metrics", null);
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.header("X-Request-Id")).isPresent();
            assertThat(answer.json().get("request_id").asText()).isEqualTo(answer.header("X-Request-Id").orElseThrow());
        }
    }

    private TestServer.Answer scrape(String accept) throws Exception {
        return server.send("GET", "/metrics", null, "Authorization", "Bearer " + SCRAPE_TOKEN, "Accept", accept);
    }

    /** Parses Prometheus text: each sample's name and labels, as written, to its value. */
    private static Map<String, Double> samples(String text) {
        Map<String, Double> out = new java.util.HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertThat(m.matches()).as("a Prometheus sample line: %s", line).isTrue();
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    /** Waits (the line is written when the response completes, just after the client has it) for events. */
    private List<ILoggingEvent> awaitEvents(java.util.function.Predicate<ILoggingEvent> match, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            List<ILoggingEvent> found;
            found = logged.events().stream().filter(match).toList();
            if (found.size() >= atLeast || System.nanoTime() > deadline) {
                assertThat(found).as("log events").hasSizeGreaterThanOrEqualTo(atLeast);
                return found;
            }
            Thread.sleep(20);
        }
    }
}
