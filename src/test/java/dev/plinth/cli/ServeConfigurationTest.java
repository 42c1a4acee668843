package dev.plinth.cli;

import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code plinth serve} configured by environment (README, "Configuration"): every option from its
 * {@code PLINTH_*} variable, a flag winning over it, the variable winning over the datasource's url;
 * each variable listed in {@code serve --help} and the README. The environment is the map given to the
 * command line, never the process's.
 */
class ServeConfigurationTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** Parses {@code plinth serve ARGS} as the launcher would, with this environment. */
    private ServeCommand serve(Map<String, String> environment, String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cli = PlinthCommand.commandLine(environment, o, e);
        String[] all = new String[args.length + 1];
        all[0] = "serve";
        System.arraycopy(args, 0, all, 1, args.length);
        cli.parseArgs(all);
        return cli.getSubcommands().get("serve").getCommand();
    }

    @Test
    void everyOptionComesFromItsVariable(@TempDir Path dir) {
        Path db = dir.resolve("env.db");
        ServeCommand serve = serve(Map.of("PLINTH_PORT", "0", "PLINTH_HOST", "127.0.0.1", "PLINTH_DATABASE_URL", "file:" + db,
                "PLINTH_CORS_ORIGIN", "https://b.example.com, http://localhost:5173", "PLINTH_SHUTDOWN_TIMEOUT", "3",
                "PLINTH_ALLOW_ANONYMOUS", "true", "PLINTH_MAX_BODY_SIZE", "2048", "PLINTH_ORG_CLAIM", "tenant"),
                "examples/crm/schema.prisma");
        assertThat(serve.port).isZero();
        assertThat(serve.host).isEqualTo("127.0.0.1");
        assertThat(serve.corsOrigins).containsExactly("https://b.example.com", "http://localhost:5173");
        assertThat(serve.shutdownSeconds).isEqualTo(3);
        assertThat(serve.allowAnonymous).isTrue();
        assertThat(serve.maxBodyBytes).isEqualTo(2048);
        assertThat(serve.orgClaim).isEqualTo("tenant");
        Optional<ServedApi> served = serve.open();
        assertThat(served).as(err.toString()).isPresent();
        served.get().close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SQLite " + db, "CORS: http://localhost:5173, https://b.example.com");
    }

    @Test
    void aFlagWinsOverItsVariable(@TempDir Path dir) {
        ServeCommand serve = serve(Map.of("PLINTH_PORT", "1234", "PLINTH_DATABASE_URL", "file:" + dir.resolve("env.db"),
                "PLINTH_CORS_ORIGIN", "https://env.example.com"), "examples/crm/schema.prisma", "--port", "0",
                "--database-url", "file:" + dir.resolve("flag.db"), "--cors-origin", "https://flag.example.com",
                "--cors-origin", "https://other.example.com");
        assertThat(serve.port).isZero();
        assertThat(serve.databaseUrl).isEqualTo("file:" + dir.resolve("flag.db"));
        assertThat(serve.corsOrigins).containsExactly("https://flag.example.com", "https://other.example.com");
        assertThat(serve(Map.of(), "examples/crm/schema.prisma").port).isEqualTo(8080);
    }

    @Test
    void theVariableWinsOverTheDatasourceUrl(@TempDir Path dir) throws IOException {
        Path schema = dir.resolve("schema.prisma");
        Files.writeString(schema, """
                datasource db {
                  provider = "sqlite"
                  url      = env("NOTES_DB")
                }

                model Note {
                  id    Int    @id @default(autoincrement())
                  title String
                }
                """);
        Map<String, String> environment = new HashMap<>(Map.of("NOTES_DB", "file:" + dir.resolve("datasource.db"),
                "PLINTH_PORT", "0", "PLINTH_HOST", "127.0.0.1"));
        serve(environment, schema.toString()).open().orElseThrow().close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SQLite " + dir.resolve("datasource.db"));
        environment.put("PLINTH_DATABASE_URL", "file:" + dir.resolve("variable.db"));
        serve(environment, schema.toString()).open().orElseThrow().close();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("SQLite " + dir.resolve("variable.db"));
    }

    @Test
    void aBadValueNamesTheVariableItCameFrom() {
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = PlinthCommand.commandLine(Map.of("PLINTH_PORT", "eighty"), new PrintStream(out, true, StandardCharsets.UTF_8), e)
                .execute("serve", "examples/crm/schema.prisma");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("plinth serve: ", "'eighty'", "(from PLINTH_PORT)");
    }

    @Test
    void aBadOriginIsRefusedBeforeAnythingStarts(@TempDir Path dir) {
        ServeCommand serve = serve(Map.of("PLINTH_CORS_ORIGIN", "https://app.example.com/path"), "examples/crm/schema.prisma",
                "--port", "0", "--host", "127.0.0.1", "--database-url", "file:" + dir.resolve("crm.db"));
        assertThatThrownBy(serve::open).isInstanceOf(CommandFailure.class)
                .hasMessageContaining("--cors-origin https://app.example.com/path is not an origin");
        assertThat(Files.exists(dir.resolve("crm.db"))).isFalse();
    }

    @Test
    void everyVariableIsListedInTheHelpAndTheReadme() throws IOException {
        CommandLine cli = PlinthCommand.commandLine(Map.of(), System.out, System.err);
        List<OptionSpec> options = OptionVariables.options(cli.getSubcommands().get("serve"));
        assertThat(options).extracting(OptionSpec::longestName).contains("--port", "--database-url", "--host", "--cors-origin",
                "--shutdown-timeout", "--pool-size").doesNotContain("--help", "--version", "--verbose");
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        PlinthCommand.commandLine(Map.of(), new PrintStream(help, true, StandardCharsets.UTF_8), System.err).execute("serve", "--help");
        String readme = Files.readString(Path.of("README.md"));
        for (OptionSpec option : options) {
            String variable = OptionVariables.variable(option);
            assertThat(help.toString(StandardCharsets.UTF_8)).as("serve --help").containsPattern(
                    java.util.regex.Pattern.quote(option.longestName()) + " +" + variable);
            assertThat(readme).as("README.md lists " + variable).contains("`" + variable + "`");
        }
    }
}
