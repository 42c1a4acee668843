package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/batch} in the OpenAPI document (docs/api.md, "Batch"): an operation takes every method of
 * the routes (PUT included) and the members standing for their headers ({@code if_match}, {@code if_none_match},
 * {@code prefer}); a result carries an upsert's outcomes per object.
 */
class OpenApiBatchTest {

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aBatchOperationTakesEveryWriteFormAndItsResultTheUpsertOutcomes() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", """
                model Member {
                  id    Int    @id @default(autoincrement())
                  email String @unique
                }
                """);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        ObjectNode doc = OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        JsonNode op = doc.at("/components/schemas/BatchOperation/properties");
        assertThat(texts(op.at("/method/enum"))).containsExactly("GET", "POST", "PATCH", "PUT", "DELETE");
        assertThat(texts(op.at("/if_none_match/enum"))).containsExactly("*");
        assertThat(op.at("/prefer/type").asText()).isEqualTo("string");
        assertThat(op.at("/if_match/type").asText()).isEqualTo("string");
        JsonNode upsert = doc.at("/components/schemas/BatchResult/properties/upsert");
        assertThat(upsert.get("type").asText()).isEqualTo("array");
        assertThat(texts(upsert.at("/items/enum"))).containsExactly("created", "updated", "ignored");
    }
}
