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

/** {@code plinth validate} and {@code plinth prisma-schema} on a schema in the data-model spec's spellings. */
class SeedSpellingsCommandsTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:dev.db"
            }

            model User {
              id     Int      @id @default(autoincrement())
              name   String   @field("display_name")
              joined DateTime @createdAt
            }

            model Post {
              id     Int  @id @default(autoincrement())
              stars  Int  @default(between(1, 5))
              author User
            }
            """;

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
    void validatePrintsANoteForEachSpellingAndCountsThem() throws IOException {
        Path file = Files.writeString(dir.resolve("schema.prisma"), SCHEMA);
        Run run = run("validate", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo(file + " is valid: 2 models, 0 enums, 1 relation (4 notes)\n");
        assertThat(run.err())
                .contains(file + ":8:19: note: `@field(\"display_name\")` is the data-model spec's spelling; today's Prisma"
                        + " writes `@map(\"display_name\")`, which Plinth reads it as.\n"
                        + " 8 |   name   String   @field(\"display_name\")\n"
                        + "   |                   ^^^^^^^^^^^^^^^^^^^^^^\n")
                .contains(file + ":9:19: note: `@createdAt` is the data-model spec's spelling")
                .contains(file + ":14:24: note: `between(1, 5)` is a default of the data-model spec")
                .contains(file + ":15:3: note: `author User` names no foreign key")
                .doesNotContain("warning").doesNotContain("error");
    }

    @Test
    void prismaSchemaWritesTodaysSpelling() throws IOException {
        Path file = Files.writeString(dir.resolve("schema.prisma"), SCHEMA);
        Run run = run("prisma-schema", file.toString());
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("  name   String   @map(\"display_name\")\n")
                .contains("  joined DateTime @default(now())\n")
                .contains("  stars  Int\n")
                .contains("  author User @relation(fields: [authorId], references: [id])\n  authorId Int\n")
                .contains("  joined DateTime @default(now())\n  Post Post[]\n")
                .doesNotContain("@field").doesNotContain("@createdAt").doesNotContain("between");
        assertThat(run.err()).contains("1 Plinth extension left out");
    }
}
