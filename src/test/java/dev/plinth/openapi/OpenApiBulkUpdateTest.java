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
 * The collection PATCH in the OpenAPI document (docs/api.md, "Bulk updates"): its body is one of an object of
 * fields (with a filter) or an array of objects each carrying the row's key, composite included; its answer one
 * of the count or the updated rows. A model without a key keeps the object body only.
 */
class OpenApiBulkUpdateTest {

    private static ObjectNode document(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
        return out;
    }

    @Test
    void theCollectionPatchTakesAnObjectOrAnArrayOfKeyedObjects() {
        ObjectNode doc = document("""
                model Booking {
                  room_id    Int
                  day        String
                  note       String?
                  updated_at DateTime @updatedAt
                  @@id([room_id, day])
                }
                """);
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        JsonNode patch = doc.at("/paths/~1api~1bookings/patch");
        JsonNode body = patch.at("/requestBody/content/application~1json/schema/oneOf");
        assertThat(body.size()).isEqualTo(2);
        assertThat(body.get(0).get("$ref").asText()).isEqualTo("#/components/schemas/BookingUpdate");
        assertThat(body.get(1).get("type").asText()).isEqualTo("array");
        assertThat(body.get(1).get("maxItems").asInt()).isEqualTo(1000);
        assertThat(body.get(1).at("/items/$ref").asText()).isEqualTo("#/components/schemas/BookingBulkUpdateItem");

        JsonNode item = doc.at("/components/schemas/BookingBulkUpdateItem");
        assertThat(texts(item.get("required"))).containsExactly("room_id", "day");
        assertThat(item.at("/properties/room_id/readOnly").isMissingNode()).isTrue();
        assertThat(item.at("/properties/_expected_updated_at/format").asText()).isEqualTo("date-time");
        // the object body keeps the key read-only: a filtered PATCH cannot set it
        assertThat(doc.at("/components/schemas/BookingUpdate/properties/room_id/readOnly").asBoolean()).isTrue();
        assertThat(doc.at("/components/schemas/BookingUpdate/required").isMissingNode()).isTrue();

        JsonNode answer = patch.at("/responses/200/content/application~1json/schema/oneOf");
        assertThat(answer.get(0).get("$ref").asText()).isEqualTo("#/components/schemas/Count");
        assertThat(answer.get(1).at("/items/$ref").asText()).isEqualTo("#/components/schemas/Booking");
        assertThat(patch.has("responses") && patch.get("responses").has("404")).isTrue();
    }
}
