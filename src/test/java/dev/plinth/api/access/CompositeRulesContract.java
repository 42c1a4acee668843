package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Composite types with data rules inside them, end to end (docs/schema.md, "Composite types"): transforms
 * applied and stored, field validators and a type's {@code @@validate} reported at the value's path with their
 * codes and messages (nested types and lists of documents too), on every write path, a refused write changing
 * nothing; and filters, ordering and keyset pages on paths of a composite field. Run on SQLite and PostgreSQL by
 * the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CompositeRulesContract {

    static final String SCHEMA = """
            enum Kind {
              HOME
              WORK
            }

            type Geo {
              lat Float @gte(-90) @lte(90)
              lng Float @gte(-180) @lte(180, "longitude within 180 degrees")
            }

            type Address {
              street String   @trim @length(1, 40)
              city   String   @trim @length(min: 2)
              zip    String?  @regex("^\\d{5}$", "five digits")
              email  String?  @trim @lower @email
              lines  String[] @length(max: 2)
              geo    Geo?
              kind   Kind     @default(HOME)
              from   Int?
              to     Int?

              @@validate(to == null || from == null || to >= from, "to comes after from", path: ["to"])
              @@validate(kind != WORK || zip != null, "a work address has a zip")
            }

            model Contact {
              id        Int       @id @default(autoincrement())
              name      String
              address   Address?
              addresses Address[] @length(max: 2)
              visits    Visit[]

              @@index([address.city])
            }

            model Visit {
              id         Int     @id @default(autoincrement())
              contact    Contact @relation(fields: [contact_id], references: [id])
              contact_id Int
              place      Address
            }
            """;

    private static final RulesServer.Who ALICE = new RulesServer.Who("alice", Map.of());

    RulesServer server;

    abstract RulesServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), SCHEMA, ClaimNames.DEFAULT);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clean() throws Exception {
        server.execute("DELETE FROM \"Visit\"");
        server.execute("DELETE FROM \"Contact\"");
    }

    private RulesServer.Answer send(String method, String path, String body) throws Exception {
        return server.send(ALICE, method, path, body);
    }

    private JsonNode create(String body) throws Exception {
        RulesServer.Answer a = send("POST", "/api/contacts", body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    /** Asserts a 422 validation_failed and returns its errors as "field code message". */
    private static List<String> refused(RulesServer.Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        JsonNode json = a.json();
        assertThat(json.get("code").asText()).as(a.toString()).isEqualTo("validation_failed");
        List<String> out = new ArrayList<>();
        for (JsonNode e : json.get("errors")) {
            out.add(e.get("field").asText() + " " + e.get("code").asText() + " " + e.get("message").asText());
        }
        return out;
    }

    private static List<String> codes(RulesServer.Answer a) {
        return refused(a).stream().map(s -> s.split(" ")[0] + " " + s.split(" ")[1]).toList();
    }

    @Test
    void transformsInsideTypesAreAppliedAndStored() throws Exception {
        JsonNode row = create("""
                {"name":"Ann","address":{"street":"  1 rue Lepic  ","city":" Paris ","email":" ANN@Example.COM ","lines":[]},
                 "addresses":[{"street":"a","city":"  Lyon","lines":["x"],"geo":{"lat":45.7,"lng":4.8}}]}""");
        assertThat(row.get("address").get("street").asText()).isEqualTo("1 rue Lepic");
        assertThat(row.get("address").get("city").asText()).isEqualTo("Paris");
        assertThat(row.get("address").get("email").asText()).isEqualTo("ann@example.com");
        assertThat(row.get("addresses").get(0).get("city").asText()).isEqualTo("Lyon");
        JsonNode read = send("GET", "/api/contacts/" + row.get("id").asInt(), null).json();
        assertThat(read.get("address")).isEqualTo(row.get("address"));
        assertThat(read.get("addresses")).isEqualTo(row.get("addresses"));
        // " A " trims to one character: too short although the raw text has three
        assertThat(codes(send("POST", "/api/contacts", "{\"name\":\"B\",\"address\":{\"street\":\"s\",\"city\":\" A \",\"lines\":[]},"
                + "\"addresses\":[]}"))).containsExactly("address.city too_short");
    }

    @Test
    void everyValidatorInsideATypeIsReportedAtItsPathWithItsCodeAndMessage() throws Exception {
        create("{\"name\":\"Keep\",\"addresses\":[]}");
        List<String> before = server.dump("Contact");
        List<String> errors = refused(send("POST", "/api/contacts", """
                {"name":"X",
                 "address":{"street":"   ","city":"Paris","zip":"123","email":"nope","lines":["a","b","c"],
                            "geo":{"lat":91,"lng":-181}},
                 "addresses":[{"street":"s","city":"Oslo","lines":[]},{"street":"s","city":"P","lines":[],"geo":{"lat":-91,"lng":0}}]}"""));
        assertThat(errors).containsExactlyInAnyOrder(
                "address.street too_short must have at least 1 character, got 0",
                "address.zip pattern_mismatch five digits",
                "address.email invalid_email must be an email address",
                "address.lines too_long must have at most 2 items, got 3",
                "address.geo.lat too_large must be at most 90",
                "address.geo.lng too_small must be at least -180",
                "addresses[1].city too_short must have at least 2 characters, got 1",
                "addresses[1].geo.lat too_small must be at least -90");
        // a list of documents bounded on the model's field: @length counts documents, not characters
        assertThat(codes(send("POST", "/api/contacts", """
                {"name":"X","addresses":[{"street":"s","city":"Oslo","lines":[]},{"street":"s","city":"Oslo","lines":[]},
                                         {"street":"s","city":"Oslo","lines":[]}]}"""))).containsExactly("addresses too_long");
        assertThat(refused(send("POST", "/api/contacts", """
                {"name":"X","address":{"street":"s","city":"Oslo","lines":[],"geo":{"lat":0,"lng":190}},"addresses":[]}""")))
                .containsExactly("address.geo.lng too_large longitude within 180 degrees");
        assertThat(server.dump("Contact")).isEqualTo(before);
    }

    @Test
    void aTypesValidateRulesRunOnEachDocumentOfTheType() throws Exception {
        List<String> errors = refused(send("POST", "/api/contacts", """
                {"name":"X","address":{"street":"s","city":"Oslo","lines":[],"from":5,"to":3,"kind":"WORK"},
                 "addresses":[{"street":"s","city":"Oslo","lines":[],"from":1,"to":2},{"street":"s","city":"Oslo","lines":[],"from":2,"to":1}]}"""));
        assertThat(errors).containsExactlyInAnyOrder(
                "address.to rule_failed to comes after from",
                "address rule_failed a work address has a zip",
                "addresses[1].to rule_failed to comes after from");
        // a document whose values do not fit their types is not read by its rules
        assertThat(codes(send("POST", "/api/contacts", """
                {"name":"X","address":{"street":"s","city":"Oslo","lines":[],"from":"five","to":3,"kind":"WORK"},"addresses":[]}""")))
                .containsExactly("address.from invalid_type");
        JsonNode ok = create("""
                {"name":"Ok","address":{"street":"s","city":"Oslo","lines":[],"from":1,"to":1,"kind":"WORK","zip":"75018"},"addresses":[]}""");
        assertThat(ok.get("address").get("kind").asText()).isEqualTo("WORK");
        assertThat(server.dump("Contact")).hasSize(1);
    }

    @Test
    void everyWritePathChecksTheRulesInsideDocumentsAndChangesNothing() throws Exception {
        JsonNode row = create("{\"name\":\"Bob\",\"address\":{\"street\":\"s\",\"city\":\"Oslo\",\"lines\":[]},\"addresses\":[]}");
        String path = "/api/contacts/" + row.get("id").asInt();
        List<String> contacts = server.dump("Contact");
        List<String> visits = server.dump("Visit");
        assertThat(codes(send("PATCH", path, "{\"address\":{\"street\":\"s\",\"city\":\"O\",\"lines\":[]}}")))
                .containsExactly("address.city too_short");
        assertThat(codes(send("POST", "/api/contacts", """
                [{"name":"Ok","addresses":[]},
                 {"name":"Bad","address":{"street":"s","city":"Oslo","lines":[],"email":"x"},"addresses":[]}]""")))
                .containsExactly("[1].address.email invalid_email");
        assertThat(codes(send("PATCH", "/api/contacts?name=Bob", "{\"addresses\":[{\"street\":\"s\",\"city\":\"Oslo\",\"lines\":[],"
                + "\"kind\":\"WORK\"}]}"))).containsExactly("addresses[0] rule_failed");
        RulesServer.Answer batch = send("POST", "/api/batch", """
                [{"method":"POST","path":"/api/contacts","body":{"name":"Ok","addresses":[]}},
                 {"method":"PATCH","path":"%s","body":{"address":{"street":"s","city":"Oslo","lines":[],"zip":"x"}}}]
                """.formatted(path));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(422);
        assertThat(batch.body()).contains("address.zip").contains("five digits");
        assertThat(codes(send("POST", path + "/visits", "{\"place\":{\"street\":\"s\",\"city\":\"Oslo\",\"lines\":[],"
                + "\"geo\":{\"lat\":100,\"lng\":0}}}"))).containsExactly("place.geo.lat too_large");
        assertThat(server.dump("Contact")).isEqualTo(contacts);
        assertThat(server.dump("Visit")).isEqualTo(visits);

        RulesServer.Answer visit = send("POST", path + "/visits", "{\"place\":{\"street\":\" s \",\"city\":\"Oslo\",\"lines\":[]}}");
        assertThat(visit.status()).as(visit.toString()).isEqualTo(201);
        assertThat(visit.json().get("place").get("street").asText()).isEqualTo("s");
        RulesServer.Answer patched = send("PATCH", path, "{\"address\":{\"street\":\"t\",\"city\":\" Bergen \",\"lines\":[]}}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("address").get("city").asText()).isEqualTo("Bergen");
    }

    // ---- paths of a composite field -------------------------------------------------------------

    private void seedCities() throws Exception {
        String[][] rows = {{"a", "Paris", "75001"}, {"b", "Oslo", null}, {"c", "Berlin", "10115"}, {"d", "Paris", null},
                {"e", "Lyon", "69001"}};
        for (String[] r : rows) {
            create("{\"name\":\"" + r[0] + "\",\"address\":{\"street\":\"s\",\"city\":\"" + r[1] + "\",\"lines\":[]"
                    + (r[2] == null ? "" : ",\"zip\":\"" + r[2] + "\"") + "},\"addresses\":[{\"street\":\"s\",\"city\":\""
                    + r[1] + "\",\"lines\":[]}]}");
        }
        create("{\"name\":\"f\",\"addresses\":[]}");
    }

    private List<String> names(String query) throws Exception {
        RulesServer.Answer a = send("GET", "/api/contacts?" + query, null);
        assertThat(a.status()).as(query + " → " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().get("data").forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void aCompositeFieldIsFilteredAndOrderedByPath() throws Exception {
        seedCities();
        assertThat(names("address.city=Paris&orderBy=id")).containsExactly("a", "d");
        assertThat(names("address.city__ne=Paris&orderBy=id")).containsExactly("b", "c", "e");
        assertThat(names("address.city__in=Oslo,Lyon&orderBy=id")).containsExactly("b", "e");
        assertThat(names("address.zip__isnull=true&orderBy=id")).containsExactly("b", "d", "f");
        assertThat(names("address.zip__isnull=false&orderBy=id")).containsExactly("a", "c", "e");
        assertThat(names("address.city__gte=M&orderBy=id")).containsExactly("a", "b", "d");
        assertThat(names("address__isnull=true")).containsExactly("f");
        assertThat(names("addresses.0.city=Berlin")).containsExactly("c");
        assertThat(names("addresses__contains=" + q("[{\"city\":\"Lyon\"}]"))).containsExactly("e");
        assertThat(names("orderBy=address.city,id")).containsExactly("c", "e", "b", "a", "d", "f");
        assertThat(names("orderBy=" + q("-address.city,id"))).containsExactly("f", "a", "d", "b", "e", "c");
        RulesServer.Answer bad = send("GET", "/api/contacts?address.ci-ty=Paris", null);
        assertThat(bad.status()).as(bad.toString()).isEqualTo(400);
        assertThat(bad.body()).contains("address.ci-ty");
    }

    @Test
    void keysetPagesOverACompositePathNeitherRepeatNorSkip() throws Exception {
        seedCities();
        for (String order : List.of("address.city", "address.city:desc", "-address.city,name", "address.zip,-id")) {
            List<String> expected = names("orderBy=" + q(order));
            assertThat(expected).hasSize(6);
            for (int limit = 1; limit <= 3; limit++) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                for (int pages = 0; pages < 20; pages++) {
                    RulesServer.Answer a = send("GET", "/api/contacts?orderBy=" + q(order) + "&limit=" + limit
                            + (cursor == null ? "" : "&cursor=" + cursor), null);
                    assertThat(a.status()).as(a.toString()).isEqualTo(200);
                    a.json().get("data").forEach(r -> seen.add(r.get("name").asText()));
                    JsonNode next = a.json().get("next_cursor");
                    if (next == null || next.isNull()) {
                        break;
                    }
                    cursor = next.asText();
                }
                assertThat(seen).as(order + " limit " + limit).isEqualTo(expected);
            }
        }
    }

    @Test
    void theCrmExampleChecksTheValidatorsOfItsAddressType() throws Exception {
        String crmSchema = java.nio.file.Files.readString(java.nio.file.Path.of("examples/crm/schema.prisma"));
        try (RulesServer crm = RulesServer.start(db(), crmSchema, ClaimNames.DEFAULT)) {
            RulesServer.Answer ok = crm.send(ALICE, "POST", "/api/companies",
                    "{\"name\":\"Acme\",\"address\":{\"street\":\" 1 Main St \",\"city\":\"Paris\",\"country\":\" fr\"}}");
            assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
            assertThat(ok.json().get("address").get("country").asText()).isEqualTo("FR");
            assertThat(ok.json().get("address").get("street").asText()).isEqualTo("1 Main St");
            List<String> before = crm.dump("Company");
            assertThat(refused(crm.send(ALICE, "POST", "/api/companies",
                    "{\"name\":\"Bad\",\"address\":{\"street\":\"  \",\"city\":\"Oslo\",\"country\":\"usa\"}}")))
                    .containsExactlyInAnyOrder("address.street too_short must have at least 1 character, got 0",
                            "address.country too_long a two-letter country code, e.g. US");
            assertThat(crm.dump("Company")).isEqualTo(before);
        }
    }
}
