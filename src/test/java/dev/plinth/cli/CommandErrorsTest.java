package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Every way a command can fail on the user's input or machine ends in one line on standard error —
 * {@code plinth COMMAND: what: what is wrong; what to do} — and a non-zero exit code, with a stack
 * trace only under {@code --verbose}. Commands run as {@link PlinthCommand#main} runs them.
 */
class CommandErrorsTest {

    private static final String SCHEMA = Path.of("examples/crm/schema.prisma").toString();
    /** A serve that starts by mistake would block forever; this bounds the damage, not the speed. */
    private static final Duration HANG = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = assertTimeoutPreemptively(HANG, () -> PlinthCommand.commandLine(environment,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    /** Asserts the run failed with exactly one line on standard error, prefixed by its command, containing each text. */
    private static void oneLine(Run run, int exitCode, String command, String... texts) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(exitCode);
        String err = run.err().strip();
        assertThat(err).as("one line on standard error").doesNotContain("\n").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(err).startsWith("plinth " + command + ": ").contains(texts);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aMissingSchemaFileIsOneLineForEveryCommand() {
        for (String command : new String[] {"serve", "migrate", "validate"}) {
            oneLine(run(command, "missing.prisma"), 1, command, "missing.prisma: no such file", "check the path");
        }
    }

    @Test
    void aDirectoryInsteadOfTheSchemaFileNamesTheFileInside() throws IOException {
        Files.writeString(dir.resolve("schema.prisma"), "model A {\n  id Int @id\n}\n");
        for (String command : new String[] {"serve", "migrate", "validate"}) {
            oneLine(run(command, dir.toString()), 1, command, dir + " is a directory", "e.g. " + dir.resolve("schema.prisma"));
        }
    }

    @Test
    void anUnreadableSchemaFileSaysPermissionDenied() throws IOException {
        Path file = Files.writeString(dir.resolve("schema.prisma"), "model A {\n  id Int @id\n}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "the test runs as a user that permissions apply to (not root)");
        for (String command : new String[] {"serve", "migrate", "validate"}) {
            oneLine(run(command, file.toString()), 1, command, "permission denied", "chmod");
        }
    }

    @Test
    void aBadDatabaseUrlIsOneLine() {
        for (String command : new String[] {"serve", "migrate"}) {
            oneLine(run(command, SCHEMA, "--database-url", "nonsense"), 1, command, "cannot read the database URL nonsense", "file:./dev.db");
            oneLine(run(command, SCHEMA, "--database-url", "postgresql://[bad"), 1, command, "malformed",
                    "postgresql://user:password@host:5432/db");
            oneLine(run(command, SCHEMA, "--database-url", "mysql://root@localhost/db"), 1, command, "SQLite and PostgreSQL");
        }
    }

    @Test
    void anUnreachablePostgresIsOneLine() throws IOException {
        String url = "postgresql://postgres@127.0.0.1:" + closedPort() + "/none";
        oneLine(run("serve", SCHEMA, "--port", "0", "--database-url", url), 1, "serve",
                "cannot connect to the database " + url, "refused", "check that the database server runs");
        Run migrate = run("migrate", SCHEMA, "--database-url", url);
        assertThat(migrate.out()).contains("PostgreSQL database " + url);
        oneLine(migrate, 1, "migrate", "cannot connect to the database " + url, "check that the database server runs");
    }

    @Test
    void aPortInUseIsOneLineNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            oneLine(run("serve", SCHEMA, "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--database-url", "file:" + dir.resolve("crm.db")), 1, "serve",
                    "port " + port + " on 127.0.0.1 is already in use", "--port");
        }
    }

    @Test
    void tokenProblemsAreOneLine() {
        oneLine(run("token", "--sub", "alice"), 1, "token", "set PLINTH_JWT_SECRET");
        Map<String, String> secret = Map.of("PLINTH_JWT_SECRET", "x".repeat(40));
        oneLine(run(secret, "token", "--sub", "alice", "--ttl", "soon"), 2, "token", "--ttl soon is not a duration");
        oneLine(run(secret, "token"), 2, "token", "Missing required option: '--sub", "plinth help token");
    }

    @Test
    void wrongUsageIsOneLinePointingAtTheHelp() {
        oneLine(run("serve"), 2, "serve", "Missing required parameter: 'SCHEMA'", "see 'plinth help serve'");
        oneLine(run("migrate", SCHEMA, "--dry"), 2, "migrate", "Unknown option: '--dry' (did you mean --dry-run?)", "see 'plinth help migrate'");
        Run unknown = run("serv", SCHEMA);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err().strip()).startsWith("plinth: Unmatched argument").contains("'serv'", "(did you mean serve?)",
                "see 'plinth --help'").doesNotContain("\n", "\tat ");
    }

    /** A command with a defect: what the reporter does with an exception no command anticipated. */
    @picocli.CommandLine.Command(name = "defect")
    static final class Defect implements Runnable {
        @Override
        public void run() {
            throw new IllegalStateException("boom");
        }
    }

    @Test
    void anUnexpectedExceptionIsOneLineSuggestingVerbose() {
        java.io.StringWriter err = new java.io.StringWriter();
        int code = new picocli.CommandLine(new Defect()).setExecutionExceptionHandler(new FailureReporter())
                .setErr(new java.io.PrintWriter(err)).execute();
        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).isEqualTo("defect: unexpected IllegalStateException: boom (run again with --verbose for the stack trace)");
    }

    @Test
    void verboseAddsTheStackTrace() {
        Run run = run("serve", "missing.prisma", "--verbose");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("plinth serve: missing.prisma: no such file")
                .contains("NoSuchFileException", "\tat ");
        Run before = run("--verbose", "validate", "missing.prisma");
        assertThat(before.err()).contains("\tat ");
    }
}
