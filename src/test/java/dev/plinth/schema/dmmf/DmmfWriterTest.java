package dev.plinth.schema.dmmf;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schemas that Prisma 6.19 and 7 accept, read into the DMMF Prisma's {@code get_datamodel} gives for
 * them. Each expectation names the prisma-engines source it follows.
 */
class DmmfWriterTest {

    private static final String POSTGRES = "datasource db {\n  provider = \"postgresql\"\n}\n";

    private static JsonNode datamodel(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).as("errors").isEmpty();
        return DmmfWriter.datamodel(result.schema().orElseThrow());
    }

    private static JsonNode field(JsonNode datamodel, String model, String field) {
        for (JsonNode m : datamodel.get("models")) {
            if (m.get("name").asText().equals(model)) {
                for (JsonNode f : m.get("fields")) {
                    if (f.get("name").asText().equals(field)) {
                        return f;
                    }
                }
            }
        }
        throw new AssertionError("no field " + model + "." + field);
    }

    private static List<JsonNode> indexes(JsonNode datamodel, String type) {
        List<JsonNode> found = new ArrayList<>();
        datamodel.get("indexes").forEach(i -> {
            if (i.get("type").asText().equals(type)) {
                found.add(i);
            }
        });
        return found;
    }

    /** Prisma's parser reads only `sort`, `length` and `ops` inside a field reference (psl/parser-database, `field_args`). */
    @Test
    void unknownArgumentsInsideAnIndexFieldAreIgnoredAsPrismaDoes() {
        JsonNode dm = datamodel(POSTGRES + """
                model Job {
                  id       Int @id
                  workerId Int
                  @@index([workerId, id(order: Desc)])
                }
                """);
        assertThat(indexes(dm, "normal")).singleElement()
                .satisfies(i -> assertThat(i.get("fields").toString()).isEqualTo("[{\"name\":\"workerId\"},{\"name\":\"id\"}]"));
    }

    /** psl/parser-database/src/attributes/default.rs accepts `(Decimal, StringValue)`; the DMMF then shows the number. */
    @Test
    void aDecimalDefaultWrittenAsAStringIsTheNumber() {
        JsonNode dm = datamodel(POSTGRES + """
                model Price {
                  id     Int     @id
                  amount Decimal @default("2.00") @db.Decimal(4, 2)
                }
                """);
        JsonNode amount = field(dm, "Price", "amount");
        assertThat(amount.get("default").isNumber()).isTrue();
        assertThat(amount.get("default").decimalValue()).isEqualByComparingTo("2");
    }

    /**
     * {@code @@index(name: …)} is a legacy alias of {@code map:}: "accept name arg on normal indexes and
     * use it as map arg" (prisma-engines, psl/parser-database/src/attributes.rs, {@code model_index}).
     * So the database index is {@code my_custom_idx}, the DMMF shows it as {@code dbName}, and a normal
     * index has no client {@code name}.
     */
    @Test
    void theNameOfANormalIndexIsItsDatabaseName() {
        JsonNode dm = datamodel(POSTGRES + """
                model T {
                  id Int @id
                  a  Int
                  b  Int
                  @@index([a, b], name: "my_custom_idx")
                }
                """);
        assertThat(indexes(dm, "normal")).singleElement().satisfies(i -> {
            assertThat(i.get("dbName").asText()).isEqualTo("my_custom_idx");
            assertThat(i.has("name")).isFalse();
        });
    }

    /** The DMMF's index field carries the operator class as written: Prisma's name, or raw()'s text (datamodel_ast_builder.rs). */
    @Test
    void operatorClassesAppearInTheDmmf() {
        JsonNode dm = datamodel(POSTGRES + """
                model Entry {
                  id   Int      @id
                  key  String
                  tags String[]
                  @@index([key(ops: raw("text_pattern_ops"))], type: BTree)
                  @@index([tags(ops: ArrayOps)], type: Gin)
                }
                """);
        assertThat(indexes(dm, "normal")).extracting(i -> i.get("fields").get(0).get("operatorClass").asText())
                .containsExactly("text_pattern_ops", "ArrayOps");
    }

    /** datamodel_ast_builder.rs: isId from is_single_pk, BigInt defaults as strings, dbName from @map, enum value documentation. */
    @Test
    void idsBigIntDefaultsMappedNamesAndEnumValueCommentsAreAsPrismasDmmf() {
        JsonNode dm = datamodel(POSTGRES + """
                enum Stage {
                  /// not yet contacted
                  lead
                  won
                }
                model Counter {
                  key   String
                  hits  BigInt @default(0)
                  owner String @map("owner_id")
                  same  String @map("same")
                  stage Stage  @default(lead)
                  @@id([key])
                }
                """);
        assertThat(field(dm, "Counter", "key").get("isId").asBoolean()).isTrue();
        assertThat(field(dm, "Counter", "hits").get("default").asText()).isEqualTo("0");
        assertThat(field(dm, "Counter", "hits").get("default").isTextual()).isTrue();
        assertThat(field(dm, "Counter", "owner").get("dbName").asText()).isEqualTo("owner_id");
        assertThat(field(dm, "Counter", "same").get("dbName").asText()).isEqualTo("same");
        assertThat(field(dm, "Counter", "hits").has("dbName")).isFalse();
        JsonNode values = dm.get("enums").get(0).get("values");
        assertThat(values.get(0).get("documentation").asText()).isEqualTo("not yet contacted");
        assertThat(values.get(1).has("documentation")).isFalse();
    }
}
