package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Turning {@code audit_fields = true} on for an existing database is an additive migration: the audit
 * columns are added, existing rows keep their values and get a time, nothing is destructive. On SQLite
 * and PostgreSQL, through {@code plinth migrate} as a user runs it.
 */
class AuditFieldsMigrationTest {

    private static final String BEFORE = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }
            generator plinth {
              provider = "plinth"
            }
            model Note {
              id   Int    @id @default(autoincrement())
              text String
            }
            """;

    private static final String AFTER = BEFORE.replace("  provider = \"plinth\"\n", "  provider     = \"plinth\"\n  audit_fields = true\n");

    @TempDir
    Path dir;

    private String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(System.getenv(), System.out, System.err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    private void check(String url, Connection c) throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, BEFORE);
        String[] first = run("migrate", file.toString(), "--database-url", url);
        assertThat(first[0]).as(first[2]).isEqualTo("0");
        try (Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"Note\" (\"text\") VALUES ('kept')");
        }
        Files.writeString(file, AFTER);
        String[] dry = run("migrate", file.toString(), "--database-url", url, "--dry-run");
        assertThat(dry[0]).as(dry[2]).isEqualTo("0");
        assertThat(dry[1]).contains("createdAt", "createdBy", "updatedAt", "updatedBy").contains(" 0 destructive").doesNotContain("[destructive]");
        String[] second = run("migrate", file.toString(), "--database-url", url);
        assertThat(second[0]).as(second[1] + second[2]).isEqualTo("0");
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"text\", \"createdAt\", \"updatedAt\", \"createdBy\" FROM \"Note\"")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("kept");
            assertThat(r.getString(2)).isNotNull();
            assertThat(r.getString(3)).isNotNull();
            assertThat(r.getString(4)).isNull();
        }
        assertThat(run("migrate", file.toString(), "--database-url", url)[1]).contains("nothing to do");
    }

    @Test
    void auditFieldsAreAddedToAnExistingSqliteDatabase() throws Exception {
        Path db = dir.resolve("dev.db");
        String url = "file:" + db;
        Files.writeString(dir.resolve("schema.prisma"), BEFORE);
        assertThat(run("migrate", dir.resolve("schema.prisma").toString(), "--database-url", url)[0]).isEqualTo("0");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            check(url, c);
        }
    }

    @Test
    void auditFieldsAreAddedToAnExistingPostgresDatabase() throws Exception {
        try (PostgresTestDatabase pg = PostgresTestDatabase.create()) {
            Files.writeString(dir.resolve("schema.prisma"), BEFORE);
            assertThat(run("migrate", dir.resolve("schema.prisma").toString(), "--database-url", pg.url())[0]).isEqualTo("0");
            try (Connection c = pg.connect()) {
                check(pg.url(), c);
            }
        }
    }
}
