package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document's rows under {@code labels = "always"}: each label is a read-only, nullable
 * member typed like the related display column; without the setting the rows describe no labels.
 */
class LabelSchemasTest {

    private static final String MODELS = """
            model Organization {
              id    Int    @id
              name  String
              rooms Room[]
            }
            model RoomType {
              id          Int    @id
              displayName String
              rooms       Room[]
            }
            model Room {
              id             Int          @id
              roomTypeId     Int
              roomType       RoomType     @relation(fields: [roomTypeId], references: [id])
              organizationId Int
              organization   Organization @relation(fields: [organizationId], references: [id])
            }
            """;

    private static ObjectNode document(String generator) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", generator + MODELS);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void labelsAlwaysAreDescribedOnTheRow() {
        ObjectNode doc = document("""
                generator plinth {
                  provider   = "plinth"
                  labels     = "always"
                  label_keys = "quickback"
                }
                """);
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        JsonNode props = doc.at("/components/schemas/Room/properties");
        JsonNode label = props.get("roomType_label");
        assertThat(label).isNotNull();
        assertThat(label.get("type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(label.get("readOnly").asBoolean()).isTrue();
        assertThat(label.get("description").asText()).contains("roomTypeId");
        // organizationId is the tenant's key (spelled as the convention): a system column, never labelled
        assertThat(props.has("organization_label")).isFalse();
        assertThat(doc.at("/components/schemas/Room/required").toString()).doesNotContain("label");
        JsonNode listLabels = null;
        for (JsonNode p : doc.at("/paths/~1api~1rooms/get/parameters")) {
            if (p.get("name").asText().equals("labels")) {
                listLabels = p;
            }
        }
        assertThat(listLabels).isNotNull();
        assertThat(listLabels.at("/schema/default").asBoolean()).isTrue();
        assertThat(listLabels.get("description").asText()).contains("on by default");
    }

    @Test
    void labelsOnRequestDescribeNoMembers() {
        ObjectNode doc = document("");
        assertThat(doc.at("/components/schemas/Room/properties").toString()).doesNotContain("abel\"");
    }
}
