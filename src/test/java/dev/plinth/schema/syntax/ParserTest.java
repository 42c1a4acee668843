package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ParserTest {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private SchemaAst parse(String text) {
        return Parser.parse("schema.prisma", text, diagnostics);
    }

    @Test
    void readsEveryKindOfBlock() {
        SchemaAst ast = parse("""
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                generator client {
                  provider        = "prisma-client-js"
                  previewFeatures = ["views"]
                }
                model User { id Int @id }
                view Active { id Int @unique }
                type Address { street String }
                enum Role {
                  USER
                  ADMIN @map("admin")
                  @@map("roles")
                }
                """);
        assertThat(diagnostics).isEmpty();
        assertThat(ast.blocks()).hasSize(6);
        assertThat(ast.configBlocks()).extracting(b -> b.kind()).containsExactly(ConfigBlock.Kind.DATASOURCE, ConfigBlock.Kind.GENERATOR);
        assertThat(ast.modelBlocks()).extracting(ModelBlock::kind)
                .containsExactly(ModelBlock.Kind.MODEL, ModelBlock.Kind.VIEW, ModelBlock.Kind.TYPE);
        EnumBlock role = ast.enumBlocks().get(0);
        assertThat(role.values()).extracting(v -> v.name().text()).containsExactly("USER", "ADMIN");
        assertThat(role.values().get(1).attribute("map")).isPresent();
        assertThat(role.attribute("map")).isPresent();
        ConfigBlock datasource = ast.configBlocks().get(0);
        assertThat(datasource.property("url").orElseThrow().value()).isInstanceOf(Expression.FunctionCall.class);
    }

    @Test
    void readsFieldsWithModifiersAttributesAndDocumentation() {
        SchemaAst ast = parse("""
                /// A person
                /// with an account
                model User {
                  /// primary key
                  id      Int      @id @default(autoincrement())
                  email   String?  @unique @db.VarChar(255)
                  tags    String[]
                  shape   Unsupported("circle")?
                  posts   Post[]   @relation("authored")

                  @@index([email(sort: Desc), id], map: "by_email")
                  @@map("users")
                }
                """);
        assertThat(diagnostics).isEmpty();
        ModelBlock user = ast.modelBlocks().get(0);
        assertThat(user.documentation()).contains("A person\\nwith an account".translateEscapes());
        assertThat(user.fields()).extracting(f -> f.type().arity()).containsExactly(TypeReference.Arity.REQUIRED,
                TypeReference.Arity.OPTIONAL, TypeReference.Arity.LIST, TypeReference.Arity.OPTIONAL, TypeReference.Arity.LIST);
        FieldDeclaration id = user.fields().get(0);
        assertThat(id.documentation()).contains("primary key");
        assertThat(id.attribute("default").orElseThrow().positional(0).orElseThrow().value())
                .isInstanceOfSatisfying(Expression.FunctionCall.class, f -> assertThat(f.name()).isEqualTo("autoincrement"));
        Attribute varchar = user.fields().get(1).nativeTypeAttribute().orElseThrow();
        assertThat(varchar.name()).isEqualTo("db.VarChar");
        assertThat(varchar.arguments()).singleElement().extracting(Argument::value)
                .isInstanceOfSatisfying(Expression.NumberValue.class, n -> assertThat(n.text()).isEqualTo("255"));
        assertThat(user.fields().get(3).type().unsupported()).contains("circle");
        Attribute index = user.attribute("index").orElseThrow();
        assertThat(index.block()).isTrue();
        assertThat(index.named("map")).isPresent();
        Expression.ArrayValue fields = (Expression.ArrayValue) index.positional(0).orElseThrow().value();
        assertThat(fields.elements().get(0)).isInstanceOfSatisfying(Expression.FunctionCall.class,
                f -> assertThat(f.arguments().get(0).name().orElseThrow().text()).isEqualTo("sort"));
        assertThat(index.span().line()).isEqualTo(11);
        assertThat(index.span().column()).isEqualTo(3);
    }

    @Test
    void reportsEveryBadLineAndKeepsGoing() {
        SchemaAst ast = parse("""
                model A {
                  id Int @id
                  ???
                  name
                  ok String
                }
                something else
                model B { id Int @id }
                """);
        assertThat(diagnostics).extracting(d -> d.span().line()).containsExactly(3, 4, 7);
        assertThat(ast.modelBlocks()).extracting(m -> m.name().text()).containsExactly("A", "B");
        assertThat(ast.modelBlocks().get(0).fields()).extracting(f -> f.name().text()).containsExactly("id", "ok");
    }

    @Test
    void reportsAnUnclosedBlock() {
        SchemaAst ast = parse("model A {\n  id Int @id\n");
        assertThat(diagnostics).singleElement().satisfies(d -> assertThat(d.message()).contains("never closed"));
        assertThat(ast.modelBlocks()).hasSize(1);
    }

    @Test
    void boundsTheNestingOfBrackets() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        parse("model A {\n  id Int @id @default(" + deep + ")\n}\nmodel B { id Int @id }");
        assertThat(diagnostics).anySatisfy(d -> assertThat(d.message()).contains("nested too deeply"));
    }
}
