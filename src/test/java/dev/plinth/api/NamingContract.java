package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Naming end to end (docs/schema.md, "Naming"; docs/api.md, "Routes"): examples/crm-camel served with
 * {@code naming = "snake_case"} and {@code api_names = "field"} — a camelCase API on snake_case storage with
 * every convention working — and routes spelled by {@code route_case}, {@code path_prefix} and {@code @@route}
 * in paths, Location headers, nested routes, batches and the OpenAPI document. Run on SQLite and PostgreSQL.
 */
abstract class NamingContract {

    abstract TestServer.Db db();

    static void assertProblem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("code").asText()).isEqualTo(code);
    }

    static List<String> fieldNames(JsonNode row) {
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> query(TestServer s, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = s.connect(); Statement st = c.createStatement(); ResultSet r = st.executeQuery(sql)) {
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    values.add(String.valueOf(r.getString(i)));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }

    @Test
    void aCamelCaseApiSitsOnSnakeCaseStorageWithEveryConvention() throws Exception {
        try (TestServer s = TestServer.start(db(), Files.readString(Path.of("examples/crm-camel/schema.prisma")))) {
            TestServer.Answer company = s.as("alice", "POST", "/api/companies", "{\"name\":\"Acme\"}");
            assertThat(company.status()).as(company.toString()).isEqualTo(201);
            long companyId = company.json().get("id").asLong();
            TestServer.Answer created = s.as("alice", "POST", "/api/contacts",
                    "{\"name\":\"Ann\",\"email\":\"ann@acme.test\",\"companyId\":" + companyId + "}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            JsonNode ann = created.json();
            assertThat(fieldNames(ann)).containsExactly("id", "name", "email", "status", "companyId", "score", "createdAt",
                    "updatedAt", "userId", "deletedAt");
            // conventions by the stored names: owner from the token, timestamps by the server, soft delete
            assertThat(ann.get("userId").asText()).isEqualTo("alice");
            assertThat(ann.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(ann.get("updatedAt").asText()).isEqualTo(ann.get("createdAt").asText());
            long id = ann.get("id").asLong();
            s.as("alice", "POST", "/api/contacts", "{\"name\":\"Bea\",\"email\":\"bea@acme.test\",\"score\":3}");
            assertThat(s.as("bob", "GET", "/api/contacts", null).json().get("data")).isEmpty();

            // storage is snake_case: table contact, columns company_id, user_id, created_at
            assertThat(query(s, "SELECT name, company_id, user_id FROM contact ORDER BY id"))
                    .containsExactly("Ann|" + companyId + "|alice", "Bea|null|alice");

            // filters, orderBy, select, include and search speak the field names
            TestServer.Answer list = s.as("alice", "GET", "/api/contacts?companyId=" + companyId
                    + "&orderBy=createdAt:desc&select=id,name,companyId&include=company", null);
            assertThat(list.status()).as(list.toString()).isEqualTo(200);
            JsonNode row = list.json().get("data").get(0);
            assertThat(fieldNames(row)).containsExactly("id", "name", "companyId", "company");
            assertThat(row.get("company").get("name").asText()).isEqualTo("Acme");
            assertThat(s.as("alice", "GET", "/api/contacts?score__gte=1&orderBy=-score", null).json().get("data")
                    .findValuesAsText("name")).containsExactly("Bea");
            assertThat(s.as("alice", "GET", "/api/contacts?q=bea", null).json().get("data").findValuesAsText("name"))
                    .containsExactly("Bea");
            List<String> seen = new ArrayList<>();
            String cursor = null;
            do {
                TestServer.Answer page = s.as("alice", "GET", "/api/contacts?orderBy=createdAt,name&limit=1"
                        + (cursor == null ? "" : "&cursor=" + cursor), null);
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                seen.addAll(page.json().get("data").findValuesAsText("name"));
                cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            } while (cursor != null);
            assertThat(seen).containsExactlyInAnyOrder("Ann", "Bea");
            TestServer.Answer nested = s.as("alice", "GET", "/api/companies/" + companyId + "/contacts?select=name,companyId", null);
            assertThat(nested.status()).as(nested.toString()).isEqualTo(200);
            assertThat(nested.json().get("data").findValuesAsText("name")).containsExactly("Ann");

            // the column names are not the API's: errors name what the client sent
            TestServer.Answer byColumn = s.as("alice", "GET", "/api/contacts?company_id=" + companyId, null);
            assertThat(byColumn.status()).as(byColumn.toString()).isEqualTo(400);
            assertThat(byColumn.body()).contains("company_id").contains("companyId");
            TestServer.Answer orderByColumn = s.as("alice", "GET", "/api/contacts?orderBy=created_at", null);
            assertThat(orderByColumn.status()).isEqualTo(400);
            assertThat(orderByColumn.body()).contains("created_at");
            assertThat(s.as("alice", "GET", "/api/contacts?select=user_id", null).status()).isEqualTo(400);
            List<String> before = query(s, "SELECT * FROM contact ORDER BY id");
            TestServer.Answer badBody = s.as("alice", "PATCH", "/api/contacts/" + id, "{\"company_id\":null}");
            assertThat(badBody.status()).as(badBody.toString()).isBetween(400, 499);
            assertThat(badBody.body()).contains("company_id");
            assertThat(query(s, "SELECT * FROM contact ORDER BY id")).isEqualTo(before);

            // updatedAt is maintained, _expected_updated_at compares it; a stale one changes nothing
            TestServer.Answer patched = s.as("alice", "PATCH", "/api/contacts/" + id,
                    "{\"score\":9,\"_expected_updated_at\":\"" + ann.get("updatedAt").asText() + "\"}");
            assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
            assertThat(patched.json().get("score").asInt()).isEqualTo(9);
            assertThat(s.as("alice", "PATCH", "/api/contacts/" + id,
                    "{\"score\":1,\"_expected_updated_at\":\"2000-01-01T00:00:00.000Z\"}").status()).isEqualTo(409);

            // delete is soft: the row stays with deleted_at set, and comes back with restore
            assertThat(s.as("alice", "DELETE", "/api/contacts/" + id, null).status()).isEqualTo(204);
            assertProblem(s.as("alice", "GET", "/api/contacts/" + id, null), 404, "not_found");
            assertThat(query(s, "SELECT deleted_at IS NOT NULL FROM contact WHERE id = " + id)).singleElement()
                    .isIn("1", "t", "true");
            TestServer.Answer restored = s.as("alice", "POST", "/api/contacts/" + id + "/restore", null);
            assertThat(restored.status()).as(restored.toString()).isEqualTo(200);
            assertThat(restored.json().get("deletedAt").isNull()).isTrue();

            // a foreign key to no row names the field as sent
            TestServer.Answer dangling = s.as("alice", "POST", "/api/contacts", "{\"name\":\"C\",\"email\":\"c@x.test\",\"companyId\":999}");
            assertThat(dangling.status()).as(dangling.toString()).isBetween(400, 499);
            assertThat(dangling.body()).contains("companyId");

            // the OpenAPI document follows the API names
            JsonNode doc = s.send("GET", "/openapi.json", null).json();
            JsonNode contact = doc.get("components").get("schemas").get("Contact").get("properties");
            assertThat(fieldNames(contact)).contains("companyId", "createdAt", "userId").doesNotContain("company_id");
            List<String> parameters = doc.get("paths").get("/api/contacts").get("get").get("parameters").findValuesAsText("name");
            assertThat(parameters).contains("companyId", "score__gte").doesNotContain("company_id");
        }
    }

    static final String ROUTES = """
            datasource db {
              provider = "sqlite"
              url      = "file:./routes.db"
            }

            generator plinth {
              provider    = "plinth"
              route_case  = "kebab"
              path_prefix = "/api/v1"
            }

            model Room {
              id       Int           @id @default(autoincrement())
              name     String
              bookings RoomBooking[]
            }

            model RoomBooking {
              id     Int    @id @default(autoincrement())
              title  String
              roomId Int
              room   Room   @relation(fields: [roomId], references: [id])
            }

            model Person {
              id   Int    @id @default(autoincrement())
              name String

              @@route("people")
            }
            """;

    @Test
    void routesFollowRouteCasePathPrefixAndAtAtRoute() throws Exception {
        try (TestServer s = TestServer.start(db(), ROUTES)) {
            assertThat(s.as("alice", "POST", "/api/v1/rooms", "{\"name\":\"Blue\"}").status()).isEqualTo(201);
            TestServer.Answer booked = s.as("alice", "POST", "/api/v1/room-bookings", "{\"title\":\"Standup\",\"roomId\":1}");
            assertThat(booked.status()).as(booked.toString()).isEqualTo(201);
            assertThat(booked.header("Location")).contains("/api/v1/room-bookings/1");
            assertThat(s.as("alice", "GET", "/api/v1/room-bookings/1", null).json().get("title").asText()).isEqualTo("Standup");
            TestServer.Answer child = s.as("alice", "POST", "/api/v1/rooms/1/bookings", "{\"title\":\"Retro\"}");
            assertThat(child.status()).as(child.toString()).isEqualTo(201);
            assertThat(child.header("Location")).contains("/api/v1/room-bookings/2");
            assertThat(s.as("alice", "GET", "/api/v1/rooms/1/bookings", null).json().get("data")).hasSize(2);
            assertThat(s.as("alice", "POST", "/api/v1/people", "{\"name\":\"Ada\"}").status()).isEqualTo(201);
            assertThat(s.as("alice", "GET", "/api/v1/people", null).json().get("data")).hasSize(1);
            for (String gone : List.of("/api/room_bookings", "/api/v1/room_bookings", "/api/rooms", "/api/v1/persons", "/api/batch")) {
                assertProblem(s.as("alice", "GET", gone, null), 404, "not_found");
            }
            TestServer.Answer batch = s.as("alice", "POST", "/api/v1/batch", """
                    [{"method":"POST","path":"/api/v1/room-bookings","body":{"title":"Plan","roomId":1}},
                     {"method":"GET","path":"/api/v1/people/1"}]""");
            assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
            assertThat(batch.json().get(0).get("status").asInt()).isEqualTo(201);
            assertThat(batch.json().get(1).get("body").get("name").asText()).isEqualTo("Ada");
            TestServer.Answer wrongPrefix = s.as("alice", "POST", "/api/v1/batch", "[{\"method\":\"GET\",\"path\":\"/api/people/1\"}]");
            assertProblem(wrongPrefix, 404, "not_found");
            assertThat(wrongPrefix.body()).contains("/api/v1/");

            JsonNode paths = s.send("GET", "/openapi.json", null).json().get("paths");
            assertThat(fieldNames(paths)).contains("/api/v1/rooms", "/api/v1/room-bookings", "/api/v1/room-bookings/{key}", "/api/v1/rooms/{key}/bookings",
                    "/api/v1/people", "/api/v1/batch").noneMatch(p -> p.startsWith("/api/room") || p.contains("room_bookings"));
        }
    }
}
