package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document describes the Json path grammar (docs/query.md, "Json fields"): a form-exploded
 * parameter whose property names match the path filters, document lookups with their meaning, and
 * {@code orderBy} terms over paths; the document stays valid against the official OpenAPI 3.1 schema.
 */
class JsonPathParametersTest {

    @Test
    void pathFiltersAndOrderAreDocumented() {
        SchemaResult r = SchemaLoader.parse("schema.prisma", """
                model Account {
                  id   Int    @id @default(autoincrement())
                  name String
                  meta Json?
                }
                """);
        ObjectNode doc = OpenApiDocument.of(r.schema().orElseThrow(), SchemaPolicy.of(r), Access.TOKENS);
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        JsonNode params = doc.at("/paths/~1api~1accounts/get/parameters");
        JsonNode paths = null;
        JsonNode order = null;
        JsonNode contains = null;
        for (JsonNode p : params) {
            switch (p.get("name").asText()) {
                case "meta.<path>" -> paths = p;
                case "orderBy" -> order = p;
                case "meta__contains" -> contains = p;
                default -> {
                }
            }
        }
        assertThat(paths).isNotNull();
        assertThat(paths.get("style").asText()).isEqualTo("form");
        assertThat(paths.get("explode").asBoolean()).isTrue();
        Pattern names = Pattern.compile(paths.at("/schema/propertyNames/pattern").asText());
        assertThat(names.matcher("meta.limits.seats__gte").matches()).isTrue();
        assertThat(names.matcher("meta.tags.0").matches()).isTrue();
        assertThat(names.matcher("meta.tags__has").matches()).isTrue();
        assertThat(names.matcher("meta.1abc").matches()).isFalse();
        assertThat(names.matcher("meta.").matches()).isFalse();
        assertThat(names.matcher("name.x").matches()).isFalse();
        Pattern terms = Pattern.compile(order.at("/schema/pattern").asText());
        assertThat(terms.matcher("meta.score:desc,id").matches()).isTrue();
        assertThat(terms.matcher("meta").matches()).isFalse();
        assertThat(contains.get("description").asText()).contains("@>");
    }
}
