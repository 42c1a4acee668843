package dev.plinth.cli;

import dev.plinth.api.ServedApi;
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
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth serve}: migrates, prints the database and routes, serves; refuses destructive changes. */
class ServeCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ServeCommand command(String... args) {
        ServeCommand serve = new ServeCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
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
}
