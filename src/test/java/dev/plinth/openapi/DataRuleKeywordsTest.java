package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Field validators as JSON Schema keywords on the create and update bodies, never on the row. */
class DataRuleKeywordsTest {

    private static ObjectNode document(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void validatorsBecomeKeywords() {
        ObjectNode doc = document("""
                datasource db {
                  provider = "postgresql"
                  url      = "postgresql://localhost/x"
                }
                model Contact {
                  id    Int      @id @default(autoincrement())
                  name  String   @trim @length(2, 80)
                  email String?  @email
                  site  String?  @url
                  code  String   @startsWith("C.") @regex("^C\\\\.[0-9]+$") @endsWith("9")
                  score Int      @gte(0) @lte(100)
                  ratio Float?   @gt(0) @lt(1)
                  tags  String[] @length(1, 5)
                  @@validate(score > 10 || ratio == null, "a ratio needs a score above 10")
                }
                """);
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        for (String body : new String[]{"ContactCreate", "ContactUpdate"}) {
            JsonNode p = doc.at("/components/schemas/" + body + "/properties");
            assertThat(p.at("/name/minLength").asInt()).isEqualTo(2);
            assertThat(p.at("/name/maxLength").asInt()).isEqualTo(80);
            assertThat(p.at("/email/format").asText()).isEqualTo("email");
            assertThat(p.at("/site/format").asText()).isEqualTo("uri");
            assertThat(p.at("/code/pattern").asText()).isEqualTo("^C\\.");
            assertThat(p.at("/code/allOf/0/pattern").asText()).isEqualTo("^C\\.[0-9]+$");
            assertThat(p.at("/code/allOf/1/pattern").asText()).isEqualTo("9$");
            assertThat(p.at("/score/minimum").asInt()).isZero();
            assertThat(p.at("/score/maximum").asInt()).isEqualTo(100);
            assertThat(p.at("/ratio/exclusiveMinimum").asInt()).isZero();
            assertThat(p.at("/ratio/exclusiveMaximum").asInt()).isEqualTo(1);
            assertThat(p.at("/tags/minItems").asInt()).isEqualTo(1);
            assertThat(p.at("/tags/maxItems").asInt()).isEqualTo(5);
            assertThat(doc.at("/components/schemas/" + body + "/description").asText())
                    .contains("score > 10 || ratio == null (a ratio needs a score above 10)");
        }
        JsonNode row = doc.at("/components/schemas/Contact/properties");
        // rows keep only what the column's type holds (an Int's range), not the validators' bounds
        assertThat(row.at("/name").has("minLength")).isFalse();
        assertThat(row.at("/score/maximum").asLong()).isNotEqualTo(100);
    }

    @Test
    void theCrmExampleCarriesItsValidators() throws Exception {
        SchemaResult result = SchemaLoader.load(Path.of("examples/crm/schema.prisma"));
        ObjectNode doc = OpenApiDocument.of(result.schema().orElseThrow(), SchemaPolicy.of(result), Access.TOKENS);
        assertThat(doc.at("/components/schemas/ContactCreate/properties/email/format").asText()).isEqualTo("email");
        assertThat(doc.at("/components/schemas/ContactCreate/properties/score/maximum").asInt()).isEqualTo(100);
    }
}
