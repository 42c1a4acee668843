package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth serve --log-format json --access-log}, and the access log's default (off), in a real child process with the
 * production logging setup (docs/api.md, "Logs"): every line on stderr is one JSON object, the access
 * line has its own fields, and every line of a request carries its {@code request_id}.
 */
class LogFormatTest {

    private static final String SCHEMA = TelemetryContract.SCHEMA;

    @TempDir
    Path dir;

    @Test
    void jsonLogsAreOneObjectPerLineWithTheAccessFields() throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.prisma"), SCHEMA);
        ChildServer child = ChildServer.start(schema, "file:" + dir.resolve("json.db"), "--log-format", "json", "--access-log");
        try {
            HttpResponse<String> created = send(child, "POST", "/api/notes", "{\"title\":\"json\"}", "json-line-1", true);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            HttpResponse<String> duplicate = send(child, "POST", "/api/notes", "{\"title\":\"json\"}", "json-line-2", true);
            assertThat(duplicate.statusCode()).isEqualTo(409);
            awaitPrinted(child, "\"request_id\":\"json-line-2\"");
            stop(child);
        } finally {
            child.process().destroyForcibly().waitFor();
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : child.printed().split("\n")) {
            if (line.startsWith("{")) {
                lines.add(TestServer.JSON.readTree(line));
            } else {
                // the banner (stdout) is text; nothing written by the log is
                assertThat(line).as("a log line that is not JSON").doesNotContain("plinth.access", " INFO ", " WARN ");
            }
        }
        JsonNode access = lines.stream().filter(l -> l.path("logger_name").asText().equals("plinth.access")
                && l.path("request_id").asText().equals("json-line-1")).findFirst().orElseThrow(
                () -> new AssertionError("no access line for json-line-1 in:\n" + child.printed()));
        assertThat(access.get("level").asText()).isEqualTo("INFO");
        assertThat(access.get("method").asText()).isEqualTo("POST");
        assertThat(access.get("route").asText()).isEqualTo("/api/notes");
        assertThat(access.get("status").asInt()).isEqualTo(201);
        assertThat(access.get("subject").asText()).isEqualTo("alice");
        assertThat(access.get("bytes").asLong()).isPositive();
        assertThat(access.get("duration_ms").asDouble()).isPositive();
        assertThat(access.has("@timestamp")).isTrue();
        assertThat(lines).anySatisfy(l -> {
            assertThat(l.path("request_id").asText()).isEqualTo("json-line-2");
            assertThat(l.path("status").asInt()).isEqualTo(409);
        });
    }

    @Test
    void withoutAccessLogThereAreNoAccessLines() throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.prisma"), SCHEMA);
        ChildServer child = ChildServer.start(schema, "file:" + dir.resolve("quiet.db")); // the default
        try {
            assertThat(send(child, "GET", "/api/notes", null, "quiet-1", true).statusCode()).isEqualTo(200);
            stop(child);
        } finally {
            child.process().destroyForcibly().waitFor();
        }
        assertThat(child.printed()).doesNotContain("plinth.access");
    }

    @Test
    void anUnknownLogFormatIsRefused() throws Exception {
        Path schema = Files.writeString(dir.resolve("schema.prisma"), SCHEMA);
        AssertionError refused = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                () -> ChildServer.start(schema, "file:" + dir.resolve("xml.db"), "--log-format", "xml"));
        assertThat(refused.getMessage()).contains("--log-format must be text or json, not \"xml\"");
    }

    private static HttpResponse<String> send(ChildServer child, String method, String path, String body, String requestId,
                                             boolean token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + child.port() + path))
                .timeout(Duration.ofSeconds(30)).header("X-Request-Id", requestId).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token) {
            b.header("Authorization", "Bearer " + new dev.plinth.auth.TokenIssuer(
                    TestServer.SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8)).issue("alice", java.util.Map.of(), Duration.ofHours(1)));
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** SIGTERM, and wait for the exit: the lines still queued for the log's writer thread are written first. */
    private static void stop(ChildServer child) throws InterruptedException {
        child.process().destroy();
        assertThat(child.process().waitFor(30, TimeUnit.SECONDS)).as("the child exits on SIGTERM").isTrue();
    }

    /** Waits until the output reader has read a text the child wrote before it exited. */
    private static void awaitPrinted(ChildServer child, String text) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!child.printed().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }
}
