package dev.plinth.cli;

import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --hold-destructive} on the command line (docs/migrations.md, "Held destructive changes and orphaned
 * tables"): {@code plinth migrate} applies the additive steps and lists what it held, or refuses naming the steps
 * that cannot be held (exit 1, nothing changed); {@code plinth serve} reads it and {@code --admin-role} from
 * {@code PLINTH_HOLD_DESTRUCTIVE=1} and {@code PLINTH_ADMIN_ROLE}, lists the held changes at start, and refuses to
 * start on a step that cannot be held.
 */
class HoldDestructiveCommandTest {

    private static final String V1 = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }

            model Contact {
              id    Int    @id @default(autoincrement())
              name  String
              phone String
            }

            model Company {
              id   Int    @id @default(autoincrement())
              name String
            }
            """;
    private static final String V2 = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }

            model Contact {
              id   Int    @id @default(autoincrement())
              name String
            }
            """;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(Map.of(), System.out, System.err);
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

    private void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dev.db")); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private List<String> columns(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dev.db")); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    /** V1 migrated with a contact and a company, and the schema file then changed to V2. */
    private Path v2OverV1Rows() throws Exception {
        Path file = schema(V1);
        assertThat(run("migrate", file.toString()).exitCode()).isZero();
        sql("INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('Ann', '555')");
        sql("INSERT INTO \"Company\" (\"name\") VALUES ('Acme')");
        return schema(V2);
    }

    @Test
    void migrateHoldsTheDropsAndAppliesTheRest() throws Exception {
        Path file = v2OverV1Rows();
        Run dry = run("migrate", file.toString(), "--dry-run", "--hold-destructive");
        assertThat(dry.exitCode()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Held destructive changes (--hold-destructive", "drop column \"phone\" of \"Contact\"",
                "drop table \"Company\"", "make \"phone\" optional").doesNotContain("DROP TABLE \"Company\"", "-- destructive");

        Run json = run("migrate", file.toString(), "--dry-run", "--json", "--hold-destructive");
        assertThat(json.exitCode()).as(json.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(plan.get("destructive").asBoolean()).isFalse();
        assertThat(plan.get("held")).hasSize(2);
        assertThat(plan.get("held").get(0).get("kind").asText()).isEqualTo("drop_column");
        assertThat(plan.get("held").get(0).get("column").asText()).isEqualTo("phone");
        assertThat(plan.get("held").get(0).get("kept").asLong()).isEqualTo(1);
        assertThat(plan.get("held").get(1).get("kind").asText()).isEqualTo("drop_table");
        assertThat(plan.get("held").get(1).get("table").asText()).isEqualTo("Company");
        assertThat(plan.get("held").get(1).get("column").isNull()).isTrue();
        Run unheld = run("migrate", file.toString(), "--dry-run", "--json");
        assertThat(unheld.exitCode()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(unheld.out()).get("held")).isEmpty();

        Run refused = run("migrate", file.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Refused");

        Run held = run("migrate", file.toString(), "--hold-destructive");
        assertThat(held.exitCode()).as(held.err()).isZero();
        assertThat(held.out()).contains("Applied 1 step", "Held destructive changes", "1 value", "1 row");
        assertThat(columns("Contact")).containsExactly("id", "name", "phone");
        assertThat(columns("Company")).containsExactly("id", "name");
        sql("INSERT INTO \"Contact\" (\"name\") VALUES ('Bob')");

        Run again = run("migrate", file.toString(), "--hold-destructive=true");
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("nothing to do", "drop column \"phone\"");

        Run forced = run("migrate", file.toString(), "--force", "--hold-destructive");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).doesNotContain("Held destructive changes");
        assertThat(columns("Contact")).containsExactly("id", "name");
        assertThat(columns("Company")).isEmpty();
    }

    @Test
    void migrateRefusesAStepThatCannotBeHeldNamingIt() throws Exception {
        v2OverV1Rows();
        Path file = schema(V2.replace("name String", "name Int"));
        Run refused = run("migrate", file.toString(), "--hold-destructive");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("cannot be held by --hold-destructive", "\"name\"", "nothing was changed");
        assertThat(columns("Contact")).containsExactly("id", "name", "phone");
        assertThat(run("migrate", file.toString(), "--hold-destructive=maybe").exitCode()).isEqualTo(2);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private ServeCommand serve(Map<String, String> environment, String... args) {
        CommandLine cli = PlinthCommand.commandLine(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        cli.parseArgs(all);
        return cli.getSubcommands().get("serve").getCommand();
    }

    @Test
    void serveReadsTheFlagAndTheRoleFromTheEnvironmentAndListsWhatItHeld() throws Exception {
        Path file = v2OverV1Rows();
        assertThat(serve(Map.of(), file.toString()).holdDestructive).isFalse();
        assertThat(serve(Map.of(), file.toString()).adminRole).isEqualTo("admin");
        assertThat(serve(Map.of(), file.toString(), "--hold-destructive").holdDestructive).isTrue();
        assertThat(serve(Map.of("PLINTH_HOLD_DESTRUCTIVE", "0"), file.toString()).holdDestructive).isFalse();

        ServeCommand command = serve(Map.of("PLINTH_HOLD_DESTRUCTIVE", "1", "PLINTH_ADMIN_ROLE", "ops", "PLINTH_PORT", "0",
                "PLINTH_HOST", "127.0.0.1"), file.toString());
        assertThat(command.holdDestructive).isTrue();
        assertThat(command.adminRole).isEqualTo("ops");
        Optional<ServedApi> served = command.open();
        assertThat(served).as(err.toString(StandardCharsets.UTF_8)).isPresent();
        served.get().close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Held destructive changes", "drop column \"phone\" of \"Contact\"",
                "drop table \"Company\"", "/api/_orphaned/{table}");
    }

    @Test
    void serveRefusesToStartOnAStepThatCannotBeHeld() throws Exception {
        v2OverV1Rows();
        Path file = schema(V2.replace("name String", "name Int"));
        Optional<ServedApi> served = serve(Map.of(), file.toString(), "--hold-destructive", "--port", "0").open();
        assertThat(served).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plinth: Refused: these destructive steps cannot be held", "\"name\"");
        assertThat(columns("Contact")).containsExactly("id", "name", "phone");
    }

    @Test
    void aBadFlagValueNamesTheVariableItCameFrom() {
        int code = PlinthCommand.commandLine(Map.of("PLINTH_HOLD_DESTRUCTIVE", "maybe"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute("serve", "examples/crm/schema.prisma");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'maybe'", "(from PLINTH_HOLD_DESTRUCTIVE)");
    }
}
