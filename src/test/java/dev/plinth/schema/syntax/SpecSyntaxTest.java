package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The parser's two readings for the data-model spec: {@code type Name = Base @attr…} and {@code Red = "RED"}. */
class SpecSyntaxTest {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private SchemaAst parse(String text) {
        return Parser.parse("schema.prisma", text, diagnostics);
    }

    @Test
    void aTypeAliasIsReadWithItsBaseAndAttributes() {
        SchemaAst ast = parse("/// money\ntype Money = Float? @pg.numeric(10, 2) @default(0)\nmodel A {\n  id Int @id\n}\n");
        assertThat(diagnostics).isEmpty();
        TypeAliasBlock alias = (TypeAliasBlock) ast.blocks().get(0);
        assertThat(alias.name().text()).isEqualTo("Money");
        assertThat(alias.base().name().text()).isEqualTo("Float");
        assertThat(alias.base().arity()).isEqualTo(TypeReference.Arity.OPTIONAL);
        assertThat(alias.attributes()).extracting(Attribute::name).containsExactly("pg.numeric", "default");
        assertThat(alias.documentation()).contains("money");
        assertThat(alias.span().line()).isEqualTo(2);
        assertThat(ast.modelBlocks()).hasSize(1);
    }

    @Test
    void aTypeAliasWithoutATypeIsAnErrorAndParsingGoesOn() {
        SchemaAst ast = parse("type Money =\nmodel A {\n  id Int @id\n}\n");
        assertThat(diagnostics).singleElement().satisfies(d -> {
            assertThat(d.message()).isEqualTo("A type alias needs a type after `=`, e.g. `type Money = Float @db.Real`.");
            assertThat(d.span().line()).isEqualTo(1);
            assertThat(d.span().column()).isEqualTo(1);
        });
        assertThat(ast.modelBlocks()).hasSize(1);
    }

    @Test
    void anEnumValueWithAMappedNameGetsAnAttributeNamedEquals() {
        SchemaAst ast = parse("enum Color {\n  Red = \"RED\" /// red\n  Blue\n}\n");
        assertThat(diagnostics).isEmpty();
        EnumBlock.EnumValueDeclaration red = ast.enumBlocks().get(0).values().get(0);
        Attribute mapped = red.attribute("=").orElseThrow();
        assertThat(mapped.arguments()).singleElement().satisfies(a ->
                assertThat(a.value()).isEqualTo(new Expression.StringValue("RED", a.value().span())));
        assertThat(mapped.span().column()).isEqualTo(7);
        assertThat(ast.enumBlocks().get(0).values().get(1).attributes()).isEmpty();
    }

    @Test
    void anEnumValueAssignedSomethingElseIsStillAnError() {
        parse("enum Color {\n  Red = 5\n}\n");
        assertThat(diagnostics).singleElement().extracting(Diagnostic::message)
                .isEqualTo("This line is not a valid enum value definition.");
    }
}
