package dev.plinth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.plinth.api.ServedApi;
import dev.plinth.auth.JwksTestServer;
import dev.plinth.auth.TokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code plinth serve}: migrates, prints the database and routes, serves; refuses destructive changes. */
class ServeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ServeCommand command(String... args) {
        return command(Map.of(), args);
    }

    private ServeCommand command(Map<String, String> environment, String... args) {
        ServeCommand serve = new ServeCommand(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    @Test
    void servesTheCrmExamplePrintingDatabaseAndRoutes(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("crm.db");
        Optional<ServedApi> served = command("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                "--database-url", "file:" + db).open();
        assertThat(served).as(err.toString()).isPresent();
        try (ServedApi api = served.get()) {
            String banner = out.toString(StandardCharsets.UTF_8);
            assertThat(banner).contains("SQLite " + db, "Routes:", "GET    /api/contacts", "POST   /api/contacts/{key}/restore",
                    "PATCH  /api/companies/{key}", "POST   /api/batch", "Authentication: off",
                    "Warning: contacts are owner-scoped");
            assertThat(banner).doesNotContain("/api/companies/{key}/restore");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/companies"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Acme\"}")).header("Content-Type", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        }
        assertThat(Files.exists(db)).isTrue();
    }

    @Test
    void warnsAboutAMissingViewAndADefaultWithoutSqliteEquivalent(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.prisma");
        Files.writeString(schema, """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                generator client {
                  provider        = "prisma-client-js"
                  previewFeatures = ["views"]
                }

                model Event {
                  id      String @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
                  backend Int?   @default(dbgenerated("pg_backend_pid()"))
                }

                view EventSummary {
                  id String @unique
                }
                """);
        Optional<ServedApi> served = command(schema.toString(), "--port", "0", "--host", "127.0.0.1",
                "--database-url", "file:" + dir.resolve("events.db")).open();
        assertThat(served).as(err.toString()).isPresent();
        served.get().close();
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("warning: Event.backend: @default(dbgenerated(\"pg_backend_pid()\")) has no SQLite equivalent")
                .contains("warning: view EventSummary is not served", "CREATE VIEW \"EventSummary\"")
                .doesNotContain("Event.id");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("/api/events").doesNotContain("/api/event_summar");
    }

    @Test
    void aPoolSizeBelowOneIsRefusedBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Optional<ServedApi> served = command("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                "--database-url", "file:" + dir.resolve("crm.db"), "--pool-size", "0").open();
        assertThat(served).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--pool-size must be at least 1");
        assertThat(Files.exists(dir.resolve("crm.db"))).isFalse();
    }

    @Test
    void thePostgresPoolIsSizedToTheMachineUnlessTold() throws Exception {
        try (dev.plinth.testing.PostgresTestDatabase pg = dev.plinth.testing.PostgresTestDatabase.create()) {
            int expected = ServedApi.postgresPoolSize(Runtime.getRuntime().availableProcessors());
            Optional<ServedApi> sized = command("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                    "--database-url", pg.url()).open();
            assertThat(sized).as(err.toString()).isPresent();
            sized.get().close();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("(pool of " + expected + " connections)");
            out.reset();
            Optional<ServedApi> told = command("examples/crm/schema.prisma", "--port", "0", "--host", "127.0.0.1",
                    "--database-url", pg.url(), "--pool-size", "2").open();
            assertThat(told).as(err.toString()).isPresent();
            told.get().close();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("(pool of 2 connections)");
        }
    }

    @Test
    void refusesDestructiveChangesNamingThemUnlessForced(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.prisma");
        String wide = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./app.db"
                }
                model Item {
                  id    Int    @id @default(autoincrement())
                  name  String
                  notes String?
                }
                """;
        Files.writeString(schema, wide);
        command(schema.toString(), "--port", "0").open().orElseThrow().close();
        Files.writeString(schema, wide.replace("  notes String?\n", ""));
        assertThat(command(schema.toString(), "--port", "0").open()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to start", "notes", "--force");
        Optional<ServedApi> forced = command(schema.toString(), "--port", "0", "--force").open();
        assertThat(forced).isPresent();
        forced.get().close();
    }

    @Test
    void aSchemaWithErrorsIsNotServed(@TempDir Path dir) throws Exception {
        Path schema = dir.resolve("schema.prisma");
        Files.writeString(schema, "model Broken {\n  id Int @id\n  other Missing\n}\n");
        assertThat(command(schema.toString(), "--port", "0").open()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error", "Missing");
    }

    // --- listening posture, cursor keys, token keys (issue 11, A.12, A.16-A.19) ---

    private static final String SECRET = "a-serve-command-test-secret-of-enough-bytes";

    private static HttpResponse<String> get(ServedApi api, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String banner() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void withoutATokenKeyItListensOnLoopbackOnlyAndSaysSo(@TempDir Path dir) throws Exception {
        Optional<ServedApi> served = command("examples/crm/schema.prisma", "--port", "0",
                "--database-url", "file:" + dir.resolve("crm.db")).open();
        assertThat(served).as(err.toString()).isPresent();
        try (ServedApi api = served.get()) {
            assertThat(banner()).contains("Listening on 127.0.0.1 only: without a token key anonymous callers may read and write",
                    "Listening on http://127.0.0.1:");
            assertThat(api.server().port()).isPositive();
        }
    }

    @Test
    void anonymousAccessOnOtherInterfacesNeedsAnExplicitFlag(@TempDir Path dir) throws Exception {
        String url = "file:" + dir.resolve("crm.db");
        assertThat(command("examples/crm/schema.prisma", "--port", "0", "--host", "0.0.0.0", "--database-url", url).open())
                .isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no token key is configured", "--allow-anonymous");
        assertThat(Files.exists(dir.resolve("crm.db"))).as("refused before migrating").isFalse();

        Optional<ServedApi> allowed = command("examples/crm/schema.prisma", "--port", "0", "--host", "0.0.0.0",
                "--allow-anonymous", "--database-url", url).open();
        assertThat(allowed).as(err.toString()).isPresent();
        allowed.get().close();
        assertThat(banner()).contains("Warning: without a token key anonymous callers", "Listening on http://0.0.0.0:");
    }

    @Test
    void withATokenKeyTheDefaultHostIsEveryInterface(@TempDir Path dir) throws Exception {
        Optional<ServedApi> served = command(Map.of("PLINTH_JWT_SECRET", SECRET), "examples/crm/schema.prisma",
                "--port", "0", "--database-url", "file:" + dir.resolve("crm.db")).open();
        assertThat(served).as(err.toString()).isPresent();
        served.get().close();
        assertThat(banner()).contains("Authentication: bearer tokens", "Listening on http://0.0.0.0:",
                "Cursors: signed with a key derived from PLINTH_JWT_SECRET");
    }

    /** Starts two instances on one SQLite file and asks B for the page after A's first one. */
    private int cursorOfOneInstanceOnAnother(Map<String, String> environment, Path dir) throws Exception {
        String url = "file:" + dir.resolve("crm.db");
        try (ServedApi a = command(environment, "examples/crm/schema.prisma", "--port", "0", "--database-url", url).open().orElseThrow();
             ServedApi b = command(environment, "examples/crm/schema.prisma", "--port", "0", "--database-url", url).open().orElseThrow()) {
            for (String name : new String[] {"Acme", "Globex"}) {
                HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(a.baseUrl() + "/api/companies"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + name + "\"}"))
                        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            }
            JsonNode first = new ObjectMapper().readTree(get(a, "/api/companies?limit=1", null).body());
            String cursor = first.get("next_cursor").asText();
            assertThat(get(a, "/api/companies?limit=1&cursor=" + cursor, null).statusCode()).isEqualTo(200);
            return get(b, "/api/companies?limit=1&cursor=" + cursor, null).statusCode();
        }
    }

    @Test
    void instancesSharingPlinthCursorSecretAcceptEachOthersCursors(@TempDir Path dir) throws Exception {
        assertThat(cursorOfOneInstanceOnAnother(Map.of("PLINTH_CURSOR_SECRET", "cursor-secret-shared-by-all"), dir))
                .isEqualTo(200);
        assertThat(banner()).contains("Cursors: signed with PLINTH_CURSOR_SECRET");
    }

    @Test
    void instancesWithRandomCursorKeysRefuseEachOthersCursorsAndSaySoAtStart(@TempDir Path dir) throws Exception {
        assertThat(cursorOfOneInstanceOnAnother(Map.of(), dir)).isEqualTo(400);
        assertThat(banner()).contains("Cursors: signed with a random key of this process", "PLINTH_CURSOR_SECRET");
    }

    @Test
    void aShortCursorSecretIsRefused(@TempDir Path dir) throws Exception {
        ServeCommand serve = command(Map.of("PLINTH_CURSOR_SECRET", "short"), "examples/crm/schema.prisma", "--port", "0",
                "--database-url", "file:" + dir.resolve("crm.db"));
        assertThatThrownBy(serve::open).isInstanceOf(CommandFailure.class)
                .hasMessageContaining("PLINTH_CURSOR_SECRET must be at least 16 bytes");
    }

    @Test
    void plinthTokensAndTheProvidersJwksTokensAreBothAccepted(@TempDir Path dir) throws Exception {
        RSAKey providerKey = JwksTestServer.rsaKey("provider-1");
        try (JwksTestServer jwks = JwksTestServer.start(new JWKSet(providerKey), "max-age=300")) {
            Optional<ServedApi> served = command(Map.of("PLINTH_JWT_SECRET", SECRET), "examples/crm/schema.prisma",
                    "--port", "0", "--host", "127.0.0.1", "--database-url", "file:" + dir.resolve("crm.db"),
                    "--jwks-url", jwks.url().toString(), "--jwt-issuer", "https://idp.example/", "--jwt-audience", "crm").open();
            assertThat(served).as(err.toString()).isPresent();
            try (ServedApi api = served.get()) {
                String plinthToken = new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8)).issue("42", Map.of(), Duration.ofMinutes(5));
                JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("auth0|7").issuer("https://idp.example/").audience("crm").build();
                assertThat(get(api, "/api/contacts", plinthToken).statusCode()).isEqualTo(200);
                assertThat(get(api, "/api/contacts", JwksTestServer.token(providerKey, claims)).statusCode()).isEqualTo(200);
                assertThat(get(api, "/api/contacts", JwksTestServer.token(providerKey,
                        new JWTClaimsSet.Builder(claims).audience("another-api").build())).statusCode()).isEqualTo(401);
                assertThat(get(api, "/api/contacts", JwksTestServer.token(JwksTestServer.rsaKey("stranger"), claims)).statusCode())
                        .isEqualTo(401);
                assertThat(get(api, "/api/contacts", null).statusCode()).isEqualTo(401);
            }
        }
    }

    @Test
    void helpListsEveryTokenOptionAndVariable() {
        String help = PlinthCommand.commandLine(Map.of(), System.out, System.err)
                .getSubcommands().get("serve").getUsageMessage();
        assertThat(help).contains("--jwt-public-key", "--jwks-file", "--jwks-url", "--jwt-issuer", "--jwt-audience",
                "--allow-anonymous", "--host", "PLINTH_JWT_SECRET", "PLINTH_CURSOR_SECRET", "127.0.0.1");
    }
}
