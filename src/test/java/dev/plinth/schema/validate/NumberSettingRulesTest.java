package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code numbers} setting of {@code generator plinth}. */
class NumberSettingRulesTest {

    private static List<Diagnostic> errors(String value) {
        return SchemaLoader.parse("schema.prisma", """
                generator plinth {
                  provider = "plinth"
                  numbers  = %s
                }
                datasource db {
                  provider = "sqlite"
                  url      = "file:dev.db"
                }
                model M {
                  id Int @id
                }
                """.formatted(value)).errors();
    }

    @Test
    void takesNumberOrString() {
        assertThat(errors("\"string\"")).isEmpty();
        assertThat(errors("\"number\"")).isEmpty();
        List<Diagnostic> bad = errors("\"text\"");
        assertThat(bad).hasSize(1);
        assertThat(bad.getFirst().message()).contains("numbers", "\"number\", \"string\"", "\"text\"");
        assertThat(bad.getFirst().span().line()).isEqualTo(3);
        assertThat(bad.getFirst().span().column()).isEqualTo(14);
    }
}
