package dev.plinth.cli;

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

/** {@code plinth migrate --dry-run} after switching {@code naming}: the plan is renames, and nothing changes until applied. */
class NamingMigrateCommandTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./data/dev.db"
            }

            generator plinth {
              provider = "plinth"
              %s
            }

            model RoomBooking {
              id          Int    @id @default(autoincrement())
              displayName String
            }
            """;

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

    @Test
    void dryRunShowsTheRenamesThenMigrateKeepsTheRows() throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, SCHEMA.formatted(""));
        assertThat(run("migrate", file.toString())[0]).isEqualTo("0");
        String url = "jdbc:sqlite:" + dir.resolve("data/dev.db");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"RoomBooking\" (\"displayName\") VALUES ('Standup')");
        }
        Files.writeString(file, SCHEMA.formatted("naming = \"snake_case\""));
        String[] dry = run("migrate", file.toString(), "--dry-run");
        assertThat(dry[0]).as(dry[2]).isEqualTo("0");
        assertThat(dry[1]).contains("-- additive: rename table \"RoomBooking\" to \"room_booking\" (1 row kept)",
                "ALTER TABLE \"RoomBooking\" RENAME TO \"room_booking\"",
                "-- additive: rename column \"displayName\" of \"room_booking\" to \"display_name\"",
                "dry run: nothing was changed").doesNotContain("DROP TABLE", "CREATE TABLE");
        String[] applied = run("migrate", file.toString());
        assertThat(applied[0]).as(applied[2]).isEqualTo("0");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT display_name FROM room_booking")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("Standup");
        }
    }
}
