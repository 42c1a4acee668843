package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth validate} on composite types: counted in the summary; the spec's {@code embed} spelling is a warning. */
class CompositeValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void countsCompositeTypesAndWarnsAboutTheEmbedSpelling() throws IOException {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, """
                datasource db {
                  provider = "sqlite"
                  url      = "file:dev.db"
                }
                type Address {
                  city String
                }
                embed Geo {
                  lat Float
                }
                model Contact {
                  id      Int      @id
                  address Address?
                  geo     Geo?
                }
                """);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(System.getenv(), System.out, System.err).setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err)).execute("validate", file.toString());
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo(file + " is valid: 1 model, 0 enums, 0 relations, 2 composite types (1 warning)\n");
        assertThat(err.toString()).contains(file + ":8:1: warning: `embed Geo` is the Prisma data-model spec's spelling;"
                + " today's Prisma spells it `type Geo { … }`.").contains(" 8 | embed Geo {\n   | ^^^^^\n");
    }
}
