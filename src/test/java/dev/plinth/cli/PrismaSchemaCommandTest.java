package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth prisma-schema} (docs/schema.md, "Prisma Client beside Plinth"). */
class PrismaSchemaCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(Map.of(), System.out, System.err).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsTheCopyAndSaysWhatItLeftOut() throws IOException {
        Run run = run("prisma-schema", "examples/rooms/schema.prisma");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith(Files.readString(Path.of("examples/rooms/schema.prisma")).substring(0, 300))
                .contains("  organization_id Int\n")
                .contains("  password_hash   String?\n")
                .doesNotContain("@@allow").doesNotContain("@mask").doesNotContain("auth()");
        assertThat(run.err()).isEqualTo("examples/rooms/schema.prisma: Prisma schema printed; 23 Plinth extensions left out,"
                + " 0 @map/@@map added\n");
    }

    @Test
    void writesToAFileWithOutputAndKeepsTheGeneratorOnlyWhenAsked() throws IOException {
        Path schema = dir.resolve("schema.prisma");
        Files.writeString(schema, """
                datasource db {
                  provider = "sqlite"
                  url      = "file:app.db"
                }

                generator plinth {
                  provider   = "plinth"
                  clientKeys = ["Tag"]
                }

                model Tag {
                  key String @id @default(cuid())
                }
                """);
        Path copy = dir.resolve("prisma/schema.prisma");
        Files.createDirectories(copy.getParent());
        Run run = run("prisma-schema", schema.toString(), "-o", copy.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("written to " + copy).contains("1 Plinth extension left out");
        assertThat(Files.readString(copy)).doesNotContain("generator plinth").contains("model Tag {");
        Run kept = run("prisma-schema", "--keep-generator", schema.toString());
        assertThat(kept.out()).isEqualTo(Files.readString(schema));
    }

    @Test
    void aBrokenSchemaGetsItsDiagnosticsAndExitOne() throws IOException {
        Path schema = dir.resolve("schema.prisma");
        Files.writeString(schema, "model A {\n  id Int @id\n  a Strng\n}\n");
        Run run = run("prisma-schema", schema.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains(schema + ":3:5: error: Type \"Strng\"").contains("1 error, schema rejected");
    }

    @Test
    void anUnwritableOutputIsOneLine() throws IOException {
        Run run = run("prisma-schema", "examples/notes/schema.prisma", "-o", dir.resolve("missing/dir/schema.prisma").toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("cannot be written").doesNotContain("Exception");
    }

    @Test
    void theHelpListsTheCommand() {
        assertThat(run("--help").out()).contains("prisma-schema");
        assertThat(run("prisma-schema", "--help").out()).contains("-o, --output=FILE").contains("--keep-generator");
    }
}
