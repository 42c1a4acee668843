package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.SharedMaterial;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated OpenAPI document: valid against the official OpenAPI 3.1 JSON Schema for the CRM, every
 * example and every real schema of {@code ../shared/schemas/real/}, and exact about what the grammar,
 * the catalog and the codecs do.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode document(Path file) {
        SchemaResult result;
        try {
            result = SchemaLoader.load(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(result.schema()).as(file + ": " + result.errors()).isPresent();
        return OpenApiDocument.of(result.schema().get(), SchemaPolicy.of(result), Access.TOKENS);
    }

    private static ObjectNode document(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.schema()).as(result.errors().toString()).isPresent();
        Schema schema = result.schema().get();
        return OpenApiDocument.of(schema, SchemaPolicy.of(result), Access.TOKENS);
    }

    @Test
    void everyExampleAndRealSchemaValidatesAgainstTheOfficialSchema() throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> examples = Files.list(Path.of("examples"))) {
            examples.map(d -> d.resolve("schema.prisma")).filter(Files::exists).sorted().forEach(files::add);
        }
        try (Stream<Path> real = Files.list(SharedMaterial.root().resolve("schemas/real"))) {
            real.filter(p -> p.toString().endsWith(".prisma")).sorted().forEach(files::add);
        }
        assertThat(files).contains(Path.of("examples/crm/schema.prisma")).hasSizeGreaterThanOrEqualTo(24);
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            ObjectNode doc = document(file);
            OpenApiValidator.documentErrors(doc).forEach(e -> failures.add(file + " " + e));
            assertThat(JSON.writeValueAsString(document(file))).as("the same schema gives the same bytes")
                    .isEqualTo(JSON.writeValueAsString(doc));
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void theValidatorRefusesABrokenDocument() {
        ObjectNode doc = document(Path.of("examples/crm/schema.prisma"));
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
        doc.remove("info");
        ((ObjectNode) doc.at("/paths/~1api~1contacts/get/parameters/0")).put("in", "body");
        ((ObjectNode) doc.at("/components/schemas/Contact")).put("type", "row");
        assertThat(OpenApiValidator.documentErrors(doc)).anyMatch(e -> e.contains("info"))
                .anyMatch(e -> e.contains("/parameters/0/in")).anyMatch(e -> e.contains("/components/schemas/Contact/type"));
    }

    @Test
    void listParametersFollowTheGrammar() {
        ObjectNode doc = document(Path.of("examples/crm/schema.prisma"));
        List<String> contacts = names(doc.at("/paths/~1api~1contacts/get/parameters"));
        // an enum compares for equality only; a string takes every lookup; a to-one foreign key is a column
        assertThat(contacts).contains("status", "status__ne", "status__in", "status__nin", "status__isnull",
                "name__icontains", "name__startswith", "score__gte", "company_id__isnull", "orderBy", "select",
                "include", "page", "per_page", "cursor", "limit", "count", "with_deleted");
        assertThat(contacts).doesNotContain("status__gt", "status__contains", "score__icontains");
        assertThat(doc.at("/paths/~1api~1contacts/get/parameters").findValues("name").stream()
                .filter(n -> n.asText().equals("include")).count()).isEqualTo(1);
        List<String> companies = names(doc.at("/paths/~1api~1companies/get/parameters"));
        assertThat(companies).doesNotContain("with_deleted");
        String orderBy = param(doc, "/api/contacts", "orderBy").at("/schema/pattern").asText();
        assertThat("-created_at,id".matches(orderBy.substring(1, orderBy.length() - 1))).isTrue();
        assertThat("password,id".matches(orderBy.substring(1, orderBy.length() - 1))).isFalse();
    }

    @Test
    void softDeletesListTheCascadeLimitAndHardDeletesDoNot() {
        ObjectNode doc = document(Path.of("examples/crm/schema.prisma"));
        // contacts have deleted_at: a DELETE may cascade and meet the depth limit (422); companies do not
        assertThat(doc.at("/paths/~1api~1contacts~1{key}/delete/responses").has("422")).isTrue();
        assertThat(doc.at("/paths/~1api~1contacts/delete/responses").has("422")).isTrue();
        assertThat(doc.at("/paths/~1api~1companies~1{key}/delete/responses").has("422")).isFalse();
        assertThat(doc.at("/paths/~1api~1companies~1{key}/delete/responses").has("204")).isTrue();
    }

    @Test
    void qOnlyOnFullTextModelsAndJsonBytesListsOnlyIsNull() {
        ObjectNode doc = document("""
                datasource db {
                  provider = "postgresql"
                  url      = "postgresql://localhost/x"
                }
                model Article {
                  id    Int    @id @default(autoincrement())
                  title String
                  body  String
                  @@fulltext([title, body])
                }
                model Blob {
                  id    String   @id @default(uuid()) @db.Uuid
                  data  Bytes?
                  meta  Json
                  tags  String[]
                  price Decimal
                  big   BigInt
                  at    DateTime?
                }
                """);
        assertThat(names(doc.at("/paths/~1api~1articles/get/parameters"))).contains("q");
        List<String> blobs = names(doc.at("/paths/~1api~1blobs/get/parameters"));
        assertThat(blobs).doesNotContain("q", "data", "data__eq", "meta", "tags");
        assertThat(blobs).contains("data__isnull", "meta__isnull", "tags__isnull", "price__gt", "big__lte");
        JsonNode blob = doc.at("/components/schemas/Blob/properties");
        assertThat(blob.at("/id/format").asText()).isEqualTo("uuid");
        assertThat(blob.at("/id/readOnly").asBoolean()).isTrue();
        assertThat(blob.at("/data/type").toString()).isEqualTo("[\"string\",\"null\"]");
        assertThat(blob.at("/data/contentEncoding").asText()).isEqualTo("base64");
        assertThat(blob.get("meta").has("type")).as("Json is any value").isFalse();
        assertThat(blob.at("/tags/type").asText()).isEqualTo("array");
        assertThat(blob.at("/price/type").toString()).as("a number, or a string of its digits").isEqualTo("[\"number\",\"string\"]");
        assertThat(blob.at("/big/format").asText()).isEqualTo("int64");
        assertThat(blob.at("/at/format").asText()).isEqualTo("date-time");
        assertThat(doc.at("/components/schemas/BlobCreate/properties").has("id")).as("a generated key is not the client's").isFalse();
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
    }

    @Test
    void bodiesKeysAndProblems() {
        ObjectNode doc = document("""
                datasource db {
                  provider = "sqlite"
                  url      = "file:./dev.db"
                }
                enum Status {
                  lead
                  won
                }
                model RoomBooking {
                  room_id    Int
                  day        String
                  status     Status?
                  note       String   @omit
                  updated_at DateTime @updatedAt
                  @@id([room_id, day])
                }
                model Tag {
                  id    Int    @id @default(autoincrement())
                  posts Post[]
                }
                model Post {
                  id   Int   @id @default(autoincrement())
                  tags Tag[]
                }
                """);
        JsonNode create = doc.at("/components/schemas/RoomBookingCreate");
        assertThat(names(create.get("required"))).containsExactly("room_id", "day", "note");
        assertThat(create.at("/properties/note/writeOnly").asBoolean()).as("@omit is written, never read").isTrue();
        assertThat(doc.at("/components/schemas/RoomBooking/properties").has("note")).isFalse();
        assertThat(doc.at("/components/schemas/RoomBooking/properties/status/enum").toString()).isEqualTo("[\"lead\",\"won\",null]");
        JsonNode update = doc.at("/components/schemas/RoomBookingUpdate");
        assertThat(update.has("required")).isFalse();
        assertThat(update.at("/properties/_expected_updated_at/format").asText()).isEqualTo("date-time");
        assertThat(doc.at("/paths/~1api~1room_bookings~1{key}/parameters/0/description").asText()).contains("room_id,day");
        assertThat(doc.at("/paths").has("/api/tags/{key}/posts/{other}")).isTrue();
        assertThat(doc.at("/paths/~1api~1tags~1{key}~1posts~1{other}").has("put")).isTrue();
        assertThat(doc.at("/paths/~1api~1tags~1{key}~1posts").has("post")).as("m:n rows are linked, not created").isFalse();
        List<String> codes = new ArrayList<>();
        doc.at("/components/schemas/Problem/properties/code/enum").forEach(c -> codes.add(c.asText()));
        assertThat(codes).hasSize(ApiProblem.values().length).contains("concurrent_update", "validation_failed");
        assertThat(doc.at("/paths/~1api~1room_bookings/post/responses/201/headers").has("Location")).isTrue();
        assertThat(doc.at("/paths/~1api~1room_bookings~1{key}/get/responses/200/headers").has("ETag")).isTrue();
        assertThat(OpenApiValidator.documentErrors(doc)).isEmpty();
    }

    @Test
    void securityFollowsThePosture() {
        String text = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./dev.db"
                }
                model Note {
                  id      Int    @id @default(autoincrement())
                  user_id String
                  text    String
                }
                model Page {
                  id   Int    @id @default(autoincrement())
                  text String
                }
                """;
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        Schema schema = result.schema().orElseThrow();
        ObjectNode open = OpenApiDocument.of(schema, SchemaPolicy.NONE, new Access(false, false));
        assertThat(open.at("/paths/~1api~1pages/get/security").isEmpty()).isTrue();
        assertThat(open.at("/paths/~1api~1pages/get/responses").has("401")).isFalse();
        assertThat(open.at("/paths/~1api~1notes/get/security/0").has("bearerAuth")).as("owner-scoped needs a token").isTrue();
        ObjectNode anonymousReads = OpenApiDocument.of(schema, SchemaPolicy.NONE, new Access(true, true));
        assertThat(anonymousReads.at("/paths/~1api~1pages/get/security").toString()).isEqualTo("[{\"bearerAuth\":[]},{}]");
        assertThat(anonymousReads.at("/paths/~1api~1pages/post/security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
    }

    private static JsonNode param(ObjectNode doc, String path, String name) {
        for (JsonNode p : doc.get("paths").get(path).get("get").get("parameters")) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no parameter " + name);
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(p -> out.add(p.isTextual() ? p.asText() : p.get("name").asText()));
        return out;
    }
}
