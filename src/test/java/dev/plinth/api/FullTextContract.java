package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Full-text search ({@code q=}) end to end on a CRM with {@code @@fulltext([name, email])}: matching,
 * relevance order, the query language, its combination with filters, both paginations, counts, owner
 * scoping and soft deletes, hostile input, and the statements each request costs. Run on SQLite and
 * PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FullTextContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./crm.db"
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              contacts Contact[]
            }

            model Contact {
              id         Int       @id @default(autoincrement())
              name       String
              email      String    @unique
              status     String    @default("lead")
              company    Company?  @relation(fields: [company_id], references: [id])
              company_id Int?
              score      Int       @default(0)
              user_id    String
              deleted_at DateTime?

              @@fulltext([name, email])
            }
            """;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
        String[][] alice = {
                {"Ada Lovelace", "ada@acme.test", "won", "90"},
                {"Acme Anvil Buyer", "wile@coyote.test", "lead", "10"},
                {"Grace Hopper", "grace@navy.test", "lead", "80"},
                {"Alan Turing", "alan@bletchley.test", "lost", "70"},
                {"Acme Acme Acme", "triple@acme.test", "lead", "5"},
                {"Acmeology Expert", "expert@example.test", "won", "50"},
                {"Deleted Acme", "gone@acme.test", "lead", "1"},
        };
        for (String[] c : alice) {
            post("alice", c);
        }
        post("bob", new String[]{"Bob Acme", "bob@acme.test", "lead", "3"});
        TestServer.Answer gone = get("alice", "/api/contacts?email=gone@acme.test");
        long id = gone.json().get("data").get(0).get("id").asLong();
        assertThat(server.as("alice", "DELETE", "/api/contacts/" + id, null).status()).isEqualTo(204);
    }

    private void post(String user, String[] c) throws Exception {
        TestServer.Answer a = server.as(user, "POST", "/api/contacts", "{\"name\":\"" + c[0] + "\",\"email\":\"" + c[1]
                + "\",\"status\":\"" + c[2] + "\",\"score\":" + c[3] + "}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    TestServer.Answer get(String user, String path) throws Exception {
        return server.as(user, "GET", path, null);
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    List<String> names(String path) throws Exception {
        TestServer.Answer a = get("alice", path);
        assertThat(a.status()).as(path + " → " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().get("data").forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    @Test
    void findsWordsInAnyIndexedColumnRankedByRelevanceInOneStatement() throws Exception {
        server.statements();
        List<String> found = names("/api/contacts?q=acme");
        assertThat(server.statements()).isEqualTo(1);
        // Soft-deleted rows and bob's rows are not found; "Acmeology" is another word.
        assertThat(found).containsExactlyInAnyOrder("Ada Lovelace", "Acme Anvil Buyer", "Acme Acme Acme");
        // Three occurrences rank first on both databases.
        assertThat(found.getFirst()).isEqualTo("Acme Acme Acme");
    }

    @Test
    void prefixPhrasesExclusionAndOr() throws Exception {
        assertThat(names("/api/contacts?q=" + q("acm*"))).containsExactlyInAnyOrder(
                "Ada Lovelace", "Acme Anvil Buyer", "Acme Acme Acme", "Acmeology Expert");
        assertThat(names("/api/contacts?q=" + q("\"acme anvil\""))).containsExactly("Acme Anvil Buyer");
        assertThat(names("/api/contacts?q=" + q("\"anvil acme\""))).isEmpty();
        assertThat(names("/api/contacts?q=" + q("acme -ada"))).containsExactlyInAnyOrder("Acme Anvil Buyer", "Acme Acme Acme");
        assertThat(names("/api/contacts?q=" + q("grace or turing"))).containsExactlyInAnyOrder("Grace Hopper", "Alan Turing");
        assertThat(names("/api/contacts?q=" + q("GRACE hopper"))).containsExactly("Grace Hopper");
        assertThat(names("/api/contacts?q=" + q("grace turing"))).isEmpty();
    }

    @Test
    void combinesWithFiltersOrderCountAndPages() throws Exception {
        assertThat(names("/api/contacts?q=acme&status=lead&orderBy=-score"))
                .containsExactly("Acme Anvil Buyer", "Acme Acme Acme");
        server.statements();
        TestServer.Answer counted = get("alice", "/api/contacts?q=acme&count=true&per_page=2");
        assertThat(server.statements()).isEqualTo(2);
        assertThat(counted.json().get("total").asInt()).isEqualTo(3);
        assertThat(counted.json().get("data")).hasSize(2);
        TestServer.Answer page2 = get("alice", "/api/contacts?q=acme&count=true&per_page=2&page=2");
        assertThat(page2.json().get("data")).hasSize(1);
        // Keyset pages: in primary-key order (or orderBy), never repeating or skipping.
        List<String> walked = new ArrayList<>();
        String cursor = null;
        do {
            TestServer.Answer a = get("alice", "/api/contacts?q=" + q("acm*") + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(a.status()).as(a.toString()).isEqualTo(200);
            a.json().get("data").forEach(r -> walked.add(r.get("name").asText()));
            JsonNode next = a.json().get("next_cursor");
            cursor = next.isNull() ? null : next.asText();
        } while (cursor != null);
        assertThat(walked).containsExactly("Ada Lovelace", "Acme Anvil Buyer", "Acme Acme Acme", "Acmeology Expert");
    }

    @Test
    void ownerScopingAndSoftDeletesApply() throws Exception {
        TestServer.Answer bob = get("bob", "/api/contacts?q=acme");
        assertThat(bob.json().get("data")).hasSize(1);
        assertThat(bob.json().get("data").get(0).get("name").asText()).isEqualTo("Bob Acme");
        assertThat(names("/api/contacts?q=deleted")).isEmpty();
        assertThat(names("/api/contacts?q=deleted&with_deleted=true")).containsExactly("Deleted Acme");
    }

    @Test
    void indexFollowsUpdatesAndDeletes() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/contacts", "{\"name\":\"Zebediah Quux\",\"email\":\"zq@x.test\"}");
        long id = a.json().get("id").asLong();
        assertThat(names("/api/contacts?q=zebediah")).containsExactly("Zebediah Quux");
        assertThat(server.as("alice", "PATCH", "/api/contacts/" + id, "{\"name\":\"Xavier Quux\"}").status()).isEqualTo(200);
        assertThat(names("/api/contacts?q=zebediah")).isEmpty();
        assertThat(names("/api/contacts?q=xavier")).containsExactly("Xavier Quux");
        assertThat(server.as("alice", "DELETE", "/api/contacts?q=xavier&email=zq@x.test", null).json().get("count").asInt()).isEqualTo(1);
        assertThat(names("/api/contacts?q=xavier")).isEmpty();
    }

    @Test
    void hostileQueriesAreRefusedOrFindNothingNeverAServerError() throws Exception {
        List<String> hostile = List.of("\"unbalanced", "acme\"", "NEAR(acme ada)", "acme AND ada", "acme OR", "^acme",
                "name:acme", "acme NOT", "*", "\"\"", "(", ")", "-", "-acme", "'; DROP TABLE \"Contact\"; --",
                "a\u0000b", "🙂", "ä*", "acme*ada", "{name email}:acme", "acme + ada", "\\", "%", "_", "or", "or or");
        for (String text : hostile) {
            TestServer.Answer a = get("alice", "/api/contacts?q=" + q(text));
            assertThat(a.status()).as(text + " → " + a).isIn(200, 400);
        }
        assertThat(get("alice", "/api/contacts?q=").status()).isEqualTo(400);
        assertThat(get("alice", "/api/contacts?q=" + q("   ")).status()).isEqualTo(400);
        assertThat(get("alice", "/api/contacts?q=" + q("x".repeat(5_000))).status()).isEqualTo(400);
        TestServer.Answer long10k = get("alice", "/api/contacts?q=" + q("x".repeat(10_240)));
        assertThat(long10k.status()).as(long10k.toString()).isEqualTo(400);
        assertThat(long10k.json().get("code").asText()).isEqualTo("invalid_value");
        // Beyond what the server reads of a request line: Jetty refuses it, still as problem details.
        TestServer.Answer tooLong = get("alice", "/api/contacts?q=" + q("x".repeat(40_000)));
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(tooLong.json().get("code").asText()).isEqualTo("uri_too_long");
        assertThat(get("alice", "/api/contacts?q=" + q("acme ".repeat(500))).status()).isEqualTo(400);
        // FTS5 syntax is text: NEAR( finds rows with the word "near", of which there are none.
        assertThat(names("/api/contacts?q=" + q("NEAR(acme"))).isEmpty();
        assertThat(names("/api/contacts?q=" + q("\"acme"))).hasSize(3);
        assertThat(get("alice", "/api/companies?q=acme").status()).isEqualTo(400);
    }
}
