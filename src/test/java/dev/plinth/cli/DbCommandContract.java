package dev.plinth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth db inspect} and {@code plinth db pull} as a user runs them: a database migrated from a schema is
 * inspected (text and JSON), pulled into a schema that {@code plinth validate} accepts and that {@code plinth migrate}
 * finds already applied, reached by {@code --database-url} or through a schema's datasource; bad usage exits 2, a
 * database that cannot be read exits 1. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class DbCommandContract {

    @TempDir
    Path dir;

    /** The provider written in the test schema's datasource. */
    abstract String provider();

    /** The URL of a fresh, empty database. */
    abstract String databaseUrl();

    record Run(int exitCode, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(System.getenv(), System.out, System.err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    Path schemaFile;

    @BeforeEach
    void migrateASchema() throws IOException {
        schemaFile = dir.resolve("schema.prisma");
        Files.writeString(schemaFile, """
                datasource db {
                  provider = "%s"
                  url      = "%s"
                }

                model User {
                  id    Int     @id @default(autoincrement())
                  email String  @unique
                  name  String?
                  posts Post[]
                }

                model Post {
                  id       Int      @id @default(autoincrement())
                  title    String
                  created  DateTime @default(now())
                  authorId Int
                  author   User     @relation(fields: [authorId], references: [id], onDelete: Cascade)

                  @@index([authorId, created(sort: Desc)])
                }
                """.formatted(provider(), databaseUrl()));
        Run migrated = run("migrate", schemaFile.toString());
        assertThat(migrated.exitCode()).as(migrated.err()).isZero();
    }

    @Test
    void inspectPrintsTablesColumnsKeysAndIndexes() {
        Run run = run("db", "inspect", "--database-url", databaseUrl());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("table \"Post\"", "table \"User\"", "\"email\"  TEXT NOT NULL",
                "unique index \"User_email_key\" (\"email\")",
                "index \"Post_authorId_created_idx\" (\"authorId\", \"created\" DESC)",
                "foreign key \"Post_authorId_fkey\" (\"authorId\") references \"User\" (\"id\") on delete CASCADE on update CASCADE");
        assertThat(run.out()).doesNotContain("_plinth_migrations");
    }

    @Test
    void inspectJsonHasTheDocumentedShape() throws IOException {
        Run run = run("db", "inspect", schemaFile.toString(), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.get("database").asText()).isEqualTo(provider());
        assertThat(root.get("enums").isArray()).isTrue();
        assertThat(root.get("views").isArray()).isTrue();
        JsonNode post = root.get("tables").get(0);
        assertThat(post.get("name").asText()).isEqualTo("Post");
        assertThat(post.get("primaryKey").get("columns").get(0).asText()).isEqualTo("id");
        assertThat(post.get("columns").get(0).get("autoincrement").asBoolean()).isTrue();
        JsonNode created = post.get("columns").get(2);
        assertThat(created.get("name").asText()).isEqualTo("created");
        assertThat(created.get("nullable").asBoolean()).isFalse();
        assertThat(created.get("default").asText()).isEqualToIgnoringCase("CURRENT_TIMESTAMP");
        JsonNode key = post.get("foreignKeys").get(0);
        assertThat(key.get("referencedTable").asText()).isEqualTo("User");
        assertThat(key.get("onDelete").asText()).isEqualTo("CASCADE");
        JsonNode index = post.get("indexes").get(0);
        assertThat(index.get("unique").asBoolean()).isFalse();
        assertThat(index.get("columns").get(1).get("descending").asBoolean()).isTrue();
        assertThat(post.get("checks").isArray()).isTrue();
        assertThat(post.has("fullText")).isTrue();
    }

    @Test
    void pullWritesASchemaThatValidatesAndMatchesTheDatabase() throws IOException {
        Run pull = run("db", "pull", "--database-url", databaseUrl());
        assertThat(pull.exitCode()).as(pull.err()).isZero();
        assertThat(pull.err()).isEmpty();
        assertThat(pull.out().replaceAll(" +", " ")).contains("provider = \"" + provider() + "\"",
                "User User @relation(fields: [authorId], references: [id], onDelete: Cascade)", "Post Post[]",
                "email String @unique", "@@index([authorId, created(sort: Desc)])");
        Path pulled = dir.resolve("pulled.prisma");
        Files.writeString(pulled, pull.out());
        Run validate = run("validate", pulled.toString());
        assertThat(validate.exitCode()).as(validate.err()).isZero();
        Run migrate = run("migrate", pulled.toString(), "--database-url", databaseUrl(), "--dry-run");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains("The database matches the schema; nothing to do.");
    }

    @Test
    void theSchemaArgumentNamesTheDatabaseThroughItsDatasource() {
        Run byUrl = run("db", "pull", "--database-url", databaseUrl());
        Run bySchema = run("db", "pull", "--schema", schemaFile.toString());
        assertThat(bySchema.exitCode()).as(bySchema.err()).isZero();
        assertThat(bySchema.out()).isEqualTo(byUrl.out());
    }

    @Test
    void badUsageExitsTwoAndAnUnreadableDatabaseOne() throws IOException {
        Run both = run("db", "pull", schemaFile.toString(), "--schema", schemaFile.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("give the schema once");
        Run other = run("db", "inspect", "--database-url", "mysql://root@localhost/app");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("Plinth runs on SQLite and PostgreSQL");
        Path broken = dir.resolve("broken.prisma");
        Files.writeString(broken, "model {");
        Run invalid = run("db", "pull", broken.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("the schema has errors");
        Run unknownOption = run("db", "inspect", "--database-url", databaseUrl(), "--yaml");
        assertThat(unknownOption.exitCode()).isEqualTo(2);
    }
}
