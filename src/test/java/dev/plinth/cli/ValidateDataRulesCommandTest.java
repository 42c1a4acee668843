package dev.plinth.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth validate} on validators and @@validate: the CRM example passes, misuse fails with line and column. */
class ValidateDataRulesCommandTest {

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PlinthCommand.commandLine(System.getenv(), System.out, System.err).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void theCrmExamplesAreValid() {
        for (String example : new String[]{"examples/crm/schema.prisma", "examples/crm-camel/schema.prisma"}) {
            String[] r = run("validate", example);
            assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        }
    }

    @Test
    void misusedValidatorsFailWithLineAndColumn() throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, """
                model Person {
                  id    Int    @id
                  age   Int    @length(1, 3)
                  name  String @gt(0) @regex("(unclosed")
                  @@validate(nickname != null, "a nickname is required")
                  @@validate(length(age, 1))
                }
                """);
        String[] r = run("validate", file.toString());
        assertThat(r[0]).isEqualTo("1");
        String all = r[1] + r[2];
        assertThat(all).contains(file + ":3:16: error: @length applies to String fields and lists; `age` is Int.");
        assertThat(all).contains(file + ":4:16: error: @gt applies to Int, BigInt, Float and Decimal fields; `name` is String.");
        assertThat(all).contains(file + ":4:30: error: The regular expression /(unclosed/ does not compile");
        assertThat(all).contains(file + ":5:14: error: Unknown field `nickname` in model `Person`.");
        assertThat(all).contains(file + ":6:21: error: length() takes a String or a list; `age` is field `age` (Int).");
    }

    @Test
    void rulesInsideACompositeTypeAreCheckedWithLineAndColumn() throws Exception {
        Path file = dir.resolve("schema.prisma");
        Files.writeString(file, """
                type Address {
                  city  String  @trim @length(2, 80)
                  floor Int     @length(1, 3)
                  zip   String? @regex("(unclosed") @gte(0)
                  @@validate(planet != null, "a planet is required")
                  @@validate(city != zip, "the zip is not the city", path: ["zip"])
                  @@validate(geo != null)
                  geo   Geo?
                }
                type Geo {
                  lat Float
                }
                model Person {
                  id      Int     @id
                  address Address
                  @@validate(address != null)
                }
                """);
        String[] r = run("validate", file.toString());
        assertThat(r[0]).isEqualTo("1");
        String all = r[1] + r[2];
        assertThat(all).contains(file + ":3:17: error: @length applies to String fields and lists; `floor` is Int.");
        assertThat(all).contains(file + ":4:24: error: The regular expression /(unclosed/ does not compile");
        assertThat(all).contains(file + ":4:37: error: @gte applies to Int, BigInt, Float and Decimal fields; `zip` is String?.");
        assertThat(all).contains(file + ":5:14: error: Unknown field `planet` in type `Address`.");
        assertThat(all).doesNotContain(":6:").doesNotContain("block attributes").doesNotContain("relation");
        assertThat(all).contains(file + ":7:14: error: Geo fields cannot be read by rules: field `geo` (Geo?).");
        assertThat(all).contains(file + ":16:14: error: Address fields cannot be read by rules: field `address` (Address).");

        Files.writeString(file, """
                type Address {
                  city  String  @trim @length(2, 80)
                  zip   String? @regex("^[0-9]{5}$")
                  @@validate(city != zip, "the zip is not the city", path: ["zip"])
                }
                model Person {
                  id      Int     @id
                  address Address
                }
                """);
        r = run("validate", file.toString());
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
    }
}
