package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relations end to end: includes (to-one, to-many with a cap, nested), nested routes, implicit
 * many-to-many links, display labels and filters across a relation — each with the number of SQL
 * statements the request costs. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RelationsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./crm.db"
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              country  Country?  @relation(fields: [country_id], references: [id])
              country_id Int?
              contacts Contact[]
            }

            model Country {
              id        Int       @id @default(autoincrement())
              code      String    @unique
              name      String
              companies Company[]

              @@display("code")
            }

            model Contact {
              id         Int       @id @default(autoincrement())
              name       String
              company    Company?  @relation(fields: [company_id], references: [id])
              company_id Int?
              user_id    String
              deleted_at DateTime?
              notes      Note[]
            }

            model Note {
              id         Int     @id @default(autoincrement())
              text       String
              contact    Contact @relation(fields: [contact_id], references: [id])
              contact_id Int
            }

            model Post {
              id         Int        @id @default(autoincrement())
              title      String
              categories Category[]
            }

            model Category {
              id    Int    @id @default(autoincrement())
              label String
              posts Post[]
            }
            """;

    TestServer server;
    final List<Long> companies = new ArrayList<>();

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
        long country = created(send("alice", "POST", "/api/countries", "{\"code\":\"FR\",\"name\":\"France\"}")).get("id").asLong();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"name\":\"Company ").append(String.format("%02d", i)).append("\"")
                    .append(i % 2 == 0 ? ",\"country_id\":" + country : "").append("}");
        }
        TestServer.Answer made = send("alice", "POST", "/api/companies", batch.append("]").toString());
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        made.json().forEach(c -> companies.add(c.get("id").asLong()));
        // Alice: 3 contacts at each of the first 50 companies (one soft-deleted at the first), 30 more at the first.
        StringBuilder contacts = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 3; j++) {
                contacts.append(contacts.length() == 1 ? "" : ",").append("{\"name\":\"C").append(i).append('-').append(j)
                        .append("\",\"company_id\":").append(companies.get(i)).append('}');
            }
        }
        for (int j = 3; j < 33; j++) {
            contacts.append(",{\"name\":\"C0-").append(j).append("\",\"company_id\":").append(companies.get(0)).append('}');
        }
        contacts.append(",{\"name\":\"Loner\"}");
        created(send("alice", "POST", "/api/contacts", contacts.append("]").toString()));
        created(send("bob", "POST", "/api/contacts", "{\"name\":\"Bob's\",\"company_id\":" + companies.get(0) + "}"));
        JsonNode first = send("alice", "GET", "/api/contacts?name=C0-0", null).json().get("data").get(0);
        assertThat(send("alice", "DELETE", "/api/contacts/" + first.get("id").asLong(), null).status()).isEqualTo(204);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    TestServer.Answer send(String user, String method, String path, String body) throws Exception {
        return server.as(user, method, path, body);
    }

    static JsonNode created(TestServer.Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    JsonNode ok(String user, String path, int statements) throws Exception {
        server.statements();
        TestServer.Answer a = send(user, "GET", path, null);
        assertThat(a.status()).as(path + " → " + a).isEqualTo(200);
        assertThat(server.statements()).as("statements of " + path).isEqualTo(statements);
        return a.json();
    }

    @Test
    void includeToOneOnA50RowPageIsTwoStatementsAndMatchesSeparateGets() throws Exception {
        JsonNode page = ok("alice", "/api/contacts?include=company&per_page=50", 2);
        assertThat(page.get("data")).hasSize(50);
        for (JsonNode row : page.get("data")) {
            JsonNode company = row.get("company");
            if (row.get("company_id").isNull()) {
                assertThat(company.isNull()).isTrue();
            } else {
                assertThat(company).isEqualTo(send("alice", "GET", "/api/companies/" + row.get("company_id").asLong(), null).json());
            }
        }
    }

    @Test
    void includeToManyIsCappedPerParentAndRespectsScopeAndSoftDeletes() throws Exception {
        JsonNode page = ok("alice", "/api/companies?include=contacts&per_page=50&orderBy=id", 2);
        JsonNode first = page.get("data").get(0);
        // 32 live contacts of alice at the first company; the default cap is 20; bob's and the deleted one never show.
        assertThat(first.get("contacts")).hasSize(20);
        first.get("contacts").forEach(c -> {
            assertThat(c.get("user_id").asText()).isEqualTo("alice");
            assertThat(c.get("deleted_at").isNull()).isTrue();
            assertThat(c.get("company_id").asLong()).isEqualTo(first.get("id").asLong());
        });
        assertThat(page.get("data").get(1).get("contacts")).hasSize(3);
        JsonNode capped = ok("alice", "/api/companies?include=contacts&include_limit=2&per_page=3&orderBy=id", 2);
        capped.get("data").forEach(c -> assertThat(c.get("contacts")).hasSize(2));
        JsonNode all = ok("alice", "/api/companies?include=contacts&include_limit=100&id=" + companies.get(0), 2);
        assertThat(all.get("data").get(0).get("contacts")).hasSize(32);
        // The embedded rows are those of the nested route, in primary-key order.
        JsonNode nested = ok("alice", "/api/companies/" + companies.get(0) + "/contacts?per_page=100", 2);
        assertThat(all.get("data").get(0).get("contacts")).isEqualTo(nested.get("data"));
        JsonNode bobs = ok("bob", "/api/companies?include=contacts&id=" + companies.get(0), 2);
        assertThat(bobs.get("data").get(0).get("contacts")).hasSize(1);
        // Companies without contacts get an empty array.
        JsonNode last = ok("alice", "/api/companies?include=contacts&id=" + companies.get(59), 2);
        assertThat(last.get("data").get(0).get("contacts")).isEmpty();
    }

    @Test
    void severalIncludesAndOneNestedLevel() throws Exception {
        JsonNode page = ok("alice", "/api/companies?include=contacts.company,country&per_page=10&orderBy=id", 4);
        JsonNode first = page.get("data").get(0);
        assertThat(first.get("country").get("code").asText()).isEqualTo("FR");
        assertThat(page.get("data").get(1).get("country").isNull()).isTrue();
        first.get("contacts").forEach(c -> assertThat(c.get("company").get("id")).isEqualTo(first.get("id")));
        JsonNode deep = ok("alice", "/api/contacts?include=company.country&per_page=5", 3);
        assertThat(deep.get("data").get(0).get("company").get("country").get("code").asText()).isEqualTo("FR");
        assertThat(send("alice", "GET", "/api/contacts?include=company.country.companies", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/contacts?include=nothing", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/contacts?include=company&include_limit=0", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/contacts?include_limit=5", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/contacts?include=company&select=id,name", null).status()).isEqualTo(400);
    }

    @Test
    void nestedRouteListsWithEveryParameterAndChecksTheParent() throws Exception {
        long company = companies.get(0);
        JsonNode counted = ok("alice", "/api/companies/" + company + "/contacts?count=true&per_page=5&orderBy=-id", 3);
        assertThat(counted.get("total").asInt()).isEqualTo(32);
        assertThat(counted.get("data")).hasSize(5);
        assertThat(ok("alice", "/api/companies/" + company + "/contacts?name__startswith=C0-1", 2).get("data"))
                .hasSize(1 + 10);
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode p = send("alice", "GET", "/api/companies/" + company + "/contacts?limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor), null).json();
            p.get("data").forEach(r -> walked.add(r.get("name").asText()));
            cursor = p.get("next_cursor").isNull() ? null : p.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(walked).hasSize(32).doesNotHaveDuplicates();
        assertThat(send("alice", "GET", "/api/companies/999999/contacts", null).status()).isEqualTo(404);
        assertThat(send("alice", "GET", "/api/companies/abc/contacts", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/companies/" + company + "/contacts?nope=1", null).status()).isEqualTo(400);
        assertThat(send(null, "GET", "/api/companies/" + company + "/contacts", null).status()).isEqualTo(401);
    }

    @Test
    void nestedPostSetsTheForeignKey() throws Exception {
        long company = companies.get(5);
        server.statements();
        TestServer.Answer a = send("alice", "POST", "/api/companies/" + company + "/contacts",
                "{\"name\":\"Nested\",\"company_id\":" + companies.get(6) + "}");
        JsonNode row = created(a);
        assertThat(server.statements()).as("parent check and insert").isEqualTo(2);
        assertThat(row.get("company_id").asLong()).isEqualTo(company);
        assertThat(row.get("user_id").asText()).isEqualTo("alice");
        assertThat(a.header("Location")).contains("/api/contacts/" + row.get("id").asLong());
        assertThat(send("alice", "POST", "/api/companies/999999/contacts", "{\"name\":\"x\"}").status()).isEqualTo(404);
        assertThat(send("alice", "POST", "/api/companies/" + company + "/contacts", "{\"nope\":1}").status()).isEqualTo(422);
    }

    @Test
    void manyToManyConnectListIncludeAndDisconnectIdempotently() throws Exception {
        long post = created(send("alice", "POST", "/api/posts", "{\"title\":\"Hello\"}")).get("id").asLong();
        long other = created(send("alice", "POST", "/api/posts", "{\"title\":\"Other\"}")).get("id").asLong();
        long news = created(send("alice", "POST", "/api/categories", "{\"label\":\"news\"}")).get("id").asLong();
        long tech = created(send("alice", "POST", "/api/categories", "{\"label\":\"tech\"}")).get("id").asLong();
        server.statements();
        assertThat(send("alice", "PUT", "/api/posts/" + post + "/categories/" + news, null).status()).isEqualTo(204);
        assertThat(server.statements()).as("both rows checked, one insert").isEqualTo(3);
        for (int i = 0; i < 2; i++) {
            assertThat(send("alice", "PUT", "/api/posts/" + post + "/categories/" + news, null).status()).isEqualTo(204);
            assertThat(send("alice", "PUT", "/api/posts/" + post + "/categories/" + tech, null).status()).isEqualTo(204);
        }
        assertThat(send("alice", "PUT", "/api/categories/" + news + "/posts/" + other, null).status()).isEqualTo(204);
        JsonNode listed = ok("alice", "/api/posts/" + post + "/categories?orderBy=label", 3);
        assertThat(listed.get("data")).extracting(n -> n.get("label").asText()).containsExactly("news", "tech");
        assertThat(ok("alice", "/api/categories/" + news + "/posts?orderBy=id", 3).get("data")).hasSize(2);
        JsonNode included = ok("alice", "/api/posts?include=categories&orderBy=id&id__in=" + post + "," + other, 2);
        assertThat(included.get("data").get(0).get("categories")).hasSize(2);
        assertThat(included.get("data").get(1).get("categories")).extracting(n -> n.get("label").asText()).containsExactly("news");
        for (int i = 0; i < 2; i++) {
            assertThat(send("alice", "DELETE", "/api/posts/" + post + "/categories/" + news, null).status()).isEqualTo(204);
        }
        assertThat(ok("alice", "/api/posts/" + post + "/categories", 3).get("data")).extracting(n -> n.get("label").asText())
                .containsExactly("tech");
        assertThat(send("alice", "PUT", "/api/posts/" + post + "/categories/999999", null).status()).isEqualTo(404);
        assertThat(send("alice", "PUT", "/api/posts/999999/categories/" + news, null).status()).isEqualTo(404);
        assertThat(ok("alice", "/api/posts/" + other + "/categories?count=true", 4).get("total").asInt()).isEqualTo(1);
        long lonely = created(send("alice", "POST", "/api/posts", "{\"title\":\"Lonely\"}")).get("id").asLong();
        assertThat(ok("alice", "/api/posts/" + lonely + "/categories", 3).get("data")).isEmpty();
    }

    @Test
    void labelsAreOneStatementPerForeignKey() throws Exception {
        JsonNode page = ok("alice", "/api/contacts?labels=true&per_page=50", 2);
        for (JsonNode row : page.get("data")) {
            if (row.get("company_id").isNull()) {
                assertThat(row.get("company_label").isNull()).isTrue();
            } else {
                assertThat(row.get("company_label").asText()).startsWith("Company ");
            }
        }
        // @@display("code") on Country wins over its name column.
        JsonNode companiesPage = ok("alice", "/api/companies?labels=true&orderBy=id&per_page=2", 2);
        assertThat(companiesPage.get("data").get(0).get("country_label").asText()).isEqualTo("FR");
        assertThat(companiesPage.get("data").get(1).get("country_label").isNull()).isTrue();
        assertThat(send("alice", "GET", "/api/contacts?labels=maybe", null).status()).isEqualTo(400);
    }

    @Test
    void filtersAcrossAToOneRelation() throws Exception {
        JsonNode page = ok("alice", "/api/contacts?company.name__icontains=" + "company%2001&per_page=100", 1);
        assertThat(page.get("data")).extracting(n -> n.get("name").asText()).containsExactlyInAnyOrder("C1-0", "C1-1", "C1-2");
        JsonNode grouped = ok("alice", "/api/contacts?or=(company.name=%22Company%2002%22,name=Loner)&count=true", 2);
        assertThat(grouped.get("total").asInt()).isEqualTo(4);
        JsonNode twoLevels = ok("alice", "/api/contacts?company.country.code=FR&count=true&per_page=1", 2);
        // Companies 0, 2, 4 … 48 are in France: 25 companies, 3 contacts each, plus 30 more at company 0, one deleted.
        assertThat(twoLevels.get("total").asInt()).isEqualTo(25 * 3 + 30 - 1);
        assertThat(ok("alice", "/api/companies?country.code__in=FR,DE&count=true", 2).get("total").asInt()).isEqualTo(30);
        assertThat(send("alice", "GET", "/api/contacts?company.nope=1", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/contacts?company.name__gt=x&company.id__like=3", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/companies?contacts.name=x", null).status()).isEqualTo(400);
        // Contacts are owner-scoped: no condition on another user's contact through a note.
        TestServer.Answer scoped = send("alice", "GET", "/api/notes?contact.name=Bob%27s", null);
        assertThat(scoped.status()).as(scoped.toString()).isEqualTo(400);
        assertThat(scoped.json().get("code").asText()).isEqualTo("not_supported");
    }

    @Test
    void aSingleRowTakesIncludesAndLabelsWithItsOwnETag() throws Exception {
        long company = companies.get(0);
        TestServer.Answer plain = send("alice", "GET", "/api/companies/" + company, null);
        server.statements();
        TestServer.Answer rich = send("alice", "GET", "/api/companies/" + company + "?include=contacts,country&include_limit=3&labels=true", null);
        assertThat(rich.status()).as(rich.toString()).isEqualTo(200);
        assertThat(server.statements()).isEqualTo(4);
        assertThat(rich.json().get("contacts")).hasSize(3);
        assertThat(rich.json().get("country").get("code").asText()).isEqualTo("FR");
        assertThat(rich.json().get("country_label").asText()).isEqualTo("FR");
        assertThat(rich.header("ETag")).isEqualTo(plain.header("ETag"));
        assertThat(send("alice", "GET", "/api/companies/" + company + "?include=nope", null).status()).isEqualTo(400);
        assertThat(send("alice", "GET", "/api/companies/" + company + "?name=x", null).status()).isEqualTo(400);
    }

    @Test
    void splicedRowsKeepEscapesFieldOrderAndNestedCapsOfSeparateGets() throws Exception {
        String awkward = "Quote \\\" back\\\\slash\\nnew line é </b> \\u0001";
        JsonNode company = created(send("alice", "POST", "/api/companies", "{\"name\":\"" + awkward + "\"}"));
        long id = company.get("id").asLong();
        JsonNode contact = created(send("alice", "POST", "/api/contacts", "{\"name\":\"Wei \\\"W\\\"\",\"company_id\":" + id + "}"));
        created(send("alice", "POST", "/api/notes", "[{\"text\":\"n\\t1\",\"contact_id\":" + contact.get("id").asLong()
                + "},{\"text\":\"n2\",\"contact_id\":" + contact.get("id").asLong() + "}]"));
        TestServer.Answer plain = send("alice", "GET", "/api/contacts/" + contact.get("id").asLong(), null);
        server.statements();
        TestServer.Answer page = send("alice", "GET", "/api/contacts?labels=true&include=company.contacts,notes&include_limit=1&id="
                + contact.get("id").asLong(), null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(server.statements()).isEqualTo(5);
        JsonNode row = page.json().get("data").get(0);
        // the row's own fields as a GET shows them, then the label, then the includes in the order asked
        List<String> expected = new ArrayList<>();
        plain.json().fieldNames().forEachRemaining(expected::add);
        expected.addAll(List.of("company_label", "company", "notes"));
        List<String> names = new ArrayList<>();
        row.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyElementsOf(expected);
        assertThat(row.get("name").asText()).isEqualTo("Wei \"W\"");
        assertThat(row.get("company_label").asText()).isEqualTo(company.get("name").asText());
        JsonNode embedded = row.get("company").deepCopy();
        assertThat(((com.fasterxml.jackson.databind.node.ObjectNode) embedded).remove("contacts")).hasSize(1);
        assertThat(embedded).isEqualTo(send("alice", "GET", "/api/companies/" + id, null).json());
        assertThat(row.get("notes")).hasSize(1);
        assertThat(row.get("notes").get(0).get("text").asText()).isEqualTo("n\t1");
        // the spliced body is one compact document, byte for byte what Jackson writes for its tree
        assertThat(page.body()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(page.json()));

        TestServer.Answer single = send("alice", "GET", "/api/companies/" + id + "?include=contacts.notes&labels=true", null);
        assertThat(single.status()).as(single.toString()).isEqualTo(200);
        assertThat(single.json().get("contacts").get(0).get("notes")).hasSize(2);
        assertThat(single.json().get("country_label").isNull()).isTrue();
        assertThat(single.body()).isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(single.json()));
    }
}
