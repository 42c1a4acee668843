package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code x-plinth} object of each row schema (docs/api.md, "OpenAPI"): what Plinth Studio reads to
 * show a model — its path, key, conventions and relations, in API names.
 */
class PlinthExtensionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void theCrmContactNamesItsConventionsAndItsRelationToCompany() throws Exception {
        SchemaResult result = SchemaLoader.load(Path.of("examples/crm/schema.prisma"));
        ObjectNode doc = OpenApiDocument.of(result.schema().orElseThrow(), SchemaPolicy.of(result), Access.TOKENS);
        JsonNode contact = doc.at("/components/schemas/Contact/x-plinth");
        assertThat(contact).isEqualTo(JSON.readTree("""
                {"model":"Contact","path":"/api/contacts","key":["id"],"softDelete":"deleted_at","owner":"user_id",
                 "updatedAt":"updated_at","fulltext":["name","email"],"label":"name","readOnly":false,
                 "relations":[{"name":"company","kind":"to-one","model":"Company","fields":["company_id"],
                   "references":["id"],"path":"/api/companies","labelKey":"company_label","required":false}]}"""));
        JsonNode company = doc.at("/components/schemas/Company/x-plinth");
        assertThat(company.get("softDelete").isNull()).isTrue();
        assertThat(company.get("fulltext")).isEmpty();
        assertThat(company.get("relations")).isEqualTo(JSON.readTree("""
                [{"name":"contacts","kind":"to-many","model":"Contact","fields":[],"references":[],
                  "path":"/api/companies/{key}/contacts","labelKey":null,"required":false}]"""));
        // only the row schemas carry it: a create body describes no model
        assertThat(doc.at("/components/schemas/ContactCreate").has("x-plinth")).isFalse();
    }

    @Test
    void mappedNamesCompositeKeysAndTheSideWithoutTheForeignKeyUseApiNames() throws Exception {
        ObjectNode doc = document("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:./t.db"
                }
                model Author {
                  id     Int      @id
                  title  String   @map("display_title")
                  badge  Badge?
                }
                model Badge {
                  authorId Int    @unique @map("author_id")
                  author   Author @relation(fields: [authorId], references: [id])
                }
                model Tagging {
                  postId Int
                  tag    String
                  @@id([postId, tag])
                }
                """);
        JsonNode author = doc.at("/components/schemas/Author/x-plinth");
        // the one-to-one's back side holds no foreign key: no fields to show as a link
        assertThat(author.at("/relations/0/kind").asText()).isEqualTo("to-one");
        assertThat(author.at("/relations/0/fields")).isEmpty();
        JsonNode badge = doc.at("/components/schemas/Badge/x-plinth");
        assertThat(badge.at("/relations/0/fields/0").asText()).isEqualTo(doc.at("/components/schemas/Badge/properties")
                .fieldNames().next());
        assertThat(doc.at("/components/schemas/Tagging/x-plinth/key")).hasSize(2);
    }

    @Test
    void aForeignKeyWithoutDefaultOrNullIsRequiredOnCreateOneWithAnAuthDefaultIsNot() throws Exception {
        SchemaResult result = SchemaLoader.load(Path.of("examples/rooms/schema.prisma"));
        ObjectNode doc = OpenApiDocument.of(result.schema().orElseThrow(), SchemaPolicy.of(result), Access.TOKENS);
        JsonNode relations = doc.at("/components/schemas/Booking/x-plinth/relations");
        java.util.Map<String, Boolean> required = new java.util.TreeMap<>();
        relations.forEach(r -> required.put(r.get("name").asText(), r.get("required").asBoolean()));
        // room_id must be given; organization_id defaults to auth().org_id
        assertThat(required).containsEntry("room", true).containsEntry("organization", false);
        assertThat(doc.at("/components/schemas/BookingCreate/required").toString()).doesNotContain("room_id");
    }
}
