package dev.plinth.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.SharedMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(System.getenv(), System.out, System.err).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String text) throws IOException {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void summarizesAValidSchema() throws IOException {
        Path file = write("""
                enum Role {
                  USER
                }
                model User {
                  id    Int    @id
                  role  Role
                  posts Post[]
                }
                model Post {
                  id       Int  @id
                  authorId Int
                  author   User @relation(fields: [authorId], references: [id])
                }
                """);
        Run run = run("validate", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(file + " is valid: 2 models, 1 enum, 1 relation\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void printsDiagnosticsAndExitsOneForAnInvalidSchema() throws IOException {
        Path file = write("model A {\n  id Int @id\n  a Strng\n  b Foo\n}\n");
        Run run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains(file + ":3:5: error: Type \"Strng\" is neither a built-in type")
                .contains(" 3 |   a Strng\n   |     ^^^^^\n")
                .contains(file + ":4:5: error: Type \"Foo\"")
                .contains("2 errors, schema rejected")
                .doesNotContain("Exception");
    }

    @Test
    void printsPrismasDataModelShapeWithJson() throws IOException {
        Path real = SharedMaterial.root().resolve("schemas/real/indie-stack.prisma");
        Run run = run("validate", "--json", real.toString());
        assertThat(run.exitCode()).isZero();
        JsonNode ours = new ObjectMapper().readTree(run.out());
        JsonNode prisma = new ObjectMapper().readTree(real.resolveSibling("indie-stack.dmmf.json").toFile()).get("datamodel");
        assertThat(ours.get("models")).hasSize(prisma.get("models").size());
        assertThat(ours.get("models").get(0).get("fields").get(0).get("default"))
                .isEqualTo(prisma.get("models").get(0).get("fields").get(0).get("default"));
    }

    @Test
    void reportsAMissingFileWithoutAStackTrace() {
        Run run = run("validate", dir.resolve("nope.prisma").toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such file").doesNotContain("Exception");
    }

    @Test
    void reportsAFileThatIsNotUtf8() throws IOException {
        Path file = dir.resolve("latin1.prisma");
        Files.write(file, new byte[] {'m', 'o', 'd', 'e', 'l', ' ', (byte) 0xE9, '\n'});
        Run run = run("validate", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("not UTF-8");
    }

    @Test
    void acceptsShelfWithAWarning() {
        Run run = run("validate", SharedMaterial.root().resolve("schemas/real/shelf.prisma").toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("warning: Views cannot have primary keys");
        assertThat(run.out()).contains("is valid: 28 models, 1 view, 13 enums").contains("warning");
    }
}
