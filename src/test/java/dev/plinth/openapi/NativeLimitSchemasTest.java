package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Native limits and the two forms of exact numbers in the OpenAPI document. */
class NativeLimitSchemasTest {

    @Test
    void limitsAndNumberFormsAreJsonSchemaKeywords() throws Exception {
        SchemaResult result = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                model Item {
                  id     Int       @id @default(autoincrement())
                  code   String    @db.VarChar(5)
                  fixed  String?   @db.Char(3)
                  bits   String?   @db.Bit(4)
                  small  Int       @db.SmallInt
                  count  Int
                  real   Float     @db.Real
                  price  Decimal?  @db.Decimal(10, 2)
                  big    BigInt
                  tags   String[]  @db.VarChar(8)
                  day    DateTime  @db.Date
                }
                """);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        ObjectNode doc = OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
        JsonNode item = doc.at("/components/schemas/Item/properties");
        assertThat(item.at("/code/maxLength").asInt()).isEqualTo(5);
        assertThat(item.at("/fixed/maxLength").asInt()).isEqualTo(3);
        assertThat(item.at("/bits/minLength").asInt()).isEqualTo(4);
        assertThat(item.at("/bits/pattern").asText()).isEqualTo("^[01]*$");
        assertThat(item.at("/small/minimum").asLong()).isEqualTo(-32768);
        assertThat(item.at("/small/maximum").asLong()).isEqualTo(32767);
        assertThat(item.at("/count/maximum").asLong()).isEqualTo(Integer.MAX_VALUE);
        assertThat(item.at("/real/format").asText()).isEqualTo("float");
        assertThat(item.at("/price/type").toString()).isEqualTo("[\"number\",\"string\",\"null\"]");
        assertThat(item.at("/price/pattern").asText()).isEqualTo(NativeLimitSchemas.DECIMAL_PATTERN);
        assertThat(item.at("/price/description").asText()).contains("Prefer: plinth-numbers=string", "Decimal(10, 2)", "99999999.99");
        assertThat(item.at("/big/type").toString()).isEqualTo("[\"integer\",\"string\"]");
        assertThat(item.at("/big/pattern").asText()).isEqualTo(NativeLimitSchemas.INTEGER_PATTERN);
        assertThat(item.at("/tags/items/maxLength").asInt()).isEqualTo(8);
        assertThat(item.at("/day/description").asText()).contains("UTC day");
        assertThat(doc.at("/components/schemas/ItemCreate/properties/code/maxLength").asInt()).isEqualTo(5);
        assertThat("12345678901234567890.12").matches(NativeLimitSchemas.DECIMAL_PATTERN);
        assertThat("1,5").doesNotMatch(NativeLimitSchemas.DECIMAL_PATTERN);
        for (String op : new String[] {"/paths/~1api~1items/get", "/paths/~1api~1items~1{key}/get", "/paths/~1api~1items/post",
                "/paths/~1api~1items~1{key}/patch"}) {
            assertThat(doc.at(op + "/parameters").findValuesAsText("name")).as(op).contains("Prefer");
        }
        assertThat(doc.at("/paths/~1api~1items/get/parameters").toString()).contains("plinth-numbers=string");
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
    }
}
