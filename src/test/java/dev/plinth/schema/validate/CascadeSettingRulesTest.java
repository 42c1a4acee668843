package dev.plinth.schema.validate;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.SchemaAst;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cascadeHardDelete} and {@code cascadeKeep} of {@code generator plinth}, as {@code plinth validate} reports them. */
class CascadeSettingRulesTest {

    private static final String MODELS = """
            model Room {
              id         Int       @id @default(autoincrement())
              deleted_at DateTime?
              tags       Tag[]
            }
            model Tag {
              id      Int  @id @default(autoincrement())
              room_id Int
              room    Room @relation(fields: [room_id], references: [id], onDelete: Cascade)
            }
            model Lone {
              id Int @id
            }
            """;

    private static List<String> diagnostics(String generator) {
        String text = generator + MODELS;
        List<Diagnostic> syntax = new ArrayList<>();
        SchemaAst ast = Parser.parse("schema.prisma", text, syntax);
        assertThat(syntax).as("syntax errors").isEmpty();
        return Validator.validate(ast, text).stream()
                .map(d -> (d.isError() ? "error " : "warning ") + d.span().line() + ":" + d.span().column() + " " + d.message()).toList();
    }

    @Test
    void acceptsModelsWithACascadeRelation() {
        assertThat(diagnostics("generator plinth {\n  provider = \"plinth\"\n  cascadeHardDelete = [\"Tag\"]\n}\n")).isEmpty();
        assertThat(diagnostics("generator plinth {\n  provider = \"plinth\"\n  cascadeKeep = [\"Tag\"]\n}\n")).isEmpty();
    }

    @Test
    void reportsUnknownModelsValuesThatAreNotStringsAndAModelInBothLists() {
        assertThat(diagnostics("""
                generator plinth {
                  provider          = "plinth"
                  cascadeHardDelete = ["Tag", "Tga", 3]
                  cascadeKeep       = ["Tag"]
                }
                """)).containsExactly(
                "error 3:31 cascadeHardDelete names \"Tga\", which is not a model of the schema.",
                "error 3:38 Expected a string value, but received numeric value `3`.",
                "error 4:24 \"Tag\" is in both cascadeHardDelete and cascadeKeep: its rows are either hard-deleted or kept"
                        + " when a row they reference is soft-deleted; keep it in one list.");
    }

    @Test
    void warnsWhenTheListedModelHasNoCascadeRelation() {
        assertThat(diagnostics("generator plinth {\n  provider = \"plinth\"\n  cascadeKeep = [\"Lone\"]\n}\n")).containsExactly(
                "warning 3:18 cascadeKeep names \"Lone\", which has no relation with onDelete: Cascade; the setting does nothing for it.");
    }

    @Test
    void otherGeneratorsMayUseTheNames() {
        assertThat(diagnostics("generator other {\n  provider = \"x\"\n  cascadeKeep = [\"Nope\"]\n}\n")).isEmpty();
    }
}
