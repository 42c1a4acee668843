package dev.plinth.api;

import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.studio.StudioSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Studio a server serves (docs/studio.md, "Turning the Studio on and off, signing in"): a Studio that is
 * off answers 404 problem+json for the page, its files, the schema endpoint and the sign-in; the development
 * sign-in exists only with an HS256 secret on a loopback interface (never on 0.0.0.0, never with the Studio off);
 * without token verification the schema endpoint is as open as the API. Servers are started in turn over one
 * database per class. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StudioServerContract {

    static final String SCHEMA = """
            model Note {
              id    Int    @id @default(autoincrement())
              title String
            }
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8));
    private DatabaseTarget target;
    private ServedApi served;

    /** A fresh, empty database for the class. */
    abstract DatabaseTarget newTarget() throws Exception;

    /** Drops the database made by {@link #newTarget()}. */
    abstract void dropTarget();

    @BeforeAll
    void create() throws Exception {
        target = newTarget();
    }

    @AfterEach
    void stopServer() {
        if (served != null) {
            served.close();
            served = null;
        }
    }

    @AfterAll
    void drop() {
        dropTarget();
    }

    private void serve(String host, boolean verifyTokens, StudioSettings studio) throws Exception {
        Authenticator authenticator = new Authenticator(verifyTokens ? Optional.of(TokenVerifier.create(
                AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, TestServer.SECRET), null, null, false))) : Optional.empty(), false);
        served = ServedApi.start(TestServer.schema(SCHEMA), target, false, authenticator,
                new ApiSettings(host, 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty(), java.util.OptionalInt.of(2))
                        .withStudio(studio));
    }

    private static StudioSettings full() {
        return StudioSettings.DEFAULT.withSource("schema.prisma", SCHEMA)
                .withSignIn(new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    private TestServer.Answer send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Answer(r.statusCode(), r.headers().map(), r.body());
    }

    private String token() {
        return issuer.issue("alice", Map.of(), Duration.ofHours(1));
    }

    @Test
    void aStudioThatIsOffAnswers404ProblemsForAllOfIt() throws Exception {
        serve("127.0.0.1", true, StudioSettings.OFF);
        for (String path : List.of("/studio", "/studio/", "/studio/assets/app.js", "/studio/vendor/lit-html/lit-html.js",
                "/studio/api/schema", "/studio/api/sign-in")) {
            TestServer.Answer off = send("GET", path, token(), null);
            assertThat(off.status()).as(path).isEqualTo(404);
            assertThat(off.contentType()).as(path).startsWith("application/problem+json");
        }
        assertThat(send("POST", "/studio/api/sign-in", null, "{\"sub\":\"alice\"}").status()).isEqualTo(404);
        assertThat(served.server().routes()).noneMatch(r -> r.contains("/studio"));
        assertThat(send("GET", "/api/notes", token(), null).status()).as("the API is served as ever").isEqualTo(200);
    }

    @Test
    void aStudioThatIsOnServesItsPageSchemaAndOnLoopbackItsSignIn() throws Exception {
        serve("127.0.0.1", true, full());
        assertThat(send("GET", "/studio", null, null).status()).isEqualTo(200);
        assertThat(send("GET", "/studio/api/schema", token(), null).json().get("text").asText()).isEqualTo(SCHEMA);
        assertThat(send("GET", "/studio/api/sign-in", null, null).status()).isEqualTo(200);
        assertThat(send("HEAD", "/studio/api/sign-in", null, null).status()).isEqualTo(200);
        assertThat(served.server().routes()).as("the Studio is not part of the API's routes").noneMatch(r -> r.contains("/studio"));
    }

    @Test
    void theSignInIsNeverOfferedOnAnotherInterfaceOrWithoutASecret() throws Exception {
        serve("0.0.0.0", true, full());
        assertThat(send("GET", "/studio", null, null).status()).as("the Studio itself, when asked for").isEqualTo(200);
        assertThat(send("GET", "/studio/api/sign-in", null, null).status()).isEqualTo(404);
        assertThat(send("POST", "/studio/api/sign-in", null, "{\"sub\":\"alice\"}").status()).isEqualTo(404);
        stopServer();

        // tokens verified by other keys only: no secret to sign with, so no sign-in
        serve("127.0.0.1", true, StudioSettings.DEFAULT.withSource("schema.prisma", SCHEMA));
        assertThat(send("GET", "/studio/api/sign-in", null, null).status()).isEqualTo(404);
        TestServer.Answer refused = send("POST", "/studio/api/sign-in", null, "{\"sub\":\"alice\"}");
        assertThat(refused.status()).isEqualTo(404);
        assertThat(refused.contentType()).startsWith("application/problem+json");
    }

    @Test
    void withoutTokenVerificationTheSchemaIsAsOpenAsTheApi() throws Exception {
        serve("127.0.0.1", false, StudioSettings.DEFAULT.withSource("schema.prisma", SCHEMA));
        TestServer.Answer schema = send("GET", "/studio/api/schema", null, null);
        assertThat(schema.status()).as(schema.toString()).isEqualTo(200);
        assertThat(schema.json().get("migrations")).isNotEmpty();
        assertThat(send("GET", "/api/notes", null, null).status()).isEqualTo(200);
        stopServer();

        // a server built without the schema's text says so
        serve("127.0.0.1", false, StudioSettings.DEFAULT);
        TestServer.Answer unknown = send("GET", "/studio/api/schema", null, null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asText()).contains("schema");
    }
}
