package dev.plinth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth migrate} with {@code --rename}, rename hints, and {@code --dry-run --json}, as a user runs it:
 * output, exit codes, and that a refused or bad command changes nothing; and {@code plinth serve} migrating at
 * start with the schema's {@code @plinth.renamedFrom} marker (a file-less serve) or {@code --rename}, serving the
 * rows under the new name. Run on SQLite and PostgreSQL by the
 * subclasses.
 */
abstract class RenameCommandContract {

    static final String BEFORE = """
            model Contact {
              id    Int    @id @default(autoincrement())
              name  String
              phone String

              @@index([phone])
            }
            """;

    static final String AFTER = BEFORE.replace("phone String", "mobile String").replace("@@index([phone])", "@@index([mobile])");

    @TempDir
    Path dir;

    /** The provider name for the datasource block. */
    abstract String provider();

    /** The --database-url of a fresh, empty database. */
    abstract String databaseUrl();

    /** Opens the database named by {@link #databaseUrl()}. */
    abstract Connection connect() throws SQLException;

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

    Path schema(String models) throws IOException {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, "datasource db {\n  provider = \"" + provider() + "\"\n  url = \"file:./dev.db\"\n}\n\n" + models);
        return file;
    }

    /** A database holding the BEFORE schema and three contacts. */
    Path contacts() throws Exception {
        Path file = schema(BEFORE);
        Run created = run("migrate", file.toString(), "--database-url", databaseUrl());
        assertThat(created.exitCode()).as(created.err()).isZero();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('a', '1'), ('b', '2'), ('c', '3')");
        }
        return schema(AFTER);
    }

    List<String> phones(String column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"" + column + "\" FROM \"Contact\" ORDER BY \"id\"")) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    @Test
    void renameKeepsTheValuesAndASecondRunIsEmpty() throws Exception {
        Path file = contacts();
        Run run = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Contact.phone=mobile");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("rename column \"phone\" of \"Contact\" to \"mobile\"");
        assertThat(phones("mobile")).containsExactly("1", "2", "3");
        Run again = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Contact.phone=mobile");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("nothing to do");
    }

    @Test
    void dryRunAndRefusalSayItLooksLikeARename() throws Exception {
        Path file = contacts();
        Run dry = run("migrate", file.toString(), "--database-url", databaseUrl(), "--dry-run");
        assertThat(dry.exitCode()).isZero();
        assertThat(dry.out()).contains("Hint: this looks like a rename: run with --rename Contact.phone=mobile");
        Run refused = run("migrate", file.toString(), "--database-url", databaseUrl());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Refused:", "Hint: this looks like a rename: run with --rename Contact.phone=mobile");
        assertThat(phones("phone")).containsExactly("1", "2", "3");
    }

    @Test
    void badRenamesAreUsageErrorsAndChangeNothing() throws Exception {
        Path file = contacts();
        Run syntax = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Contact.phone");
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).contains("'Contact.phone' is not a rename; write --rename Model=NewModel or --rename Model.oldField=newField");
        Run model = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Person.phone=mobile");
        assertThat(model.exitCode()).isEqualTo(2);
        assertThat(model.err()).contains("--rename Person.phone=mobile: the schema has no model Person (its models: Contact)");
        Run field = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Contact.phone=cell");
        assertThat(field.exitCode()).isEqualTo(2);
        assertThat(field.err()).contains("the model Contact has no field cell (its fields: id, name, mobile)");
        Run missing = run("migrate", file.toString(), "--database-url", databaseUrl(), "--rename", "Contact.fax=mobile");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("the database has no column of table Contact named fax");
        Run json = run("migrate", file.toString(), "--database-url", databaseUrl(), "--json");
        assertThat(json.exitCode()).isEqualTo(2);
        assertThat(json.err()).contains("--json prints a plan: use it with --dry-run");
        assertThat(phones("phone")).containsExactly("1", "2", "3");
    }

    @Test
    void dryRunJsonIsThePlanAsData() throws Exception {
        Path file = contacts();
        Run run = run("migrate", file.toString(), "--database-url", databaseUrl(), "--dry-run", "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertThat(plan.get("database").asText()).isEqualTo(provider());
        assertThat(plan.get("destructive").asBoolean()).isTrue();
        assertThat(plan.get("held").isArray()).isTrue();
        assertThat(plan.get("held")).isEmpty();
        assertThat(plan.get("warnings").isArray()).isTrue();
        assertThat(plan.get("renameHints").get(0).get("rename").asText()).isEqualTo("Contact.phone=mobile");
        assertThat(plan.get("renameHints").get(0).get("message").asText()).startsWith("this looks like a rename");
        JsonNode destructive = null;
        for (JsonNode step : plan.get("steps")) {
            assertThat(step.fieldNames()).toIterable().containsExactlyInAnyOrder("action", "table", "safety", "description", "dataLoss", "sql", "rows");
            if (step.get("safety").asText().equals("destructive")) {
                destructive = step;
            }
        }
        assertThat(destructive).isNotNull();
        assertThat(destructive.get("table").asText()).isEqualTo("Contact");
        assertThat(destructive.get("rows").asLong()).isEqualTo(3);
        assertThat(destructive.get("dataLoss").asText()).contains("3 non-null values");
        assertThat(destructive.get("sql").isArray()).isTrue();
        assertThat(destructive.get("sql")).isNotEmpty();

        Run renamed = run("migrate", file.toString(), "--database-url", databaseUrl(), "--dry-run", "--json", "--rename", "Contact.phone=mobile");
        JsonNode steps = new ObjectMapper().readTree(renamed.out()).get("steps");
        assertThat(steps.get(0).get("action").asText()).isEqualTo("RENAME_COLUMN");
        assertThat(steps.get(0).get("safety").asText()).isEqualTo("additive");
        assertThat(steps.get(0).get("dataLoss").isNull()).isTrue();
        assertThat(new ObjectMapper().readTree(renamed.out()).get("destructive").asBoolean()).isFalse();
        assertThat(phones("phone")).containsExactly("1", "2", "3");
    }

    static final String MARKED = AFTER.replace("  mobile String", "  /// @plinth.renamedFrom(\"phone\")\n  mobile String");
    
    // ---- plinth serve: the start-up migration ----

    private final ByteArrayOutputStream serveOut = new ByteArrayOutputStream();
    private final ByteArrayOutputStream serveErr = new ByteArrayOutputStream();

    ServeCommand command(String... args) {
        ServeCommand serve = new ServeCommand(Map.of(), new PrintStream(serveOut, true, StandardCharsets.UTF_8),
                new PrintStream(serveErr, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    String contactsServed(ServedApi api) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/contacts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void serveWithTheMarkerRenamesAtStartAndServesTheRowsUnderTheNewName() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(MARKED).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(served).as(serveErr.toString()).isPresent();
        try (ServedApi api = served.get()) {
            assertThat(api.migration().plan().script()).contains("RENAME COLUMN \"phone\" TO \"mobile\"");
            assertThat(contactsServed(api)).contains("\"mobile\":\"1\"");
        }
        Optional<ServedApi> again = command(schema(MARKED).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(again).isPresent();
        try (ServedApi api = again.get()) {
            assertThat(api.migration().plan().isEmpty()).as("the marker is inert once renamed").isTrue();
        }
    }

    @Test
    void serveWithRenameRenamesAtStart() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(AFTER).toString(), "--port", "0", "--database-url", databaseUrl(),
                "--rename", "Contact.phone=mobile").open();
        assertThat(served).as(serveErr.toString()).isPresent();
        try (ServedApi api = served.get()) {
            assertThat(contactsServed(api)).contains("\"mobile\":\"1\"");
        }
    }

    @Test
    void serveWithoutARenameRefusesWithAHint() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(AFTER).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(served).isEmpty();
        assertThat(serveErr.toString(StandardCharsets.UTF_8)).contains("refusing to start",
                "Hint: this looks like a rename: run with --rename Contact.phone=mobile");
    }

    @Test
    void serveWithABadRenameIsAUsageError() throws Exception {
        contacts();
        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        int code = PlinthCommand.commandLine(Map.of(), new PrintStream(serveOut, true, StandardCharsets.UTF_8),
                new PrintStream(usage, true, StandardCharsets.UTF_8)).execute("serve", schema(AFTER).toString(), "--port", "0",
                "--database-url", databaseUrl(), "--rename", "Contact.phone=cell");
        assertThat(code).isEqualTo(2);
        assertThat(usage.toString(StandardCharsets.UTF_8)).contains("the model Contact has no field cell");
    }
}
