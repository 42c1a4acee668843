package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth validate} says when a field looks like a convention but is not treated as one (docs/schema.md, "Conventions"). */
class ValidateConventionHintsTest {

    @TempDir
    Path dir;

    private String[] run(Path file) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(System.getenv(), System.out, System.err)
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute("validate", file.toString());
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void aCamelCaseCreatedByIsAWarningWithItsPlaceAndWhatToAdd() throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, """
                model Note {
                  id        Int     @id
                  createdBy String?
                }
                """);
        String[] run = run(file);
        assertThat(run[0]).isEqualTo("0");
        assertThat(run[2]).contains(file + ":3:3: warning: Field \"createdBy\" of model \"Note\" looks like the created_by"
                + " convention but is an ordinary field", "conventions = \"any_spelling\"", "  createdBy String?");
        assertThat(run[1]).isEqualTo(file + " is valid: 1 model, 0 enums, 0 relations (1 warning)\n");

        Files.writeString(file, """
                generator plinth {
                  provider    = "plinth"
                  conventions = "any_spelling"
                }
                model Note {
                  id        Int     @id
                  createdBy String?
                }
                """);
        String[] quiet = run(file);
        assertThat(quiet[2]).isEmpty();
        assertThat(quiet[1]).isEqualTo(file + " is valid: 1 model, 0 enums, 0 relations\n");
    }
}
