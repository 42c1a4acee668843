package dev.plinth.schema.composite;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.CompositeType;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.syntax.TypeReference;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Composite types through the schema stages: parsed (three spellings), validated, resolved. */
class CompositeTypeSchemaTest {

    private static final String HEAD = "datasource db {\n  provider = \"sqlite\"\n  url = \"file:x.db\"\n}\n";

    private static SchemaResult load(String body) {
        return SchemaLoader.parse("schema.prisma", HEAD + body);
    }

    private static List<String> errors(String body) {
        return load(body).errors().stream().map(d -> (d.span().line() - 4) + ": " + d.message()).toList();
    }

    private static List<String> warnings(String body) {
        return load(body).warnings().stream().map(d -> (d.span().line() - 4) + ": " + d.message()).toList();
    }

    @Test
    void parsesNamedAndInlineEmbedsAsTypeBlocks() {
        List<Diagnostic> syntax = new ArrayList<>();
        SchemaAst ast = Parser.parse("s.prisma", """
                embed Photo {
                  url String
                }
                model User {
                  id Int @id
                  home embed {
                    street String
                    geo embed {
                      lat Float
                    }?
                  }?
                  photos Photo[]
                  tags embed {
                    name String
                  }[] @map("tag_list")
                }
                """, syntax);
        assertThat(syntax).isEmpty();
        assertThat(ast.modelBlocks()).extracting(b -> b.name().text() + ":" + b.kind() + ":" + b.embedKeyword().isPresent())
                .containsExactly("Photo:TYPE:true", "User:MODEL:false", "UserHome:TYPE:true", "UserHomeGeo:TYPE:true",
                        "UserTags:TYPE:true");
        ModelBlock user = ast.modelBlocks().get(1);
        assertThat(user.field("home").orElseThrow().type().name().text()).isEqualTo("UserHome");
        assertThat(user.field("home").orElseThrow().type().arity()).isEqualTo(TypeReference.Arity.OPTIONAL);
        assertThat(user.field("tags").orElseThrow().type().arity()).isEqualTo(TypeReference.Arity.LIST);
        assertThat(user.field("tags").orElseThrow().attribute("map")).isPresent();
        assertThat(ast.modelBlocks().get(2).field("geo").orElseThrow().type().name().text()).isEqualTo("UserHomeGeo");
    }

    @Test
    void resolvesTypesWithKeysDefaultsAndNesting() {
        SchemaResult result = load("""
                enum Kind {
                  HOME
                  WORK @map("work")
                }
                type Address {
                  street  String
                  zip     String?
                  country String  @default("FR")
                  kind    Kind    @default(WORK)
                  lines   String[]
                  geo     Geo?
                  postal  String? @map("postal_code")
                }
                type Geo {
                  lat Float
                  lng Float
                }
                model Contact {
                  id        Int       @id
                  address   Address
                  addresses Address[]
                  billing   Address?
                }
                """);
        assertThat(result.errors()).isEmpty();
        Schema schema = result.schema().orElseThrow();
        assertThat(schema.types()).extracting(CompositeType::name).containsExactly("Address", "Geo");
        CompositeType address = schema.compositeType("Address").orElseThrow();
        assertThat(address.fields()).extracting(Field::columnName)
                .containsExactly("street", "zip", "country", "kind", "lines", "geo", "postal_code");
        assertThat(address.fieldByKey("country").orElseThrow().defaultValue()).contains(new DefaultValue.StringLiteral("FR"));
        assertThat(address.fieldByKey("geo").orElseThrow().type()).isEqualTo(new FieldType.CompositeRef("Geo"));
        assertThat(address.fieldByKey("lines").orElseThrow().list()).isTrue();
        Field addresses = schema.model("Contact").orElseThrow().field("addresses").orElseThrow();
        assertThat(addresses.isColumn()).isTrue();
        assertThat(addresses.isComposite()).isTrue();
        assertThat(addresses.list()).isTrue();
        assertThat(schema.model("Contact").orElseThrow().columnFields()).extracting(Field::name)
                .containsExactly("id", "address", "addresses", "billing");
        assertThat(schema.model("Contact").orElseThrow().field("address").orElseThrow().requiredOnInsert()).isTrue();
    }

    @Test
    void acceptsTheSpecSpellingWithANoteNamingTodays() {
        String body = """
                embed Photo {
                  url String
                }
                model User {
                  id    Int @id
                  photo Photo?
                  home  embed {
                    street String
                  }
                }
                """;
        assertThat(errors(body)).isEmpty();
        assertThat(warnings(body)).containsExactly(
                "1: `embed Photo` is the Prisma data-model spec's spelling; today's Prisma spells it `type Photo { … }`."
                        + " Plinth reads both as the same composite type.",
                "7: An inline `embed { … }` is the Prisma data-model spec's spelling of a composite type; today's Prisma"
                        + " declares `type UserHome { … }` and gives the field that type. Plinth reads it as composite type \"UserHome\".");
        assertThat(load(body).schema().orElseThrow().compositeType("UserHome")).isPresent();
    }

    @Test
    void acceptsCompositeTypesOnSqlDatabasesWithoutWarnings() {
        String body = "type A {\n  x String\n}\nmodel M {\n  id Int @id\n  a A\n  as A[]\n}\n";
        assertThat(errors(body)).isEmpty();
        assertThat(warnings(body)).isEmpty();
        assertThat(SchemaLoader.parse("s.prisma", body).errors()).isEmpty();
        assertThat(SchemaLoader.parse("s.prisma", "datasource db {\n  provider = \"postgresql\"\n  url = \"postgresql://x\"\n}\n" + body)
                .errors()).isEmpty();
    }

    @Test
    void refusesWhatADocumentCannotHold() {
        assertThat(errors("""
                type A {
                  id    Int    @id
                  code  String @unique
                  user  U
                  raw   Unsupported("circle")
                  n     Int    @default(autoincrement())
                  name  String @db.VarChar(5)
                  @@map("a")
                }
                model U {
                  id Int @id
                  a  A   @unique
                  b  A?  @default("{}")
                }
                """)).containsExactlyInAnyOrder(
                "2: The attribute `@id` cannot be used on fields of composite types.",
                "3: The attribute `@unique` cannot be used on fields of composite types.",
                "4: Field \"user\" of composite type \"A\" refers to model \"U\": a composite type is stored as a JSON"
                        + " document and cannot hold relations.",
                "5: Field \"raw\" of composite type \"A\" cannot be `Unsupported(…)`: a document holds only scalars, enums"
                        + " and composite types.",
                "6: Error parsing attribute \"@default\": The `autoincrement()` default value is used on a non-id field even"
                        + " though the datasource does not support this.",
                "6: The default `autoincrement()` cannot be used in a composite type: a document's defaults are literals,"
                        + " lists of literals, now(), uuid(), cuid(), nanoid() or ulid(), filled in by Plinth when a document is written.",
                "7: Native types are not supported with sqlite connector",
                "7: Native type attributes cannot be used on fields of composite types: the field is a key of a JSON"
                        + " document, not a column.",
                "8: Composite types take no block attributes: `@@map` cannot be used on composite type \"A\".",
                "12: The attribute `@unique` cannot be used on field \"a\" of model \"U\": its type is composite type \"A\","
                        + " stored as a JSON document.",
                "13: The attribute `@default` cannot be used on field \"b\" of model \"U\": its type is composite type \"A\","
                        + " stored as a JSON document.");
    }

    @Test
    void refusesATypeHoldingItselfThroughRequiredFields() {
        assertThat(errors("type A {\n  b B\n}\ntype B {\n  a A\n}\nmodel M {\n  id Int @id\n  a A?\n}\n"))
                .contains("2: Composite type \"A\" holds itself through required fields (b → a): no document could be written."
                        + " Make one of these fields optional (`?`) or a list (`[]`).");
        assertThat(errors("type Node {\n  name String\n  children Node[]\n  parent Node?\n}\nmodel M {\n  id Int @id\n  tree Node\n}\n"))
                .isEmpty();
    }

    @Test
    void unknownTypeInsideATypeIsStillReported() {
        assertThat(errors("type A {\n  x Strng\n}\nmodel M {\n  id Int @id\n  a A\n}\n"))
                .containsExactly("2: Type \"Strng\" is neither a built-in type, nor refers to another model, composite type, or enum.");
    }

    @Test
    void theDataModelListsCompositeTypesAsPrismaDoes() {
        Schema schema = load("type Address {\n  city String\n  zip String? @map(\"postal\")\n}\nmodel M {\n  id Int @id\n  a Address[]\n}\n")
                .schema().orElseThrow();
        com.fasterxml.jackson.databind.JsonNode dmmf = dev.plinth.schema.dmmf.DmmfWriter.datamodel(schema);
        assertThat(dmmf.get("types")).hasSize(1);
        assertThat(dmmf.get("types").get(0).get("name").asText()).isEqualTo("Address");
        assertThat(dmmf.get("types").get(0).get("fields").get(1).get("dbName").asText()).isEqualTo("postal");
        com.fasterxml.jackson.databind.JsonNode a = dmmf.get("models").get(0).get("fields").get(1);
        assertThat(a.get("kind").asText()).isEqualTo("object");
        assertThat(a.get("type").asText()).isEqualTo("Address");
        assertThat(a.get("isList").asBoolean()).isTrue();
    }

    @Test
    void inlineEmbedsNestedTooDeepAreAnErrorNotAStackOverflow() {
        StringBuilder text = new StringBuilder("model M {\n  id Int @id\n");
        for (int i = 0; i < 5000; i++) {
            text.append("  f embed {\n");
        }
        text.append("  x String\n");
        for (int i = 0; i < 5000; i++) {
            text.append("  }\n");
        }
        text.append("}\n");
        List<Diagnostic> syntax = new ArrayList<>();
        Parser.parse("deep.prisma", text.toString(), syntax);
        assertThat(syntax).extracting(Diagnostic::message).contains("Inline embeds are nested deeper than 64 levels.");
    }
}
