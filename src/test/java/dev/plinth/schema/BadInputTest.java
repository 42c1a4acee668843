package dev.plinth.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile or unusual input yields a result or diagnostics, never an exception. */
class BadInputTest {

    private static SchemaResult load(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(DiagnosticRenderer.render(result)).isNotNull();
        return result;
    }

    @Test
    void anEmptyFileIsAnEmptySchema() {
        SchemaResult result = load("");
        assertThat(result.hasErrors()).isFalse();
        assertThat(result.schema().orElseThrow().models()).isEmpty();
    }

    @Test
    void aFileOfOnlyCommentsIsAnEmptySchema() {
        assertThat(load("// nothing here\n/// nor here\n/* nor here */\n").schema().orElseThrow().models()).isEmpty();
    }

    @Test
    void crlfBomAndTabsAreRead() {
        SchemaResult result = load("\uFEFFmodel A {\r\n\tid\tInt\t@id\r\n\tname\tString\r\n}\r\n");
        assertThat(result.errors()).isEmpty();
        assertThat(result.schema().orElseThrow().model("A").orElseThrow().fields()).hasSize(2);
        SchemaResult bad = load("\uFEFFmodel A {\r\n\tid\tInt\t@id\r\n\tname\tStrng\r\n}\r\n");
        assertThat(bad.errors()).singleElement().satisfies(d -> {
            assertThat(d.span().line()).isEqualTo(3);
            assertThat(d.span().column()).isEqualTo(7);
        });
    }

    @Test
    void nonAsciiInStringsAndCommentsIsKept() {
        SchemaResult result = load("""
                /// Ünïcødé documentation — 日本語
                model A {
                  id   Int    @id
                  name String @default("Grüße, 世界 🌍") // trailing ümlaut
                }
                """);
        assertThat(result.errors()).isEmpty();
        assertThat(result.schema().orElseThrow().model("A").orElseThrow().documentation()).contains("Ünïcødé documentation — 日本語");
        assertThat(result.schema().orElseThrow().model("A").orElseThrow().field("name").orElseThrow().defaultValue().orElseThrow())
                .hasToString("StringLiteral[value=Grüße, 世界 🌍]");
    }

    @Test
    void nonAsciiNamesAreAcceptedAndDashedNamesRejectedAsPrismaDoes() {
        assertThat(load("model Café {\n  id Int @id\n  naïve String\n}\n").errors()).isEmpty();
        assertThat(load("model A-B {\n  id Int @id\n}\n").errors()).singleElement().asString().contains("`-` is not allowed");
    }

    @Test
    void anUnterminatedStringIsAnError() {
        SchemaResult result = load("model A {\n  id Int @id\n  name String @default(\"open\n}\n");
        assertThat(result.errors()).isNotEmpty();
        assertThat(result.errors().get(0).span().line()).isEqualTo(3);
    }

    @Test
    void anUnterminatedBlockIsAnError() {
        assertThat(load("model A {\n  id Int @id\n").errors()).anySatisfy(d -> assertThat(d.message()).contains("never closed"));
    }

    @Test
    void deeplyNestedBracketsAreAnErrorNotAStackOverflow() {
        String deep = "(".repeat(200_000) + "[".repeat(200_000);
        SchemaResult result = load("model A {\n  id Int @id @default(f" + deep + ")\n}\n");
        assertThat(result.errors()).isNotEmpty();
    }

    @Test
    void aFiveMegabyteSchemaIsRead() {
        StringBuilder text = new StringBuilder();
        int models = 0;
        while (text.length() < 5 * 1024 * 1024) {
            text.append("model M").append(models).append(" {\n  id Int @id @default(autoincrement())\n");
            for (int f = 0; f < 30; f++) {
                text.append("  field").append(f).append(" String? @db.Text // comment ").append(f).append('\n');
            }
            text.append("}\n");
            models++;
        }
        text.insert(0, "datasource db {\n  provider = \"postgresql\"\n}\n");
        SchemaResult result = load(text.toString());
        assertThat(result.errors()).isEmpty();
        assertThat(result.schema().orElseThrow().models()).hasSize(models);
    }

    @Test
    void garbageIsDiagnosedLineByLine() {
        SchemaResult result = load("}}}{{{ @@@ \"\" \u0000 ]]] model");
        assertThat(result.hasErrors()).isTrue();
    }
}
