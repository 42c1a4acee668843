package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Studio's development sign-in and schema endpoint (docs/studio.md, "Turning the Studio on and off, signing
 * in") on a server as {@code plinth serve} runs it on 127.0.0.1 with {@code PLINTH_JWT_SECRET}
 * ({@link TestServer#studio}): {@code GET /studio/api/sign-in} says it is available; {@code POST} issues a
 * 12-hour token for the subject and claims typed in, which the API accepts as any other (owner scope, claims);
 * bad bodies answer 422 per field, malformed JSON 400, as the API's other bodies; a request addressed to a name
 * other than a loopback one gets 404. {@code GET /studio/api/schema} answers the schema text and the migration
 * history to a signed-in caller, 401 without a token. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioSignInContract {

    static final String SCHEMA = """
            model Note {
              id      Int    @id @default(autoincrement())
              title   String
              user_id String
            }
            """;

    private TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer.Answer signIn(String body) throws Exception {
        return server.send("POST", "/studio/api/sign-in", body);
    }

    private static JsonNode payload(String jwt) throws Exception {
        String[] parts = jwt.split("\\.");
        return TestServer.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
    }

    @Test
    void theSignInIssuesATwelveHourTokenTheApiAccepts() throws Exception {
        TestServer.Answer available = server.send("GET", "/studio/api/sign-in", null);
        assertThat(available.status()).isEqualTo(200);
        assertThat(available.json().toString()).isEqualTo("{\"available\":true}");

        TestServer.Answer issued = signIn("{\"sub\":\"alice\",\"claims\":{\"role\":\"admin\",\"org_id\":1,\"teams\":[\"a\",\"b\"],\"weight\":1.5,\"meta\":{\"x\":null}}}");
        assertThat(issued.status()).as(issued.toString()).isEqualTo(200);
        assertThat(issued.contentType()).startsWith("application/json");
        assertThat(issued.header("Cache-Control")).contains("no-store");
        String token = issued.json().get("token").asText();
        Instant expires = Instant.parse(issued.json().get("expires_at").asText());
        assertThat(Duration.between(Instant.now(), expires)).isBetween(Duration.ofHours(12).minusMinutes(1), Duration.ofHours(12));
        JsonNode claims = payload(token);
        assertThat(claims.get("sub").asText()).isEqualTo("alice");
        assertThat(claims.get("role").asText()).isEqualTo("admin");
        assertThat(claims.get("org_id").asInt()).isEqualTo(1);
        assertThat(claims.get("teams").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(claims.get("weight").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(claims.get("meta").toString()).isEqualTo("{\"x\":null}");
        assertThat(claims.get("exp").asLong()).isEqualTo(expires.getEpochSecond());

        // the API takes it as any other token: alice's row is hers, not bob's
        TestServer.Answer created = server.send("POST", "/api/notes", "{\"title\":\"from the Studio\"}", "Authorization", "Bearer " + token);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("user_id").asText()).isEqualTo("alice");
        assertThat(server.as("alice", "GET", "/api/notes", null).json().get("data")).hasSize(1);
        assertThat(server.as("bob", "GET", "/api/notes", null).json().get("data")).isEmpty();

        // claims may be left out
        TestServer.Answer plain = signIn("{\"sub\":\"bob\"}");
        assertThat(plain.status()).isEqualTo(200);
        assertThat(payload(plain.json().get("token").asText()).get("sub").asText()).isEqualTo("bob");
    }

    @Test
    void badBodiesAnswer422PerFieldAndMalformedJson400() throws Exception {
        Map<String, List<String>> cases = Map.ofEntries(
                Map.entry("{}", List.of("sub:required")),
                Map.entry("{\"sub\":null}", List.of("sub:required")),
                Map.entry("{\"sub\":\"\"}", List.of("sub:invalid_value")),
                Map.entry("{\"sub\":\"  \"}", List.of("sub:invalid_value")),
                Map.entry("{\"sub\":7}", List.of("sub:invalid_type")),
                Map.entry("{\"sub\":\"" + "x".repeat(201) + "\"}", List.of("sub:value_too_long")),
                Map.entry("{\"sub\":\"a\",\"claims\":[]}", List.of("claims:invalid_type")),
                Map.entry("{\"sub\":\"a\",\"claims\":\"role=admin\"}", List.of("claims:invalid_type")),
                Map.entry("{\"sub\":\"a\",\"claims\":{\"sub\":\"root\",\"exp\":9999999999,\"iat\":1}}",
                        List.of("claims.sub:reserved_claim", "claims.exp:reserved_claim", "claims.iat:reserved_claim")),
                Map.entry("{\"sub\":\"a\",\"role\":\"admin\"}", List.of("role:unknown_field")),
                Map.entry("[]", List.of(":invalid_type")),
                Map.entry("{\"claims\":7}", List.of("sub:required", "claims:invalid_type")));
        for (Map.Entry<String, List<String>> c : cases.entrySet()) {
            TestServer.Answer refused = signIn(c.getKey());
            assertThat(refused.status()).as(c.getKey() + " → " + refused).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("code").asText()).isEqualTo("validation_failed");
            List<String> errors = new java.util.ArrayList<>();
            refused.json().get("errors").forEach(e -> errors.add(e.get("field").asText() + ":" + e.get("code").asText()));
            assertThat(errors).as(c.getKey()).containsExactlyInAnyOrderElementsOf(c.getValue());
        }
        assertThat(signIn("{\"sub\":\"" + "x".repeat(200) + "\"}").status()).as("200 characters").isEqualTo(200);
        TestServer.Answer malformed = signIn("{\"sub\":");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("code").asText()).isEqualTo("malformed_json");
        assertThat(server.send("POST", "/studio/api/sign-in", "sub=alice", "Content-Type", "text/plain").status()).isEqualTo(415);
    }

    @Test
    void aRequestAddressedToAnotherNameIsRefused() throws Exception {
        // a page whose name was re-pointed at 127.0.0.1 (DNS rebinding) sends its own Host
        assertThat(rawStatus("GET", "evil.example.com", "")).isEqualTo(404);
        assertThat(rawStatus("POST", "evil.example.com:" + server.served().server().port(), "{\"sub\":\"alice\"}")).isEqualTo(404);
        assertThat(rawStatus("POST", "localhost:" + server.served().server().port(), "{\"sub\":\"alice\"}")).isEqualTo(200);
        assertThat(rawStatus("GET", "[::1]:" + server.served().server().port(), "")).isEqualTo(200);
        // a page of another site calling it directly (as a development --cors-origin * would let it) names its Origin
        String local = "localhost:" + server.served().server().port();
        assertThat(rawStatus("POST", local, "https://evil.example.com", "{\"sub\":\"alice\"}")).isEqualTo(404);
        assertThat(rawStatus("POST", local, "null", "{\"sub\":\"alice\"}")).isEqualTo(404);
        assertThat(rawStatus("POST", local, "http://" + local, "{\"sub\":\"alice\"}")).as("the Studio itself").isEqualTo(200);
    }

    private int rawStatus(String method, String host, String body) throws Exception {
        return rawStatus(method, host, null, body);
    }

    /** Sends a request with a chosen Host (and Origin) header over a plain socket (HttpClient will not set Host). */
    private int rawStatus(String method, String host, String origin, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.served().server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " /studio/api/sign-in HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (origin != null ? "Origin: " + origin + "\r\n" : "")
                    + (bytes.length > 0 ? "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String status = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void theSchemaEndpointAnswersTheTextAndTheMigrationHistoryToSignedInCallers() throws Exception {
        TestServer.Answer schema = server.as("alice", "GET", "/studio/api/schema", null);
        assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
        assertThat(schema.contentType()).startsWith("application/json");
        JsonNode body = schema.json();
        assertThat(body.get("file").asText()).isEqualTo("schema.prisma");
        assertThat(body.get("text").asText()).isEqualTo(SCHEMA);
        assertThat(body.get("provider").asText()).isEqualTo(db() == TestServer.Db.SQLITE ? "sqlite" : "postgresql");
        JsonNode migrations = body.get("migrations");
        assertThat(migrations).hasSize(1);
        JsonNode first = migrations.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(1);
        assertThat(first.get("applied_at").asText()).endsWith("Z");
        assertThat(Instant.parse(first.get("applied_at").asText())).isBefore(Instant.now().plusSeconds(1));
        assertThat(first.get("name").isNull()).isTrue();
        assertThat(first.get("checksum").asText()).isNotBlank();
        assertThat(first.get("sql").asText()).contains("CREATE TABLE").contains("Note");

        TestServer.Answer anonymous = server.send("GET", "/studio/api/schema", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(server.send("GET", "/studio/api/schema", null, "Authorization", "Bearer not-a-token").status()).isEqualTo(401);
        assertThat(server.as("alice", "POST", "/studio/api/schema", "{}").status()).isEqualTo(405);
    }
}
