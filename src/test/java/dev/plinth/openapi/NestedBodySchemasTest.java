package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create bodies of the OpenAPI document describe nested writes (docs/api.md, "Nested writes"): a
 * nested body the server takes validates against them, a malformed nesting does not, and a foreign key a
 * to-one relation can set instead is no longer required.
 */
class NestedBodySchemasTest {

    private static final String MODELS = """
            model User {
              id    Int    @id @default(autoincrement())
              email String @unique
              posts Post[]
            }
            model Post {
              id        Int    @id @default(autoincrement())
              title     String
              author    User   @relation(fields: [author_id], references: [id])
              author_id Int
              tags      Tag[]
            }
            model Tag {
              id    Int    @id @default(autoincrement())
              slug  String @unique
              posts Post[]
            }
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document() {
        SchemaResult result = SchemaLoader.parse("schema.prisma", MODELS);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void nestedBodiesValidateAgainstTheCreateSchemas() throws Exception {
        ObjectNode doc = document();
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        assertThat(doc.at("/components/schemas/PostCreate/required").toString()).doesNotContain("author_id").contains("title");
        JsonNode user = JSON.readTree("""
                {"email": "a@x.io", "posts": [{"title": "t", "tags": {"connect": [{"slug": "s"}], "create": {"slug": "n"}}}]}
                """);
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/UserCreate", user)).isEmpty();
        JsonNode post = JSON.readTree("{\"title\": \"t\", \"author\": {\"connect\": {\"email\": \"a@x.io\"}}}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/PostCreate", post)).isEmpty();
        JsonNode both = JSON.readTree("{\"title\": \"t\", \"author\": {\"connect\": {\"id\": 1}, \"create\": {\"email\": \"b\"}}}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/PostCreate", both)).isNotEmpty();
        JsonNode scalar = JSON.readTree("{\"email\": \"a@x.io\", \"posts\": 5}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/UserCreate", scalar)).isNotEmpty();
        JsonNode patch = JSON.readTree("{\"posts\": {\"set\": [{\"id\": 1}], \"create\": [{\"title\": \"t\"}]}}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/UserUpdate", patch)).isEmpty();
        JsonNode required = JSON.readTree("{\"author\": {\"disconnect\": true}}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/PostUpdate", required))
                .as("a required relation cannot be disconnected").isNotEmpty();
        JsonNode connect = JSON.readTree("{\"author\": {\"connect\": {\"id\": 2}}}");
        assertThat(OpenApiValidator.valueErrors(doc, "#/components/schemas/PostUpdate", connect)).isEmpty();
    }
}
