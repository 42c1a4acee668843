package dev.plinth.api;

import com.sun.net.httpserver.HttpServer;
import dev.plinth.api.cors.CorsPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        assertThat(item.header("Access-Control-Allow-Methods")).contains("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
        assertThat(item.header("Access-Control-Allow-Headers")).contains("Authorization, Content-Type, If-Match, If-None-Match, Prefer, X-Request-Id");
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
        assertThat(created.header("Access-Control-Expose-Headers")).contains("ETag, Location, X-Request-Id, Retry-After, Preference-Applied, Plinth-Upsert, Content-Range, Plinth-Count");
        assertThat(created.header("Vary")).contains("Origin");
        assertThat(created.header("Location")).isPresent();
        // a compressed answer varies by Accept-Encoding and still by Origin
        for (int i = 0; i < 30; i++) {
            server.as("alice", "POST", "/api/notes", "{\"title\":\"" + "long title ".repeat(20) + i + "\"}");
        }
        TestServer.Answer gzip = server.as("alice", "GET", "/api/notes?per_page=100", null, "Origin", APP, "Accept-Encoding", "gzip");
        assertThat(gzip.status()).isEqualTo(200);
        assertThat(gzip.header("Content-Encoding")).contains("gzip");
        assertThat(gzip.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("Vary"))
                .flatMap(h -> h.getValue().stream()).toList()).as(gzip.headers().toString()).anyMatch(v -> v.contains("Origin"));
        assertThat(gzip.header("Access-Control-Allow-Origin")).contains(APP);

        List<TestServer.Answer> errors = List.of(
                server.as(null, "GET", "/api/notes", null, "Origin", APP),
                server.as("alice", "GET", "/api/notes/999999", null, "Origin", APP),
                server.as("alice", "GET", "/api/nothing", null, "Origin", APP),
                server.as("alice", "GET", "/api/notes?title_bogus=1", null, "Origin", APP),
                server.as("alice", "PUT", "/api/notes", "{}", "Origin", APP),
                server.send("OPTIONS", "/api/nothing", null, "Origin", APP, "Access-Control-Request-Method", "GET"));
        assertThat(errors).extracting(TestServer.Answer::status).containsExactly(401, 404, 404, 400, 405, 404);
        assertThat(errors.get(4).header("Allow")).contains("GET, HEAD, POST, PATCH, DELETE, OPTIONS");
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

    /**
     * Real headless Chromium (Debian's {@code chromium}, run only when {@code /usr/bin/chromium} is there;
     * nothing is installed by the test): a page served on an allowed origin creates, lists and reads a
     * missing row with a bearer token; the same page on another origin is blocked by the browser, and its
     * create never reaches the server.
     */
    @Test
    void aBrowserOnAnAllowedOriginCallsTheApiAndOneOnAnotherIsBlocked() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        // under CI the browser is installed by .ci/run, so its absence is a failure there, not a skip
        if (!Files.isExecutable(chromium) && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true but /usr/bin/chromium is missing (.ci/run installs chromium)");
        }
        Assumptions.assumeTrue(Files.isExecutable(chromium), "no /usr/bin/chromium (apt-get install chromium)");
        HttpServer allowed = pageServer();
        HttpServer other = pageServer();
        String origin = "http://127.0.0.1:" + allowed.getAddress().getPort();
        try (TestServer api = TestServer.start(db(), SCHEMA, s -> s.withCors(CorsPolicy.of(List.of(origin))))) {
            String page = page(api.base().replace("localhost", "127.0.0.1"), api.token("alice"));
            for (HttpServer host : List.of(allowed, other)) {
                host.createContext("/", exchange -> {
                    byte[] html = page.getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                    exchange.sendResponseHeaders(200, html.length);
                    exchange.getResponseBody().write(html);
                    exchange.close();
                });
                host.start();
            }
            assertThat(browse(chromium, origin + "/")).contains("create 201 /api/notes/", "etag", "list 200 1", "missing 404 not_found");
            assertThat(browse(chromium, "http://127.0.0.1:" + other.getAddress().getPort() + "/")).contains("blocked TypeError");
            assertThat(api.dump("Note")).hasSize(1);
        } finally {
            allowed.stop(0);
            other.stop(0);
        }
    }

    private static HttpServer pageServer() throws IOException {
        return HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    }

    /** A page that calls the API from the browser and writes what happened into the document. */
    private static String page(String api, String token) {
        return """
                <!doctype html><html><body><pre id="out">pending</pre><script>
                const api = "%s", auth = {"Authorization": "Bearer %s"};
                (async () => {
                  const lines = [];
                  try {
                    const c = await fetch(api + "/api/notes", {method: "POST", body: JSON.stringify({title: "from a page"}),
                        headers: {...auth, "Content-Type": "application/json"}});
                    lines.push("create " + c.status + " " + c.headers.get("Location") + " " + (c.headers.get("ETag") ? "etag" : "no-etag"));
                    const l = await fetch(api + "/api/notes", {headers: auth});
                    lines.push("list " + l.status + " " + (await l.json()).data.length);
                    const m = await fetch(api + "/api/notes/999999", {headers: auth});
                    lines.push("missing " + m.status + " " + (await m.json()).code);
                  } catch (e) {
                    lines.push("blocked " + e.name);
                  }
                  document.getElementById("out").textContent = lines.join(" | ");
                })();
                </script></body></html>
                """.formatted(api, token);
    }

    /** Loads a page in headless Chromium and returns what its script wrote into {@code <pre id="out">}. */
    private static String browse(Path chromium, String url) throws Exception {
        Path profile = Files.createTempDirectory("plinth-chromium");
        Path dom = profile.resolve("dom.html");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile.resolve("profile"), "--virtual-time-budget=10000", "--dump-dom", url)
                .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly().waitFor();
        }
        assertThat(exited).as("chromium exits").isTrue();
        // only what the script wrote: the script's own text names the expected words too
        String document = Files.readString(dom);
        int start = document.indexOf("<pre id=\"out\">");
        return start < 0 ? document : document.substring(start, document.indexOf("</pre>", start));
    }

    @Test
    void anyOriginIsAllowedWithAStarAndNoOriginWithout() throws Exception {
        try (TestServer any = TestServer.start(db(), SCHEMA, s -> s.withCors(CorsPolicy.of(List.of("*"))))) {
            TestServer.Answer pre = preflight(any, EVIL, "DELETE", "/api/notes/1");
            assertThat(pre.status()).isEqualTo(204);
            assertThat(pre.header("Access-Control-Allow-Origin")).contains("*");
            assertThat(pre.header("Access-Control-Allow-Methods")).contains("GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
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
