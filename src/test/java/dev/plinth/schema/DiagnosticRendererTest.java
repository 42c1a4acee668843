package dev.plinth.schema;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticRendererTest {

    @Test
    void printsLocationSourceLineAndCarets() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", "model A {\n  id   Int @id\n  name Strng\n}\n");
        assertThat(DiagnosticRenderer.render(result)).isEqualTo("""
                schema.prisma:3:8: error: Type "Strng" is neither a built-in type, nor refers to another model, composite type, or enum.
                 3 |   name Strng
                   |        ^^^^^
                """);
    }

    @Test
    void keepsTabsSoCaretsStayAligned() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", "model A {\n\tid\tInt @id\n\tname\tStrng\n}\n");
        assertThat(DiagnosticRenderer.render(result)).contains(" 3 | \tname\tStrng\n   | \t    \t^^^^^\n");
    }

    @Test
    void rendersSeveralErrorsInOneRun() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", "model A {\n  a Foo\n  b Bar\n}\n");
        String text = DiagnosticRenderer.render(result);
        assertThat(text).contains("schema.prisma:2:5: error: Type \"Foo\"").contains("schema.prisma:3:5: error: Type \"Bar\"");
    }
}
