package dev.plinth.api;

import dev.plinth.auth.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability of acknowledged writes: a child {@code plinth serve} process (a separate JVM running
 * {@code dev.plinth.cli.PlinthCommand} with the test class path) takes concurrent creates from
 * several writers and is killed with SIGKILL ({@link Process#destroyForcibly()}) while they run; it is
 * started again on the same database, and every row whose create was answered 201 must be there.
 * Two rounds of kill and restart; each round writes for {@link #WRITE_MILLIS} ms. Run on SQLite and
 * PostgreSQL by the two subclasses (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DurabilityContract {

    private static final int WRITERS = 8;
    private static final long WRITE_MILLIS = 2_500;
    /** How long a child may take to start listening: a generous bound for a loaded CI machine. */
    private static final long START_SECONDS = 90;

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./durability.db"
            }

            model Entry {
              id      Int    @id @default(autoincrement())
              writer  Int
              seq     Int
              payload String

              @@unique([writer, seq])
            }
            """;

    private Path dir;
    private Path schema;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8))
            .issue("writer", Map.of(), Duration.ofHours(1));

    /** Returns the database the child serves, as {@code --database-url} takes it. */
    abstract String databaseUrl(Path dir);

    /** Opens a JDBC connection to that database. */
    abstract Connection connect(Path dir) throws SQLException;

    /** Drops what {@link #databaseUrl} created, if anything. */
    void dropDatabase() {
    }

    @BeforeAll
    void prepare() throws IOException {
        dir = Files.createTempDirectory("plinth-durability");
        schema = dir.resolve("schema.prisma");
        Files.writeString(schema, SCHEMA);
    }

    @AfterAll
    void cleanUp() {
        dropDatabase();
    }

    /** A running child server and the port it listens on. */
    private record Child(Process process, int port) {
    }

    private Child startChild() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire puts the real test class path here (java.class.path is only its booter jar).
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classPath,
                "dev.plinth.cli.PlinthCommand", "serve", schema.toString(), "--database-url", databaseUrl(dir),
                "--host", "127.0.0.1", "--port", "0");
        pb.environment().put("PLINTH_JWT_SECRET", TestServer.SECRET);
        pb.redirectErrorStream(true);
        Process process = pb.start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("Listening on http://")) {
                        port.complete(Integer.parseInt(line.substring(line.lastIndexOf(':') + 1).trim()));
                    }
                }
            } catch (IOException e) {
                // The child was killed: its output ends here.
            }
            port.completeExceptionally(new IllegalStateException("the child exited before listening"));
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new Child(process, port.get(START_SECONDS, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly().waitFor();
            synchronized (output) {
                throw new AssertionError("plinth serve did not start: " + e + "\n" + output, e);
            }
        }
    }

    /**
     * Writes concurrently until the child is killed, then returns the acknowledged rows.
     *
     * @param child    the running child
     * @param round    distinguishes this round's rows from the last's
     * @param acked    where each create answered 201 is added, as {@code writer:seq}
     * @return how many creates were in flight or failed when the child died (for the message)
     */
    private int writeThenKill(Child child, int round, Set<String> acked) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger failed = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = round * 100 + w;
            Thread t = new Thread(() -> {
                for (int seq = 0; !stop.get(); seq++) {
                    String body = "{\"writer\":" + writer + ",\"seq\":" + seq + ",\"payload\":\"" + "p".repeat(200) + "\"}";
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + "/api/entries"))
                            .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 201) {
                            acked.add(writer + ":" + seq);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                        if (!child.process().isAlive()) {
                            return;
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "writer-" + writer);
            t.start();
            writers.add(t);
        }
        Thread.sleep(WRITE_MILLIS);
        child.process().destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no checkpoint, no close
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("the child died").isTrue();
        stop.set(true);
        for (Thread t : writers) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        return failed.get();
    }

    @Test
    void everyAcknowledgedCreateSurvivesSigkill() throws Exception {
        Set<String> acked = ConcurrentHashMap.newKeySet();
        List<String> rounds = new ArrayList<>();
        for (int round = 1; round <= 2; round++) {
            Child child = startChild();
            int before = acked.size();
            int failed = writeThenKill(child, round, acked);
            rounds.add("round " + round + ": " + (acked.size() - before) + " acknowledged, " + failed + " cut off by the kill");
        }
        Child restarted = startChild();
        try {
            Set<String> stored = new HashSet<>();
            try (Connection c = connect(dir); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT writer, seq FROM \"Entry\"")) {
                while (rs.next()) {
                    stored.add(rs.getInt(1) + ":" + rs.getInt(2));
                }
            }
            Set<String> lost = new HashSet<>(acked);
            lost.removeAll(stored);
            System.out.println("Durability: " + String.join("; ", rounds) + "; " + stored.size() + " rows stored after restart, "
                    + lost.size() + " acknowledged rows lost");
            assertThat(acked).as("writes were acknowledged before the kill").isNotEmpty();
            assertThat(lost).as("acknowledged rows missing after SIGKILL and restart").isEmpty();
            HttpResponse<String> count = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + restarted.port()
                            + "/api/entries?per_page=1&count=true")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
            assertThat(TestServer.JSON.readTree(count.body()).get("total").asInt()).isEqualTo(stored.size());
        } finally {
            restarted.process().destroy();
            restarted.process().waitFor(30, TimeUnit.SECONDS);
            restarted.process().destroyForcibly();
        }
    }
}
