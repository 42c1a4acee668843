package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Composite types in the OpenAPI document: a component schema per type, columns referring to them. */
class CompositeSchemasTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", """
                enum Kind {
                  HOME
                  WORK @map("work")
                }
                /// A postal address.
                type Address {
                  street  String
                  zip     String?
                  country String  @default("FR")
                  kind    Kind?
                  lines   String[]
                  geo     Geo?
                  postal  String? @map("postal_code")
                }
                type Geo {
                  lat Float
                  lng Float
                }
                type ContactList {
                  n Int
                }
                model Contact {
                  id        Int       @id @default(autoincrement())
                  address   Address
                  addresses Address[]
                  billing   Address?
                  notes     ContactList?
                }
                """);
        assertThat(result.errors()).isEmpty();
        return OpenApiDocument.of(result.schema().orElseThrow(), SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void eachTypeIsAComponentAndColumnsReferToIt() throws Exception {
        ObjectNode doc = document();
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        JsonNode schemas = doc.get("components").get("schemas");
        JsonNode address = schemas.get("Address");
        assertThat(address.get("type").asText()).isEqualTo("object");
        assertThat(address.get("additionalProperties").asBoolean()).isFalse();
        assertThat(address.get("required")).containsExactly(JSON.readTree("\"street\""));
        assertThat(address.get("properties").fieldNames()).toIterable()
                .containsExactly("street", "zip", "country", "kind", "lines", "geo", "postal_code");
        assertThat(address.get("properties").get("country").get("default").asText()).isEqualTo("FR");
        assertThat(address.get("properties").get("kind").get("enum").toString()).isEqualTo("[\"HOME\",\"work\",null]");
        assertThat(address.get("properties").get("geo").toString())
                .isEqualTo("{\"anyOf\":[{\"$ref\":\"#/components/schemas/Geo\"},{\"type\":\"null\"}]}");
        assertThat(address.get("description").asText()).startsWith("A postal address.");
        // a type named like a model's component gets a suffix
        assertThat(schemas.has("ContactListType")).isTrue();
        assertThat(schemas.get("ContactList").get("properties").has("data")).as("the list envelope stays").isTrue();

        JsonNode row = schemas.get("Contact").get("properties");
        assertThat(row.get("address").toString()).isEqualTo("{\"$ref\":\"#/components/schemas/Address\"}");
        assertThat(row.get("addresses").toString()).isEqualTo("{\"type\":\"array\",\"items\":{\"$ref\":\"#/components/schemas/Address\"}}");
        assertThat(row.get("billing").get("anyOf")).hasSize(2);
        assertThat(row.get("notes").get("anyOf").get(0).get("$ref").asText()).isEqualTo("#/components/schemas/ContactListType");
    }

    @Test
    void bodiesAreValidatedAsPlinthChecksThem() throws Exception {
        ObjectNode doc = document();
        String create = "#/components/schemas/ContactCreate";
        assertThat(OpenApiValidator.valueErrors(doc, create, JSON.readTree("""
                {"address":{"street":"s","lines":["a"],"geo":{"lat":1,"lng":2},"postal_code":"75018","kind":"work"},
                 "addresses":[{"street":"t"}],"billing":null}
                """))).isEmpty();
        assertThat(OpenApiValidator.valueErrors(doc, create, JSON.readTree("{\"address\":{\"zip\":\"1\"},\"addresses\":[]}"))).isNotEmpty();
        assertThat(OpenApiValidator.valueErrors(doc, create, JSON.readTree("{\"address\":{\"street\":\"s\",\"planet\":1},\"addresses\":[]}")))
                .isNotEmpty();
        assertThat(OpenApiValidator.valueErrors(doc, create, JSON.readTree("{\"address\":{\"street\":\"s\",\"geo\":{\"lat\":1}}}")))
                .isNotEmpty();
    }
}
