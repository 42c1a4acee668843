package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth validate} on access rules: the rooms example passes, rules that cannot compile fail with line and column. */
class ValidateRulesCommandTest {

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(System.getenv(), System.out, System.err).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theRoomsExampleIsValid() {
        String[] r = run("validate", "examples/rooms/schema.prisma");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).contains("is valid: 4 models, 1 enum");
    }

    @Test
    void rulesThatCannotCompileFailWithLineAndColumn() throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, """
                model Post {
                  id    Int    @id
                  title String
                  @@allow('read', title == 3)
                  @@deny('erase', true)
                  @@allow('update', role == 'admin')
                }
                """);
        String[] r = run("validate", file.toString());
        assertThat(r[0]).isEqualTo("1");
        String all = r[1] + r[2];
        assertThat(all).contains(file + ":4:19: error: Type mismatch: cannot compare field `title` (String) with a number.");
        assertThat(all).contains(file + ":5:10: error: Unknown operation `erase`");
        assertThat(all).contains(file + ":6:21: error: Unknown field `role` in model `Post`.");
    }
}
