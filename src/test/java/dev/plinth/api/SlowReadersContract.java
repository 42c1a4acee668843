package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slow readers cannot lock everyone out (docs/api.md, "Limits and timeouts"): exports are rendered off
 * the connection, so 32 clients that ask for {@code per_page=all} and then read nothing hold no database
 * connection; a request that finds every connection busy gets a 503 with {@code Retry-After} within the
 * pool timeout; and a client that reads nothing is dropped after the idle timeout. Run on SQLite and
 * PostgreSQL by the subclasses; every wait is bounded well below the 30 s lockout these tests guard against.
 */
abstract class SlowReadersContract {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./slow.db"
            }
            model Company {
              id   Int    @id @default(autoincrement())
              name String
            }
            model Contact {
              id    Int    @id @default(autoincrement())
              name  String
              notes String
            }
            """;
    /**
     * Rows of the export: 1,000 × 8 KB, twice what Linux lets a socket's send buffer grow to (4 MiB,
     * {@code net.ipv4.tcp_wmem}), so a server writing to a reader that reads nothing is stuck mid-answer.
     */
    private static final int ROWS = 1000;
    private static final int NOTES_BYTES = 8192;
    private static final int SLOW_READERS = 32;
    /** The generous bound of the issue: far below the 30 s a request waited behind slow readers. */
    private static final Duration BOUND = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    abstract TestServer.Db db();

    @Test
    void aSingleRowGetAnswersWhile32SlowExportReadersAreConnected() throws Exception {
        try (TestServer server = seeded(ApiSettings.DEFAULT_CONNECTION_WAIT, ApiSettings.DEFAULT_IDLE_TIMEOUT, OptionalInt.empty())) {
            List<Socket> readers = new ArrayList<>();
            try {
                for (int i = 0; i < SLOW_READERS; i++) {
                    readers.add(exportReader(server));
                }
                // a few bytes of some answers, slowly: the readers are connected and their exports under way
                readers.getFirst().setSoTimeout((int) BOUND.toMillis());
                assertThat(readers.getFirst().getInputStream().read()).isNotNegative();
                HttpResponse<String> one = get(server, "/api/companies?per_page=1");
                assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
                assertThat(TestServer.JSON.readTree(one.body()).get("data")).hasSize(1);
                HttpResponse<String> row = get(server, "/api/companies/1");
                assertThat(row.statusCode()).as(row.body()).isEqualTo(200);
            } finally {
                for (Socket s : readers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void waitingBeyondThePoolTimeoutAnswers503WithRetryAfter() throws Exception {
        try (TestServer server = seeded(Duration.ofMillis(500), ApiSettings.DEFAULT_IDLE_TIMEOUT, OptionalInt.of(2))) {
            CountDownLatch release = new CountDownLatch(1);
            // one export holds one of the two connections and the pool's only export turn
            Thread export = hold(server, release, true);
            HttpResponse<String> secondExport = get(server, "/api/contacts?per_page=all");
            assertUnavailable(secondExport);
            assertThat(get(server, "/api/companies/1").statusCode()).isEqualTo(200);
            // and a read holds the other connection: now nothing is free
            Thread read = hold(server, release, false);
            assertUnavailable(get(server, "/api/companies/1"));
            release.countDown();
            export.join(BOUND.toMillis());
            read.join(BOUND.toMillis());
            HttpResponse<String> after = get(server, "/api/contacts?per_page=all");
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(TestServer.JSON.readTree(after.body()).get("data")).hasSize(ROWS);
        }
    }

    @Test
    void aReaderThatReadsNothingIsDroppedAfterTheIdleTimeout() throws Exception {
        try (TestServer server = seeded(ApiSettings.DEFAULT_CONNECTION_WAIT, Duration.ofSeconds(1), OptionalInt.empty())) {
            try (Socket stalled = exportReader(server)) {
                // the server's write makes no progress for longer than the idle timeout
                Thread.sleep(3000);
                stalled.setSoTimeout((int) BOUND.toMillis());
                long received = 0;
                boolean ended = false;
                InputStream in = stalled.getInputStream();
                byte[] buffer = new byte[64 * 1024];
                try {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        received += n;
                    }
                    ended = true;
                } catch (SocketException reset) {
                    ended = true;
                } catch (SocketTimeoutException stillOpen) {
                    ended = false;
                }
                assertThat(ended).as("the connection was closed by the server; received " + received).isTrue();
                assertThat(received).isLessThan((long) ROWS * NOTES_BYTES);
            }
            // and the server serves on
            assertThat(get(server, "/api/companies/1").statusCode()).isEqualTo(200);
        }
    }

    private TestServer seeded(Duration connectionWait, Duration idleTimeout, OptionalInt poolSize) throws Exception {
        TestServer server = TestServer.start(db(), TestServer.schema(SCHEMA), new ApiSettings("127.0.0.1", 0,
                ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.of(TestServer.SECRET.getBytes(StandardCharsets.UTF_8)),
                poolSize, connectionWait, idleTimeout));
        try {
            assertThat(server.as("alice", "POST", "/api/companies", "{\"name\":\"Acme\"}").status()).isEqualTo(201);
            // straight into the database: 8 MB through the API would take most of the test's time
            String notes = "n".repeat(NOTES_BYTES);
            try (Connection c = server.connect();
                 PreparedStatement insert = c.prepareStatement("INSERT INTO \"Contact\" (name, notes) VALUES (?, ?)")) {
                c.setAutoCommit(false);
                for (int i = 0; i < ROWS; i++) {
                    insert.setString(1, "C" + i);
                    insert.setString(2, notes);
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            }
            return server;
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
    }

    /** A client that asks for the whole export and then reads nothing, through a small receive window. */
    private static Socket exportReader(TestServer server) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        URI base = URI.create(server.base());
        s.connect(new InetSocketAddress("127.0.0.1", base.getPort()), 5000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/contacts?per_page=all HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                + server.token("alice") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** Holds a pooled connection (through an export's turn when {@code export}) until {@code release}. */
    private static Thread hold(TestServer server, CountDownLatch release, boolean export) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                dev.plinth.api.store.SqlWork<Object> work = c -> {
                    held.countDown();
                    try {
                        release.await(BOUND.toSeconds(), TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return null;
                };
                if (export) {
                    server.served().database().readExport(work);
                } else {
                    server.served().database().read(work);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(held.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return t;
    }

    private HttpResponse<String> get(TestServer server, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(BOUND)
                .header("Authorization", "Bearer " + server.token("alice")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertUnavailable(HttpResponse<String> a) throws IOException {
        assertThat(a.statusCode()).as(a.body()).isEqualTo(503);
        assertThat(a.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(a.headers().firstValue("Retry-After")).contains("1");
        JsonNode problem = TestServer.JSON.readTree(a.body());
        assertThat(problem.get("code").asText()).isEqualTo(ApiProblem.UNAVAILABLE.code());
        assertThat(problem.get("status").asInt()).isEqualTo(503);
    }
}
