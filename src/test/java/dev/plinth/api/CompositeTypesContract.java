package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Composite types end to end (docs/schema.md, "Composite types"): documents written and read as nested JSON,
 * completed with their defaults, checked against the type on every write path with one error per problem named
 * by its path, and a refused write changes nothing. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class CompositeTypesContract {

    static final String SCHEMA = """
            enum Kind {
              HOME
              WORK @map("work")
            }

            type Geo {
              lat Float
              lng Float
            }

            type Address {
              street  String
              city    String
              zip     String?
              country String   @default("FR")
              kind    Kind     @default(HOME)
              lines   String[]
              geo     Geo?
              since   DateTime?
              postal  String?  @map("postal_code")
            }

            model Contact {
              id        Int       @id @default(autoincrement())
              name      String
              address   Address
              addresses Address[]
              billing   Address?
              extra     embed {
                note  String
                flags embed {
                  vip Boolean @default(false)
                }[]
              }?
              visits    Visit[]
            }

            model Visit {
              id         Int     @id @default(autoincrement())
              contact    Contact @relation(fields: [contact_id], references: [id])
              contact_id Int
              place      Address
            }
            """;

    abstract TestServer.Db db();

    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(db(), TestServer.schema(SCHEMA), false, false, ApiSettings.DEFAULT_MAX_BODY_BYTES);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestServer.Answer send(String method, String path, String body) throws Exception {
        return server.send(method, path, body);
    }

    @Test
    void documentsAreWrittenAndReadAsNestedJsonWithTheirDefaults() throws Exception {
        TestServer.Answer created = send("POST", "/api/contacts", """
                {"name":"Ann",
                 "address":{"street":"1 rue Lepic","city":"Paris","lines":["2nd floor"],"geo":{"lat":48.88,"lng":2.33},
                            "since":"2026-01-02T03:04:05+01:00","postal_code":"75018","kind":"work"},
                 "addresses":[{"street":"5 Main St","city":"Boston","country":"US","lines":[]}],
                 "extra":{"note":"met at a fair","flags":[{},{"vip":true}]}}
                """);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode row = created.json();
        JsonNode address = row.get("address");
        assertThat(address.isObject()).as("nested JSON, not a string: " + row).isTrue();
        assertThat(address.get("city").asText()).isEqualTo("Paris");
        assertThat(address.get("country").asText()).as("@default filled in").isEqualTo("FR");
        assertThat(address.get("kind").asText()).isEqualTo("work");
        assertThat(address.get("postal_code").asText()).isEqualTo("75018");
        assertThat(address.get("since").asText()).as("canonical DateTime").isEqualTo("2026-01-02T02:04:05.000Z");
        assertThat(address.get("geo").get("lat").decimalValue()).isEqualByComparingTo("48.88");
        assertThat(address.has("zip")).as("an optional field left out stays out").isFalse();
        assertThat(row.get("addresses").isArray()).isTrue();
        assertThat(row.get("addresses").get(0).get("country").asText()).isEqualTo("US");
        assertThat(row.get("addresses").get(0).get("kind").asText()).isEqualTo("HOME");
        assertThat(row.get("billing").isNull()).isTrue();
        assertThat(row.get("extra").get("flags").get(0).get("vip").asBoolean()).as("a default in a nested list").isFalse();
        assertThat(row.get("extra").get("flags").get(1).get("vip").asBoolean()).isTrue();

        String path = "/api/contacts/" + row.get("id").asLong();
        JsonNode read = send("GET", path, null).json();
        assertThat(read).isEqualTo(row);
        JsonNode listed = send("GET", "/api/contacts", null).json().get("data").get(0);
        assertThat(listed.get("address")).isEqualTo(address);

        TestServer.Answer patched = send("PATCH", path, """
                {"address":{"street":"2 Elm St","city":"Lyon","zip":"69001","lines":["a","b"]},"billing":{"street":"B","city":"C","lines":[]}}
                """);
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("address").get("city").asText()).isEqualTo("Lyon");
        assertThat(patched.json().get("address").get("zip").asText()).isEqualTo("69001");
        assertThat(patched.json().get("address").get("country").asText()).isEqualTo("FR");
        assertThat(patched.json().get("address").has("geo")).as("a document is replaced whole").isFalse();
        assertThat(patched.json().get("billing").get("city").asText()).isEqualTo("C");
        assertThat(send("GET", path, null).json()).isEqualTo(patched.json());

        TestServer.Answer cleared = send("PATCH", path, "{\"billing\":null,\"extra\":null}");
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.json().get("billing").isNull()).isTrue();
    }

    @Test
    void everyProblemInADocumentIsA422NamedByItsPathAndNothingIsWritten() throws Exception {
        JsonNode row = send("POST", "/api/contacts", """
                {"name":"Bob","address":{"street":"s","city":"c","lines":[]},"addresses":[]}
                """).json();
        String path = "/api/contacts/" + row.get("id").asLong();
        List<String> before = server.dump("Contact");

        assertFields(send("POST", "/api/contacts", """
                {"name":"X","addresses":[],
                 "address":{"street":"s","zip":5,"planet":"Mars","kind":"MOON","lines":["ok",3],"geo":{"lat":"north"},
                            "since":"yesterday"}}
                """), "address.zip:invalid_type", "address.planet:unknown_field", "address.kind:invalid_enum_value",
                "address.lines[1]:invalid_type", "address.geo.lat:invalid_type", "address.geo.lng:required",
                "address.since:invalid_value", "address.city:required");
        assertFields(send("POST", "/api/contacts", """
                {"name":"X","address":{"street":"s","city":"c","lines":[]},"addresses":[{"street":"s","city":"c","lines":[]},{"street":"t","lines":[]}, 7]}
                """), "addresses[1].city:required", "addresses[2]:invalid_type");
        assertFields(send("POST", "/api/contacts", "{\"name\":\"X\",\"address\":\"1 rue Lepic, Paris\",\"addresses\":[]}"),
                "address:invalid_type");
        assertFields(send("POST", "/api/contacts", "{\"name\":\"X\",\"address\":{\"street\":\"s\",\"city\":\"c\",\"lines\":[]},"
                + "\"addresses\":{\"street\":\"s\"}}"), "addresses:invalid_type");
        assertFields(send("POST", "/api/contacts", "{\"name\":\"X\",\"addresses\":[]}"), "address:required");
        assertFields(send("POST", "/api/contacts", "{\"name\":\"X\",\"address\":null,\"addresses\":[]}"), "address:not_null");
        assertFields(send("POST", "/api/contacts", "{\"name\":\"X\",\"address\":{\"street\":null,\"city\":\"c\",\"lines\":null},"
                + "\"addresses\":[],\"extra\":{\"note\":\"n\",\"flags\":[{\"vip\":\"yes\"}]}}"),
                "address.street:not_null", "address.lines:not_null", "extra.flags[0].vip:invalid_type");
        // the same checks on an update, an array create, a collection PATCH and a batch
        assertFields(send("PATCH", path, "{\"address\":{\"street\":\"s\"}}"), "address.city:required");
        assertFields(send("POST", "/api/contacts", """
                [{"name":"Ok","address":{"street":"s","city":"c","lines":[]},"addresses":[]},
                 {"name":"Bad","address":{"street":"s","city":"c","lines":[],"extra":1},"addresses":[]}]
                """), "[1].address.extra:unknown_field");
        assertFields(send("PATCH", "/api/contacts?name=Bob", "{\"billing\":{\"city\":\"c\",\"lines\":[]}}"), "billing.street:required");
        TestServer.Answer batch = send("POST", "/api/batch", """
                [{"method":"POST","path":"/api/contacts","body":{"name":"Ok","address":{"street":"s","city":"c","lines":[]},"addresses":[]}},
                 {"method":"PATCH","path":"%s","body":{"address":{"street":"s","city":7,"lines":[]}}}]
                """.formatted(path));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(422);
        assertThat(batch.toString()).contains("address.city");
        assertThat(server.dump("Contact")).isEqualTo(before);
    }

    @Test
    void aDocumentStoredAsJsonIsReadBackUnchangedByOtherWrites() throws Exception {
        JsonNode row = send("POST", "/api/contacts", """
                {"name":"Cy","address":{"street":"s","city":"Nice","lines":["x"]},"addresses":[{"street":"a","city":"b","lines":[]}]}
                """).json();
        String path = "/api/contacts/" + row.get("id").asLong();
        TestServer.Answer renamed = send("PATCH", path, "{\"name\":\"Cyd\"}");
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.json().get("address")).isEqualTo(row.get("address"));
        assertThat(renamed.json().get("addresses")).isEqualTo(row.get("addresses"));
        TestServer.Answer nulls = send("GET", "/api/contacts?billing__isnull=true", null);
        assertThat(nulls.status()).as(nulls.toString()).isEqualTo(200);
        assertThat(nulls.json().get("data")).hasSize(1);
    }

    @Test
    void aNestedRouteChecksDocumentsToo() throws Exception {
        JsonNode row = send("POST", "/api/contacts", """
                {"name":"Dee","address":{"street":"s","city":"c","lines":[]},"addresses":[]}
                """).json();
        String visits = "/api/contacts/" + row.get("id").asLong() + "/visits";
        List<String> before = server.dump("Visit");
        assertFields(send("POST", visits, "{\"place\":{\"street\":\"s\",\"lines\":[],\"kind\":\"WORK\"}}"),
                "place.city:required", "place.kind:invalid_enum_value");
        assertThat(server.dump("Visit")).isEqualTo(before);
        TestServer.Answer created = send("POST", visits, "{\"place\":{\"street\":\"s\",\"city\":\"Oslo\",\"lines\":[]}}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("place").get("city").asText()).isEqualTo("Oslo");
        assertThat(created.json().get("place").get("country").asText()).isEqualTo("FR");
        assertThat(send("GET", visits, null).json().get("data").get(0).get("place")).isEqualTo(created.json().get("place"));
    }

    @Test
    void theCrmExampleKeepsACompanysAddress() throws Exception {
        try (TestServer crm = TestServer.start(db(), TestServer.schema(java.nio.file.Files.readString(
                java.nio.file.Path.of("examples/crm/schema.prisma"))), false, false, ApiSettings.DEFAULT_MAX_BODY_BYTES)) {
            TestServer.Answer created = crm.send("POST", "/api/companies",
                    "{\"name\":\"Acme\",\"address\":{\"street\":\"1 Main St\",\"city\":\"Boston\"}}");
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.json().get("address").get("country").asText()).isEqualTo("US");
            assertThat(crm.send("GET", "/api/companies/" + created.json().get("id").asLong(), null).json().get("address"))
                    .isEqualTo(created.json().get("address"));
            assertFields(crm.send("POST", "/api/companies", "{\"name\":\"Bad\",\"address\":{\"street\":\"x\"}}"),
                    "address.city:required");
            assertThat(crm.send("POST", "/api/companies", "{\"name\":\"None\"}").status()).isEqualTo(201);
        }
    }

    private static void assertFields(TestServer.Answer answer, String... expected) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("code").asText()).isEqualTo("validation_failed");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asText() + ":" + e.get("code").asText()));
        assertThat(fields).as(answer.toString()).containsExactlyInAnyOrder(expected);
    }
}
