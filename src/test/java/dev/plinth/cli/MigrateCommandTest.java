package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth migrate} as a user runs it: output, exit codes, and what happens to the database. */
class MigrateCommandTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./data/dev.db"
            }

            enum Role {
              USER
              ADMIN
            }

            model User {
              id    Int     @id @default(autoincrement())
              email String  @unique
              name  String?
              role  Role    @default(USER)
              posts Post[]
            }

            model Post {
              id       String @id @default(cuid())
              title    String
              authorId Int
              author   User   @relation(fields: [authorId], references: [id])
            }
            """;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(System.getenv(), System.out, System.err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path schema(String text) throws IOException {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void dryRunPrintsMarkedSqlAndChangesNothing() throws IOException {
        Path file = schema(SCHEMA);
        Run run = run("migrate", file.toString(), "--dry-run");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("-- additive: create table \"User\"", "CREATE TABLE \"Post\"",
                "CONSTRAINT \"Post_authorId_fkey\"", "dry run: nothing was changed");
        assertThat(dir.resolve("data/dev.db")).doesNotExist();
    }

    @Test
    void migratesTheSqliteFileBesideTheSchemaThenDoesNothing() throws Exception {
        Path file = schema(SCHEMA);
        Run first = run("migrate", file.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("[1/2] create table \"User\"", "Applied 2 steps");
        assertThat(dir.resolve("data/dev.db")).exists();
        assertThat(tables(dir.resolve("data/dev.db"))).isEqualTo(3);
        Run second = run("migrate", file.toString());
        assertThat(second.exitCode()).isZero();
        assertThat(second.out()).contains("nothing to do");
    }

    @Test
    void refusesDestructiveChangeWithExitCodeOneThenAcceptsDataLoss() throws Exception {
        Path file = schema(SCHEMA);
        assertThat(run("migrate", file.toString()).exitCode()).isZero();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("data/dev.db"));
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"User\" (\"email\", \"name\") VALUES ('a@x.test', 'Ann'), ('b@x.test', 'Bob')");
        }
        schema(SCHEMA.replace("  name  String?\n", ""));
        Run refused = run("migrate", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Refused", "\"User\".\"name\"", "2 non-null values", "Nothing was changed", "--force");
        assertThat(columns(dir.resolve("data/dev.db"), "User")).contains("name");

        Run forced = run("migrate", file.toString(), "--accept-data-loss");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("[destructive]");
        assertThat(columns(dir.resolve("data/dev.db"), "User")).doesNotContain("name");
    }

    @Test
    void aPostgresDbGeneratedDefaultMigratesOnSqliteWithAWarningForTheOneWithoutEquivalent() throws Exception {
        Path file = schema("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                model Event {
                  id      String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
                  at      DateTime @default(dbgenerated("CLOCK_TIMESTAMP()"))
                  backend Int?     @default(dbgenerated("pg_backend_pid()"))
                }
                """);
        Run run = run("migrate", file.toString(), "--database-url", "file:" + dir.resolve("events.db"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("warning: Event.backend: @default(dbgenerated(\"pg_backend_pid()\")) has no SQLite equivalent")
                .doesNotContain("Event.id", "Event.at");
        assertThat(run.out()).contains("Applied 1 step");
    }

    @Test
    void databaseUrlOverridesTheDatasourceAndRunsOnPostgres() throws Exception {
        Path file = schema(SCHEMA);
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            Run run = run("migrate", file.toString(), "--database-url", pg.url());
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).contains("PostgreSQL database", "create enum type \"Role\"");
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(3);
            }
            assertThat(run("migrate", file.toString(), "--database-url", pg.url()).out()).contains("nothing to do");

            String inSchema = pg.url() + (pg.url().contains("?") ? "&" : "?") + "schema=crm";
            Run crm = run("migrate", file.toString(), "--database-url", inSchema);
            assertThat(crm.exitCode()).as(crm.err()).isZero();
            assertThat(crm.out()).contains("create schema \"crm\"");
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'crm'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(3);
            }
            assertThat(run("migrate", file.toString(), "--database-url", inSchema).out()).contains("nothing to do");
        }
        assertThat(dir.resolve("data/dev.db")).doesNotExist();
    }

    @Test
    void badInputIsAClearErrorWithExitCodeOne() throws IOException {
        Run missing = run("migrate", dir.resolve("nope.prisma").toString());
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.prisma: no such file");

        Path file = schema("model User {\n  id Int @id\n  name String @default(\n}\n");
        Run invalid = run("migrate", file.toString());
        assertThat(invalid.exitCode()).isEqualTo(1);
        assertThat(invalid.err()).contains("schema.prisma:3:", "the database was not touched");

        schema(SCHEMA);
        Run badUrl = run("migrate", file.toString(), "--database-url", "mysql://root@localhost/db");
        assertThat(badUrl.exitCode()).isEqualTo(1);
        assertThat(badUrl.err()).contains("SQLite and PostgreSQL");

        Run unreachable = run("migrate", file.toString(), "--database-url", "postgresql://postgres@127.0.0.1:1/none");
        assertThat(unreachable.exitCode()).isEqualTo(1);
        assertThat(unreachable.err()).contains("cannot connect to the database").doesNotContain("\tat ");
    }

    private static int tables(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static String columns(Path db, String table) throws SQLException {
        StringBuilder names = new StringBuilder();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (r.next()) {
                names.append(r.getString(1)).append(' ');
            }
        }
        return names.toString();
    }
}
