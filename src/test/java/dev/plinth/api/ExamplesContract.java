package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values of every Prisma type in JSON, server-generated keys, composite keys, views and ignored models
 * and fields, end to end; run on SQLite and PostgreSQL by the subclasses.
 */
abstract class ExamplesContract {

    abstract TestServer.Db db();

    /**
     * A Decimal written and read back exactly: PostgreSQL's numeric keeps every digit; SQLite's DECIMAL
     * columns have NUMERIC affinity and keep a number as a double, so 15 significant digits are exact
     * there (https://www.sqlite.org/datatype3.html#type_affinity), as with Prisma on SQLite.
     */
    String price() {
        return db() == TestServer.Db.POSTGRESQL ? "12345678901234567890.123456789" : "1234567890.12345";
    }

    void assertProblem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("code").asText()).isEqualTo(code);
    }

    @Test
    void uuidColumnsRefuseOtherTextAsABadRequestNeverADatabaseError() throws Exception {
        String schema = """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                model Doc {
                  id      String @id @default(uuid()) @db.Uuid
                  user_id String @db.Uuid
                  ref     String? @db.Uuid
                  title   String
                }
                """;
        try (TestServer s = TestServer.start(db(), TestServer.schema(schema), true, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            String uuid = "0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11";
            // A subject that cannot be a user_id of this table: refused for every route, not a 500.
            assertProblem(s.as("alice", "GET", "/api/docs", null), 403, "forbidden");
            assertProblem(s.as("alice", "POST", "/api/docs", "{\"title\":\"x\"}"), 403, "forbidden");
            TestServer.Answer made = s.as(uuid, "POST", "/api/docs", "{\"title\":\"x\"}");
            assertThat(made.status()).as(made.toString()).isEqualTo(201);
            assertThat(s.as(uuid, "GET", "/api/docs", null).json().get("data")).hasSize(1);
            // A body value that is not a UUID is a 422 naming the field.
            TestServer.Answer bad = s.as(uuid, "POST", "/api/docs", "{\"title\":\"y\",\"ref\":\"not-a-uuid\"}");
            assertProblem(bad, 422, "validation_failed");
            assertThat(bad.body()).contains("\"field\":\"ref\"");
            assertThat(s.as(uuid, "GET", "/api/docs?count=true", null).json().get("total").asInt()).isEqualTo(1);
        }
    }

    @Test
    void everyTypeTravelsAsDesignSays() throws Exception {
        try (TestServer s = TestServer.start(db(), TestServer.schema(Files.readString(Path.of("examples/notes/schema.prisma"))),
                false, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            TestServer.Answer a = s.send("POST", "/api/notes", """
                    {"title":"All types","pinned":true,"views":42,"rating":4.25,"big":9007199254740993,
                     "price":%s,"due":"2026-11-22T05:12:27.5+01:00","meta":{"tags":["a","b"],"n":1.5},
                     "blob":"AAEC/w==","priority":"high"}""".formatted(price()));
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            JsonNode row = a.json();
            assertThat(row.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(row.get("pinned").isBoolean()).isTrue();
            assertThat(row.get("pinned").booleanValue()).isTrue();
            assertThat(row.get("views").intValue()).isEqualTo(42);
            assertThat(row.get("rating").doubleValue()).isEqualTo(4.25);
            assertThat(a.body()).contains("\"big\":9007199254740993");
            assertThat(row.get("price").decimalValue()).isEqualByComparingTo(price());
            assertThat(row.get("due").asText()).isEqualTo("2026-11-22T04:12:27.500Z");
            assertThat(row.get("meta").get("tags").get(1).asText()).isEqualTo("b");
            assertThat(row.get("blob").asText()).isEqualTo("AAEC/w==");
            assertThat(row.get("priority").asText()).isEqualTo("high");
            assertThat(row.has("secret")).as("@ignore'd field never shown").isFalse();
            assertThat(row.get("updatedAt").asText()).endsWith("Z");
            TestServer.Answer got = s.send("GET", "/api/notes/" + row.get("id").asText(), null);
            assertThat(got.json()).isEqualTo(row);
            TestServer.Answer defaults = s.send("POST", "/api/notes", "{\"title\":\"Defaults\"}");
            assertThat(defaults.json().get("pinned").booleanValue()).isFalse();
            assertThat(defaults.json().get("priority").asText()).isEqualTo("normal");
            assertThat(defaults.json().get("views").intValue()).isZero();
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"x\",\"priority\":\"HIGH\"}"), 422, "validation_failed");
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"x\",\"blob\":\"not base64!\"}"), 422, "validation_failed");
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"x\",\"due\":\"tomorrow\"}"), 422, "validation_failed");
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"x\",\"big\":92233720368547758070}"), 422, "validation_failed");
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"x\",\"secret\":\"s\"}"), 422, "validation_failed");
            TestServer.Answer byDate = s.send("GET", "/api/notes?due__gte=2026-11-22&pinned=true&priority=high", null);
            assertThat(byDate.json().get("data").size()).as(byDate.toString()).isEqualTo(1);
        }
    }

    @Test
    void generatedAndCompositeKeys() throws Exception {
        try (TestServer s = TestServer.start(db(), TestServer.schema(Files.readString(Path.of("examples/bookings/schema.prisma"))),
                false, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            JsonNode room = s.send("POST", "/api/rooms", "{\"name\":\"Blue\",\"seats\":8}").json();
            assertThat(room.get("id").asText()).matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            String roomId = room.get("id").asText();
            TestServer.Answer booked = s.send("POST", "/api/room_bookings",
                    "{\"room_id\":\"" + roomId + "\",\"day\":\"2026-12-01, AM\",\"booker\":\"ann\"}");
            assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
            String location = booked.header("Location").orElseThrow();
            assertThat(location).isEqualTo("/api/room_bookings/" + roomId + ",2026-12-01%2C%20AM");
            assertThat(s.send("GET", location, null).json().get("booker").asText()).isEqualTo("ann");
            TestServer.Answer patched = s.send("PATCH", location, "{\"note\":\"projector\"}");
            assertThat(patched.json().get("note").asText()).isEqualTo("projector");
            assertProblem(s.send("GET", "/api/room_bookings/" + roomId, null), 400, "invalid_key");
            assertProblem(s.send("POST", "/api/room_bookings",
                    "{\"room_id\":\"" + roomId + "\",\"day\":\"2026-12-01, AM\",\"booker\":\"bob\"}"), 409, "unique_violation");
            assertThat(s.send("DELETE", location, null).status()).isEqualTo(204);
            assertProblem(s.send("GET", location, null), 404, "not_found");

            JsonNode guest = s.send("POST", "/api/guests", "{\"name\":\"Gia\"}").json();
            assertThat(guest.get("id").asText()).matches("[a-z][a-z0-9]{23}");
            assertThat(guest.get("code").asText()).hasSize(10);
            assertThat(guest.get("badge").asText()).matches("[0-9A-HJKMNP-TV-Z]{26}");
        }
    }

    @Test
    void aViewMissingFromTheDatabaseAndIgnoredModelsHaveNoRoutes() throws Exception {
        String schema = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./v.db"
                }
                model Item {
                  id    Int    @id @default(autoincrement())
                  name  String
                }
                view ItemName {
                  id   Int    @unique
                  name String
                }
                model Legacy {
                  id Int @id
                  @@ignore
                }
                """;
        try (TestServer s = TestServer.start(db(), TestServer.schema(schema), false, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            assertThat(s.send("POST", "/api/items", "{\"name\":\"a\"}").status()).isEqualTo(201);
            // the database has no ItemName view: it is not routed (ViewsContract serves one that exists)
            assertProblem(s.send("GET", "/api/item_names", null), 404, "not_found");
            assertProblem(s.send("GET", "/api/legacies", null), 404, "not_found");
            assertThat(s.served().server().routes()).noneMatch(r -> r.contains("legac"));
        }
    }

    @Test
    void anonymousReadsOpenOnlyReadsOfTablesWithoutOwners() throws Exception {
        try (TestServer s = TestServer.start(db(), TestServer.schema(Files.readString(Path.of("examples/notes/schema.prisma"))),
                true, true, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            assertThat(s.send("GET", "/api/notes", null).status()).isEqualTo(200);
            assertProblem(s.send("POST", "/api/notes", "{\"title\":\"anon\"}"), 401, "unauthenticated");
            TestServer.Answer created = s.as("writer", "POST", "/api/notes", "{\"title\":\"signed\"}");
            assertThat(created.status()).isEqualTo(201);
            TestServer.Answer selected = s.send("GET", "/api/notes?select=id,title", null);
            assertThat(selected.json().get("data").get(0).size()).as(selected.toString()).isEqualTo(2);
            assertThat(selected.json().get("data").get(0).get("title").asText()).isEqualTo("signed");
            assertProblem(s.send("GET", "/api/notes?select=id,nope", null), 400, "unknown_column");
            assertProblem(s.send("GET", "/api/notes?q=x", null), 400, "invalid_parameter");
            assertProblem(s.send("GET", "/api/notes", null, "Authorization", "Basic abc"), 401, "unauthenticated");
        }
    }

    @Test
    void authorColumnsComeFromTheCaller() throws Exception {
        String schema = """
                datasource db {
                  provider = "sqlite"
                  url      = "file:./a.db"
                }
                model Document {
                  id         Int       @id @default(autoincrement())
                  title      String
                  created_by String?
                  updated_by String?
                  deleted_by String?
                  deleted_at DateTime?
                }
                """;
        try (TestServer s = TestServer.start(db(), TestServer.schema(schema), true, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            JsonNode doc = s.as("ann", "POST", "/api/documents", "{\"title\":\"t\",\"created_by\":\"eve\"}").json();
            assertThat(doc.get("created_by").asText()).isEqualTo("ann");
            assertThat(doc.get("updated_by").asText()).isEqualTo("ann");
            String path = "/api/documents/" + doc.get("id").asLong();
            assertThat(s.as("bob", "PATCH", path, "{\"title\":\"u\"}").json().get("updated_by").asText()).isEqualTo("bob");
            assertThat(s.as("cy", "DELETE", path, null).status()).isEqualTo(204);
            JsonNode deleted = s.as("cy", "GET", path + "?with_deleted=true", null).json();
            assertThat(deleted.get("deleted_by").asText()).isEqualTo("cy");
            assertThat(deleted.get("created_by").asText()).isEqualTo("ann");
            JsonNode restored = s.as("dee", "POST", path + "/restore", null).json();
            assertThat(restored.get("deleted_by").isNull()).isTrue();
            assertThat(restored.get("deleted_at").isNull()).isTrue();
        }
    }
}
