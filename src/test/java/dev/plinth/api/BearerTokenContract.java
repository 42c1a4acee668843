package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.MACSigner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bearer tokens with a valid signature (issue 11, A.4 and A.5): each is a precise {@code 401
 * unauthenticated} on every kind of route — owner-scoped and open, read and write — never a 500, never
 * a database's text, never a changed row. Run on SQLite and PostgreSQL by the subclasses (a NUL in
 * {@code sub} reached PostgreSQL, which cannot store it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BearerTokenContract {

    private static final String SCHEMA = """
            model Note {
              id         Int     @id @default(autoincrement())
              user_id    String
              title      String
              created_by String?
            }
            model Tag {
              id    Int    @id @default(autoincrement())
              label String
            }
            """;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
        assertThat(server.as("alice", "POST", "/api/notes", "{\"title\":\"kept\"}").status()).isEqualTo(201);
        assertThat(server.as("alice", "POST", "/api/tags", "{\"label\":\"kept\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String signed(byte[] payload) throws Exception {
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                new Payload(payload));
        jws.sign(new MACSigner(TestServer.SECRET.getBytes(StandardCharsets.UTF_8)));
        return jws.serialize();
    }

    private static String signed(String payloadJson) throws Exception {
        return signed(payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Every hostile token by what is wrong with it; each carries a valid HS256 signature. */
    private Map<String, String> hostileTokens() throws Exception {
        Map<String, String> tokens = new LinkedHashMap<>();
        long later = System.currentTimeMillis() / 1000 + 3600;
        tokens.put("sub null", signed("{\"sub\":null,\"exp\":" + later + "}"));
        tokens.put("exp null", signed("{\"sub\":\"alice\",\"exp\":null}"));
        tokens.put("sub not a string", signed("{\"sub\":{\"id\":1}}"));
        tokens.put("NUL in sub", signed("{\"sub\":\"ali\\u0000ce\",\"exp\":" + later + "}"));
        tokens.put("NUL in sub (issued)", server.token("ali\u0000ce"));
        tokens.put("lone surrogate in sub", signed("{\"sub\":\"ali\\ud800ce\"}"));
        byte[] badUtf8 = ("{\"sub\":\"ali?ce\",\"exp\":" + later + "}").getBytes(StandardCharsets.US_ASCII);
        badUtf8[11] = (byte) 0xC3;
        tokens.put("invalid UTF-8 in claims", signed(badUtf8));
        String[] parts = server.token("alice").split("\\.");
        tokens.put("padded standard base64 signature", parts[0] + "." + parts[1] + "."
                + Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(parts[2])));
        return tokens;
    }

    private static final List<String[]> ROUTES = List.of(
            new String[] {"GET", "/api/notes", null},
            new String[] {"GET", "/api/notes/1", null},
            new String[] {"POST", "/api/notes", "{\"title\":\"stolen\"}"},
            new String[] {"PATCH", "/api/notes/1", "{\"title\":\"changed\"}"},
            new String[] {"DELETE", "/api/notes/1", null},
            new String[] {"GET", "/api/tags?count=true", null},
            new String[] {"POST", "/api/tags", "{\"label\":\"stolen\"}"},
            new String[] {"DELETE", "/api/tags?label=kept", null},
            new String[] {"POST", "/api/batch", "{\"operations\":[{\"method\":\"POST\",\"path\":\"/api/tags\",\"body\":{\"label\":\"b\"}}]}"});

    @Test
    void everyHostileTokenIsAPrecise401OnEveryRouteAndChangesNothing() throws Exception {
        List<String> notes = server.dump("Note");
        List<String> tags = server.dump("Tag");
        for (Map.Entry<String, String> token : hostileTokens().entrySet()) {
            for (String[] route : ROUTES) {
                TestServer.Answer a = server.send(route[0], route[1], route[2], "Authorization", "Bearer " + token.getValue());
                String what = token.getKey() + ": " + route[0] + " " + route[1] + " → " + a;
                assertThat(a.status()).as(what).isEqualTo(401);
                assertThat(a.contentType()).as(what).startsWith("application/problem+json");
                JsonNode problem = a.json();
                assertThat(problem.get("code").asText()).as(what).isEqualTo("unauthenticated");
                assertThat(problem.get("status").asInt()).as(what).isEqualTo(401);
                assertThat(a.body()).as(what).doesNotContainIgnoringCase("ERROR:").doesNotContain("0x00")
                        .doesNotContain("SQLITE_").doesNotContain("Exception");
            }
        }
        assertThat(server.dump("Note")).isEqualTo(notes);
        assertThat(server.dump("Tag")).isEqualTo(tags);
    }

    @Test
    void theSameClaimsWellFormedAreServed() throws Exception {
        long later = System.currentTimeMillis() / 1000 + 3600;
        TestServer.Answer a = server.send("GET", "/api/notes", null, "Authorization",
                "Bearer " + signed("{\"sub\":\"alice\",\"exp\":" + later + "}"));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("data")).hasSize(1);
    }
}
