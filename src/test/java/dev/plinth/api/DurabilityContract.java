package dev.plinth.api;

import dev.plinth.auth.TokenIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durability of acknowledged writes: a child {@code plinth serve} process ({@link ChildServer}) takes concurrent creates from
 * several writers and is killed with SIGKILL ({@link Process#destroyForcibly()}) while they run; it is
 * started again on the same database, and every row whose create was answered 201 must be there.
 * Two rounds of kill and restart; each round writes for {@link #WRITE_MILLIS} ms. Run on SQLite and
 * PostgreSQL by the two subclasses (docs/reliability.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DurabilityContract {

    private static final int WRITERS = 8;
    private static final long WRITE_MILLIS = 2_500;

    static final String SCHEMA = """
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

    private Path schema;
    private ChildDatabase database;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8))
            .issue("writer", Map.of(), Duration.ofHours(1));

    /** Returns the database the child serves, in {@code dir}. */
    abstract ChildDatabase database(Path dir);

    @BeforeAll
    void prepare() throws IOException {
        Path dir = Files.createTempDirectory("plinth-durability");
        database = database(dir);
        schema = dir.resolve("schema.prisma");
        Files.writeString(schema, SCHEMA);
    }

    @AfterAll
    void cleanUp() {
        database.close();
    }

    private ChildServer startChild() throws IOException {
        return ChildServer.start(schema, database.url());
    }

    /**
     * Writes concurrently until the child is killed, then returns the acknowledged rows.
     *
     * @param child    the running child
     * @param round    distinguishes this round's rows from the last's
     * @param acked    where each create answered 201 is added, as {@code writer:seq}
     * @return how many creates were in flight or failed when the child died (for the message)
     */
    private int writeThenKill(ChildServer child, int round, Set<String> acked) throws Exception {
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
            ChildServer child = startChild();
            int before = acked.size();
            int failed = writeThenKill(child, round, acked);
            rounds.add("round " + round + ": " + (acked.size() - before) + " acknowledged, " + failed + " cut off by the kill");
        }
        ChildServer restarted = startChild();
        try {
            Set<String> stored = database.entries();
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
