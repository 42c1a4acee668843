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
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth serve} migrating with renames: the schema's {@code @plinth.renamedFrom} marker (a file-less serve)
 * and {@code --rename} keep the rows, which are then served under the new name; without either, the refusal
 * hints at the rename; a bad {@code --rename} is a usage error. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class ServeRenameContract {

    static final String BEFORE = """
            model Contact {
              id    Int    @id @default(autoincrement())
              name  String
              phone String
            }
            """;

    static final String MARKED = BEFORE.replace("  phone String", "  /// @plinth.renamedFrom(\"phone\")\n  mobile String");
    static final String UNMARKED = BEFORE.replace("phone String", "mobile String");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    abstract String provider();

    abstract String databaseUrl();

    abstract Connection connect() throws SQLException;

    Path schema(String models) throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, "datasource db {\n  provider = \"" + provider() + "\"\n  url = \"file:./dev.db\"\n}\n\n" + models);
        return file;
    }

    ServeCommand command(String... args) {
        ServeCommand serve = new ServeCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        new CommandLine(serve).parseArgs(args);
        return serve;
    }

    void contacts() throws Exception {
        Optional<ServedApi> first = command(schema(BEFORE).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(first).as(err.toString()).isPresent();
        first.get().close();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('Ada', '555-0100')");
        }
    }

    String contactsServed(ServedApi api) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/contacts")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theMarkerRenamesAtStartAndTheRowIsServedUnderTheNewName() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(MARKED).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(served).as(err.toString()).isPresent();
        try (ServedApi api = served.get()) {
            assertThat(api.migration().plan().script()).contains("RENAME COLUMN \"phone\" TO \"mobile\"");
            assertThat(contactsServed(api)).contains("\"mobile\":\"555-0100\"");
        }
        Optional<ServedApi> again = command(schema(MARKED).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(again).isPresent();
        try (ServedApi api = again.get()) {
            assertThat(api.migration().plan().isEmpty()).as("the marker is inert once renamed").isTrue();
        }
    }

    @Test
    void renameOptionRenamesAtStart() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(UNMARKED).toString(), "--port", "0", "--database-url", databaseUrl(),
                "--rename", "Contact.phone=mobile").open();
        assertThat(served).as(err.toString()).isPresent();
        try (ServedApi api = served.get()) {
            assertThat(contactsServed(api)).contains("\"mobile\":\"555-0100\"");
        }
    }

    @Test
    void withoutARenameTheRefusalHintsAtOne() throws Exception {
        contacts();
        Optional<ServedApi> served = command(schema(UNMARKED).toString(), "--port", "0", "--database-url", databaseUrl()).open();
        assertThat(served).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("refusing to start",
                "Hint: this looks like a rename: run with --rename Contact.phone=mobile");
    }

    @Test
    void aBadRenameIsAUsageError() throws Exception {
        contacts();
        ByteArrayOutputStream usage = new ByteArrayOutputStream();
        int code = PlinthCommand.commandLine(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(usage, true, StandardCharsets.UTF_8)).execute("serve", schema(UNMARKED).toString(), "--port", "0",
                "--database-url", databaseUrl(), "--rename", "Contact.phone=cell");
        assertThat(code).isEqualTo(2);
        assertThat(usage.toString(StandardCharsets.UTF_8)).contains("the model Contact has no field cell");
    }
}
