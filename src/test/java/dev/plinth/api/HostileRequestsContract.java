package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests an attacker or a broken client sends, on the CRM example (issue 11, part A): query strings
 * that do not decode, collection deletes of referenced rows, numbers and strings JSON allows but a
 * database cannot hold, HTTP versions the server does not speak, {@code HEAD} requests. Each is a
 * precise problem answer and changes no row. Raw sockets send what {@link java.net.http.HttpClient}
 * refuses to send.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HostileRequestsContract {

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), Files.readString(Path.of("examples/crm/schema.prisma")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** An answer read off a raw socket. */
    record Raw(int status, Map<String, String> headers, String body) {
        JsonNode json() throws IOException {
            return TestServer.JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /** Sends one request exactly as written (with {@code Connection: close}) and reads the whole answer. */
    Raw raw(String method, String target, String user, String body) throws IOException {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        if (user != null) {
            head.append("Authorization: Bearer ").append(server.token(user)).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            head.append("Content-Type: application/json\r\nContent-Length: ").append(bytes.length).append("\r\n");
        }
        head.append("\r\n");
        return exchange(head.toString().getBytes(StandardCharsets.US_ASCII), bytes);
    }

    Raw exchange(byte[] head, byte[] body) throws IOException {
        URI base = URI.create(server.base());
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            return parse(s.getInputStream().readAllBytes());
        }
    }

    private static Raw parse(byte[] all) {
        String text = new String(all, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertThat(end).as("an HTTP answer: " + text).isPositive();
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String rest = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            StringBuilder body = new StringBuilder();
            int at = 0;
            while (true) {
                int nl = rest.indexOf("\r\n", at);
                int size = Integer.parseInt(rest.substring(at, nl).trim(), 16);
                if (size == 0) {
                    break;
                }
                body.append(rest, nl + 2, nl + 2 + size);
                at = nl + 2 + size + 2;
            }
            rest = body.toString();
        }
        return new Raw(status, headers, new String(rest.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
    }

    static void assertProblem(Raw a, int status, String code) throws IOException {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.headers().get("content-type")).as(a.toString()).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("status").asInt()).as(a.toString()).isEqualTo(status);
        assertThat(p.get("code").asText()).as(a.toString()).isEqualTo(code);
    }

    static void assertProblem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("status").asInt()).isEqualTo(status);
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
    }

    private long company(String name) throws Exception {
        TestServer.Answer a = server.as("mallory", "POST", "/api/companies", "{\"name\":\"" + name + "\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    private long contact(String user, String email, String extra) throws Exception {
        TestServer.Answer a = server.as(user, "POST", "/api/contacts",
                "{\"name\":\"N\",\"email\":\"" + email + "\"" + extra + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    private List<String> tables() throws Exception {
        List<String> all = new ArrayList<>(server.dump("Company"));
        all.addAll(server.dump("Contact"));
        return all;
    }

    @Test
    void aQueryStringThatDoesNotDecodeIs400AndRunsNothing() throws Exception {
        company("Target1");
        company("Target2");
        for (int i = 0; i < 3; i++) {
            contact("pct", "c" + i + "@x", "");
        }
        List<String> before = tables();

        Raw count = raw("GET", "/api/companies?name=Target%zz&count=true", "pct", null);
        assertProblem(count, 400, "malformed_query");
        assertThat(count.json().get("errors").get(0).get("field").asText()).isEqualTo("name");

        Raw delete = raw("DELETE", "/api/contacts?email=c1@x%zz&status=lead", "pct", null);
        assertProblem(delete, 400, "malformed_query");
        assertThat(delete.json().get("errors").get(0).get("field").asText()).isEqualTo("email");
        assertProblem(raw("PATCH", "/api/companies?name=Target%zz&id__gt=0", "pct", "{\"website\":\"x\"}"), 400, "malformed_query");
        assertProblem(raw("PATCH", "/api/contacts?status=lead&email=%", "pct", "{\"score\":9}"), 400, "malformed_query");
        // bytes that are not UTF-8 are not decoded either
        assertProblem(raw("DELETE", "/api/contacts?email=%ff%fe", "pct", null), 400, "malformed_query");
        assertProblem(raw("DELETE", "/api/contacts?em%zzail=c1@x", "pct", null), 400, "malformed_query");
        assertThat(tables()).as("nothing changed").isEqualTo(before);

        // an exact escape still works
        Raw good = raw("GET", "/api/contacts?email=c1%40x&count=true", "pct", null);
        assertThat(good.status()).as(good.toString()).isEqualTo(200);
        assertThat(good.json().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void aPathThatDoesNotDecodeIs400AndRunsNothing() throws Exception {
        long co = company("PathTarget");
        List<String> before = tables();
        // Jetty lets "%u0041" through; the router's lenient decoder then failed with a 500
        for (String method : List.of("GET", "DELETE", "PATCH")) {
            assertProblem(raw(method, "/api/companies/%u0041", "pct", method.equals("PATCH") ? "{\"website\":\"x\"}" : null),
                    400, "malformed_path");
            // Jetty itself refuses "%zz" in a path: still a 400 problem, answered before routing
            Raw broken = raw(method, "/api/companies/" + co + "%zz", "pct", method.equals("PATCH") ? "{\"website\":\"x\"}" : null);
            assertThat(broken.status()).as(broken.toString()).isEqualTo(400);
            assertThat(broken.json().get("code").asText()).isIn("malformed_path", "bad_request");
        }
        assertThat(tables()).as("nothing changed").isEqualTo(before);
        assertThat(raw("GET", "/api/companies/" + co, "pct", null).status()).isEqualTo(200);
    }

    @Test
    void batchOperationPathsThatDoNotDecodeAre400() throws Exception {
        company("BatchTarget");
        List<String> before = tables();
        TestServer.Answer query = server.as("pct", "POST", "/api/batch",
                "[{\"method\":\"DELETE\",\"path\":\"/api/companies?name=%zz\"}]");
        assertProblem(query, 400, "malformed_query");
        assertThat(query.json().get("operation").asInt()).isZero();
        TestServer.Answer key = server.as("pct", "POST", "/api/batch",
                "[{\"method\":\"PATCH\",\"path\":\"/api/companies?name=BatchTarget\",\"body\":{\"website\":\"w\"}},"
                        + "{\"method\":\"GET\",\"path\":\"/api/companies/%zz\"}]");
        assertProblem(key, 400, "invalid_key");
        assertThat(key.json().get("operation").asInt()).isEqualTo(1);
        assertThat(tables()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aCollectionDeleteOfAReferencedRowIs409() throws Exception {
        long co = company("RefCo");
        contact("ref", "ref@x", ",\"company_id\":" + co);
        List<String> before = tables();
        TestServer.Answer direct = server.as("ref", "DELETE", "/api/companies?name=RefCo", null);
        assertProblem(direct, 409, "still_referenced");
        assertThat(direct.json().get("detail").asText()).contains("contacts");
        TestServer.Answer batch = server.as("ref", "POST", "/api/batch",
                "[{\"method\":\"DELETE\",\"path\":\"/api/companies?name=RefCo\"}]");
        assertProblem(batch, 409, "still_referenced");
        assertThat(tables()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void numbersWithExponentsBeyondIntRangeAreRefused() throws Exception {
        List<String> before = tables();
        for (String body : List.of("{\"name\":1e9999999999}", "{\"name\":\"N\",\"email\":\"e@x\",\"score\":1e2147483648}",
                "{\"name\":\"N\",\"email\":\"e@x\",\"score\":1e-2147483649}", "{\"name\":\"N\",\"email\":\"e@x\",\"score\":1e999999999}")) {
            TestServer.Answer a = server.as("num", "POST", body.contains("email") ? "/api/contacts" : "/api/companies", body);
            assertThat(a.status()).as(body + " -> " + a).isIn(400, 422);
            assertThat(a.contentType()).startsWith("application/problem+json");
        }
        assertThat(tables()).as("nothing changed").isEqualTo(before);
    }

    @Test
    void loneSurrogatesAreMalformedJson() throws Exception {
        List<String> before = tables();
        for (String text : List.of("\\ud800", "x\\udc00", "\\udc00\\ud800", "\\ud800x")) {
            assertProblem(server.as("sur", "POST", "/api/companies", "{\"name\":\"" + text + "\"}"), 400, "malformed_json");
            assertProblem(server.as("sur", "POST", "/api/companies", "{\"" + text + "\":\"n\"}"), 400, "malformed_json");
        }
        assertThat(tables()).as("nothing changed").isEqualTo(before);
        TestServer.Answer pair = server.as("sur", "POST", "/api/companies", "{\"name\":\"smile \\ud83d\\ude00\"}");
        assertThat(pair.status()).as(pair.toString()).isEqualTo(201);
        assertThat(pair.json().get("name").asText()).isEqualTo("smile \uD83D\uDE00");
    }

    @Test
    void httpVersionsNotSpokenAre505InTheBodyToo() throws Exception {
        for (String line : List.of("GET /api/companies HTTP/9.9", "GET /api/companies HTTP/0.9", "GET /api/companies HTTP/2.0")) {
            Raw a = exchange((line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII), new byte[0]);
            assertThat(a.status()).as(line + " -> " + a).isGreaterThanOrEqualTo(400);
            assertProblem(a, a.status(), a.status() == 505 ? "http_version_not_supported" : "bad_request");
        }
        Raw nine = exchange("GET /api/companies HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), new byte[0]);
        assertProblem(nine, 505, "http_version_not_supported");
        assertThat(nine.headers().get("x-request-id")).isNotBlank();
    }

    @Test
    void headAnswersWhatGetWouldWithoutABody() throws Exception {
        long id = contact("head", "head@x", "");
        String row = "/api/contacts/" + id;

        Raw anonymous = raw("HEAD", row, null, null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.body()).isEmpty();
        assertThat(anonymous.headers().get("content-type")).startsWith("application/problem+json");

        Raw missing = raw("HEAD", "/api/contacts/99999999", "head", null);
        assertThat(missing.status()).as(missing.toString()).isEqualTo(404);
        assertThat(missing.body()).isEmpty();
        Raw otherOwner = raw("HEAD", row, "someone-else", null);
        assertThat(otherOwner.status()).as(otherOwner.toString()).isEqualTo(404);

        for (String path : List.of(row, "/api/contacts?per_page=5", "/api/companies")) {
            Raw get = raw("GET", path, "head", null);
            Raw head = raw("HEAD", path, "head", null);
            assertThat(get.status()).as(get.toString()).isEqualTo(200);
            assertThat(head.status()).as(head.toString()).isEqualTo(200);
            assertThat(head.body()).isEmpty();
            assertThat(head.headers().get("content-type")).isEqualTo(get.headers().get("content-type"));
            assertThat(head.headers().get("etag")).isEqualTo(get.headers().get("etag"));
        }
        assertThat(raw("HEAD", row, "head", null).headers().get("etag")).isNotBlank();
    }

    @Test
    void everyAnswerCarriesARequestId() throws Exception {
        TestServer.Answer fresh = server.as("rid", "GET", "/api/contacts", null);
        assertThat(fresh.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSizeGreaterThan(8));
        TestServer.Answer other = server.as("rid", "GET", "/api/contacts", null);
        assertThat(other.header("X-Request-Id")).isNotEqualTo(fresh.header("X-Request-Id"));
        TestServer.Answer kept = server.as("rid", "GET", "/api/nothing", null, "X-Request-Id", "proxy-42.abc");
        assertThat(kept.header("X-Request-Id")).contains("proxy-42.abc");
        TestServer.Answer insane = server.as("rid", "GET", "/api/contacts", null, "X-Request-Id", "a b<script>" + "x".repeat(300));
        assertThat(insane.header("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).doesNotContain("script").hasSizeLessThan(129));
    }

    @Test
    void databaseErrorsNeverReachTheAnswer() throws Exception {
        List<String> before = tables();
        // a NUL character: SQLite stores it, PostgreSQL's text cannot hold it; either way no database text is answered
        TestServer.Answer nul = server.as("dbtext", "POST", "/api/companies", "{\"name\":\"nul\\u0000here\"}");
        assertThat(nul.status()).as(nul.toString()).isLessThan(500);
        if (nul.status() >= 400) {
            assertThat(nul.status()).isEqualTo(422);
            assertThat(nul.body()).doesNotContainIgnoringCase("zero bytes").doesNotContainIgnoringCase("byte sequence")
                    .doesNotContainIgnoringCase("0x00").doesNotContain("ERROR:");
            assertThat(tables()).isEqualTo(before);
        }
    }

    /**
     * A client still sending a too-large body when the server has decided must still read the 413: the
     * server reads and discards the rest rather than closing under the client (whose write would fail
     * with a broken pipe, and whose HTTP client then reports no answer at all).
     */
    @Test
    void aSlowSenderOfATooLargeBodyReadsThe413() throws Exception {
        byte[] body = ("{\"name\":\"" + "x".repeat((int) ApiSettings.DEFAULT_MAX_BODY_BYTES + 10) + "\"}").getBytes(StandardCharsets.UTF_8);
        URI base = URI.create(server.base());
        for (int round = 0; round < 3; round++) {
            slowlySend(base, body);
        }
    }

    private void slowlySend(URI base, byte[] body) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/companies HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer "
                    + server.token("big") + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < body.length; i += 64 * 1024) {
                // the server has its answer after the headers; the client is still sending
                Thread.sleep(10);
                out.write(body, i, Math.min(64 * 1024, body.length - i));
                out.flush();
            }
            assertProblem(parse(s.getInputStream().readAllBytes()), 413, "body_too_large");
        }
    }

    @Test
    void aBodyDeclaredFarOverTheLimitIs413WithoutBeingRead() throws Exception {
        Raw a = exchange(("POST /api/companies HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + server.token("big")
                + "\r\nContent-Type: application/json\r\nContent-Length: 1000000000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII),
                "{\"name\":\"".getBytes(StandardCharsets.US_ASCII));
        assertProblem(a, 413, "body_too_large");
        assertThat(a.headers().get("connection")).isEqualTo("close");
    }

    @Test
    void bodiesOverTheLimitAre413EveryTime() throws Exception {
        String big = "{\"name\":\"" + "x".repeat((int) ApiSettings.DEFAULT_MAX_BODY_BYTES + 10) + "\"}";
        for (int i = 0; i < 20; i++) {
            assertProblem(server.as("big", "POST", "/api/companies", big), 413, "body_too_large");
        }
    }
}
