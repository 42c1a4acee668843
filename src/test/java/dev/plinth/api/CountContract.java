package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.record.TotalCounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counting (docs/api.md, "Counting"): {@code count=true&per_page=0} runs the count alone, under the same
 * filters, owner scoping, access rules and soft deletes as a list; {@code Prefer: count=exact|estimated|planned}
 * answers the total in {@code Content-Range} on GET and HEAD, on the collection and the nested routes; an
 * estimated count is exact up to {@link TotalCounter#EXACT_UP_TO} rows and the database's estimate above,
 * marked as such; a {@code Prefer} not understood is ignored (RFC 7240). Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CountContract {

    static final String SCHEMA = """
            model Company {
              id       Int       @id @default(autoincrement())
              name     String
              contacts Contact[]
            }

            model Contact {
              id         Int       @id @default(autoincrement())
              name       String
              status     String    @default("lead")
              company    Company?  @relation(fields: [company_id], references: [id])
              company_id Int?
              user_id    String?
              deleted_at DateTime?

              @@index([status])
            }

            model Note {
              id     Int     @id @default(autoincrement())
              text   String
              secret Boolean @default(false)

              @@allow('all', true)
              @@deny('read', secret == true)
            }

            model Event {
              id   Int    @id @default(autoincrement())
              kind String
            }
            """;

    /** Rows of the events table: above the estimate's threshold, 11,000 of kind a (above it too) and 1,000 of kind b. */
    static final int EVENTS = 12_000;

    TestServer server;
    int company;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.startWithRules(db(), SCHEMA);
        company = post("ada", "/api/companies", "{\"name\":\"Acme\"}").get("id").asInt();
        // ada: 3 won (one soft-deleted below), 2 lead, all at Acme; bob: 4 won, 1 of them at Acme
        for (int i = 0; i < 3; i++) {
            post("ada", "/api/contacts", "{\"name\":\"w" + i + "\",\"status\":\"won\",\"company_id\":" + company + "}");
        }
        for (int i = 0; i < 2; i++) {
            post("ada", "/api/contacts", "{\"name\":\"l" + i + "\",\"company_id\":" + company + "}");
        }
        for (int i = 0; i < 4; i++) {
            post("bob", "/api/contacts", "{\"name\":\"b" + i + "\",\"status\":\"won\""
                    + (i == 0 ? ",\"company_id\":" + company : "") + "}");
        }
        int doomed = server.as("ada", "GET", "/api/contacts?status=won&per_page=1", null).json().get("data").get(0).get("id").asInt();
        assertThat(server.as("ada", "DELETE", "/api/contacts/" + doomed, null).status()).isEqualTo(204);
        post("ada", "/api/notes", "[{\"text\":\"a\"},{\"text\":\"b\"},{\"text\":\"c\",\"secret\":true}]");
        try (Connection c = server.connect(); Statement s = c.createStatement()) {
            String kinds = "SELECT CASE WHEN g <= 11000 THEN 'a' ELSE 'b' END FROM ";
            s.executeUpdate(db() == TestServer.Db.POSTGRESQL
                    ? "INSERT INTO \"Event\" (kind) " + kinds + "generate_series(1, " + EVENTS + ") AS g"
                    : "INSERT INTO \"Event\" (kind) WITH RECURSIVE n(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM n WHERE g < "
                    + EVENTS + ") " + kinds + "n");
            s.execute("ANALYZE");
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private JsonNode post(String user, String path, String body) throws Exception {
        TestServer.Answer a = server.as(user, "POST", path, body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    private JsonNode get(String user, String path, String... headers) throws Exception {
        TestServer.Answer a = server.as(user, "GET", path, null, headers);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    /** The total of a count-only request, checking that it ran the count statement alone. */
    private long countOnly(String user, String path) throws Exception {
        server.statements();
        JsonNode page = get(user, path + (path.contains("?") ? "&" : "?") + "count=true&per_page=0");
        assertThat(server.statements()).as("statements of " + path).isEqualTo(1);
        assertThat(page.get("data").size()).isZero();
        assertThat(page.get("page").asInt()).isEqualTo(1);
        assertThat(page.get("per_page").asInt()).isZero();
        assertThat(page.has("total_estimated")).isFalse();
        return page.get("total").asLong();
    }

    @Test
    void perPageZeroCountsUnderFiltersOwnersAccessRulesAndSoftDeletes() throws Exception {
        assertThat(countOnly("ada", "/api/contacts?status=won")).as("ada's live won").isEqualTo(2);
        assertThat(countOnly("ada", "/api/contacts")).as("ada's live contacts").isEqualTo(4);
        assertThat(countOnly("ada", "/api/contacts?status=won&with_deleted=true")).as("with the deleted one").isEqualTo(3);
        assertThat(countOnly("bob", "/api/contacts?status=won")).as("bob's own").isEqualTo(4);
        assertThat(countOnly("ada", "/api/contacts?or=(status=lead,name=w2)")).isEqualTo(3);
        assertThat(countOnly("ada", "/api/contacts?status=none")).isZero();
        assertThat(countOnly("ada", "/api/notes")).as("the secret note is not readable").isEqualTo(2);
        // the same totals as a page with count=true, which also runs the page's statement
        server.statements();
        JsonNode page = get("ada", "/api/contacts?status=won&count=true&per_page=1");
        assertThat(server.statements()).isEqualTo(2);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("data").size()).isEqualTo(1);
    }

    @Test
    void perPageZeroWithoutCountReadsNothing() throws Exception {
        server.statements();
        JsonNode page = get("ada", "/api/contacts?status=won&per_page=0");
        assertThat(server.statements()).isZero();
        assertThat(page.toString()).isEqualTo("{\"data\":[],\"page\":1,\"per_page\":0}");
        TestServer.Answer bad = server.as("ada", "GET", "/api/contacts?per_page=-1", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("from 0 to");
        assertThat(server.as("ada", "GET", "/api/contacts?limit=0", null).status()).isEqualTo(400);
        assertThat(server.as("ada", "GET", "/api/contacts?per_page=0&nope=1&count=true", null).status())
                .as("parameters are checked as for any list").isEqualTo(400);
    }

    @Test
    void nestedRoutesCountOnly() throws Exception {
        server.statements();
        JsonNode ada = get("ada", "/api/companies/" + company + "/contacts?count=true&per_page=0");
        assertThat(server.statements()).as("the parent's row and the count").isEqualTo(2);
        assertThat(ada.get("total").asLong()).as("ada's live contacts at Acme").isEqualTo(4);
        assertThat(ada.get("data").size()).isZero();
        assertThat(get("bob", "/api/companies/" + company + "/contacts?count=true&per_page=0").get("total").asLong()).isEqualTo(1);
        TestServer.Answer head = server.as("ada", "HEAD", "/api/companies/" + company + "/contacts?status=won&per_page=1",
                null, "Prefer", "count=exact");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Range")).contains("0-0/2");
    }

    @Test
    void preferCountExactAnswersContentRange() throws Exception {
        TestServer.Answer first = server.as("ada", "GET", "/api/contacts?status=won&per_page=1", null, "Prefer", "count=exact");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Content-Range")).contains("0-0/2");
        assertThat(first.header("Preference-Applied")).contains("count=exact");
        assertThat(first.header("Plinth-Count")).contains("exact");
        assertThat(first.json().get("total").asLong()).as("the body carries the total too").isEqualTo(2);
        assertThat(first.json().get("data").size()).isEqualTo(1);
        assertThat(range("/api/contacts?status=won&per_page=1&page=2")).isEqualTo("1-1/2");
        assertThat(range("/api/contacts?status=won&per_page=1&page=3")).as("past the end").isEqualTo("*/2");
        assertThat(range("/api/contacts?per_page=3")).isEqualTo("0-2/4");
        assertThat(range("/api/contacts?per_page=3&page=2")).isEqualTo("3-3/4");
        assertThat(range("/api/contacts?status=none")).as("an empty result").isEqualTo("*/0");
        assertThat(range("/api/contacts?status=won&per_page=0")).as("no rows asked").isEqualTo("*/2");
        assertThat(range("/api/contacts?limit=3")).as("a first cursor page").isEqualTo("0-2/4");
        String cursor = get("ada", "/api/contacts?limit=3").get("next_cursor").asText();
        assertThat(range("/api/contacts?limit=3&cursor=" + cursor)).as("a later cursor page: position unknown").isEqualTo("*/4");
    }

    private String range(String path) throws Exception {
        TestServer.Answer a = server.as("ada", "GET", path, null, "Prefer", "count=exact");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.header("Content-Range").orElseThrow();
    }

    @Test
    void headAnswersTheTotalWithoutABody() throws Exception {
        server.statements();
        TestServer.Answer head = server.as("ada", "HEAD", "/api/contacts?status=won&per_page=0", null, "Prefer", "count=exact");
        assertThat(server.statements()).as("the count alone").isEqualTo(1);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Range")).contains("*/2");
        assertThat(head.header("Preference-Applied")).contains("count=exact");
        assertThat(head.body()).isEmpty();
        TestServer.Answer page = server.as("ada", "HEAD", "/api/contacts?per_page=2", null, "Prefer", "count=exact");
        assertThat(page.header("Content-Range")).contains("0-1/4");
        TestServer.Answer plain = server.as("ada", "HEAD", "/api/contacts?status=won", null);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("Content-Range")).as("no count without the preference").isEmpty();
        assertThat(plain.header("Preference-Applied")).isEmpty();
        assertThat(plain.contentType()).startsWith("application/json");
        assertThat(server.as(null, "HEAD", "/api/contacts", null, "Prefer", "count=exact").status())
                .as("the same status as GET").isEqualTo(401);
        // on the wire: the headers and no byte of body
        String raw = rawHead("/api/contacts?status=won&per_page=0", "count=exact");
        assertThat(raw).startsWith("HTTP/1.1 200").containsIgnoringCase("content-range: */2");
        assertThat(raw.substring(raw.indexOf("\r\n\r\n") + 4)).isEmpty();
    }

    /** Sends a HEAD on a socket and reads everything until the server closes it. */
    private String rawHead(String path, String prefer) throws Exception {
        URI base = URI.create(server.base());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("HEAD " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\nAuthorization: Bearer "
                    + server.token("ada") + "\r\nPrefer: " + prefer + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void preferencesNotUnderstoodAreIgnored() throws Exception {
        for (String prefer : new String[]{"count=bogus", "count", "count=", "count=bogus, count=exact", "counting=exact"}) {
            TestServer.Answer a = server.as("ada", "GET", "/api/contacts?status=won", null, "Prefer", prefer);
            assertThat(a.status()).as(prefer).isEqualTo(200);
            assertThat(a.header("Content-Range")).as(prefer).isEmpty();
            assertThat(a.header("Preference-Applied")).as(prefer).isEmpty();
            assertThat(a.json().has("total")).as(prefer).isFalse();
        }
        for (String prefer : new String[]{"COUNT=exact", "return=minimal, count=exact;x=y", "count=\"exact\""}) {
            TestServer.Answer a = server.as("ada", "GET", "/api/contacts?status=won", null, "Prefer", prefer);
            assertThat(a.header("Content-Range")).as(prefer).contains("0-1/2");
        }
        TestServer.Answer two = server.as("ada", "GET", "/api/contacts?status=won", null,
                "Prefer", "plinth-numbers=string", "Prefer", "count=exact");
        assertThat(two.header("Content-Range")).as("a second Prefer header").contains("0-1/2");
    }

    @Test
    void estimatedCountsAreExactBelowTheThreshold() throws Exception {
        for (String mode : new String[]{"estimated", "planned"}) {
            TestServer.Answer a = server.as("ada", "GET", "/api/contacts?status=won&per_page=0", null, "Prefer", "count=" + mode);
            assertThat(a.header("Preference-Applied")).contains("count=" + mode);
            if (mode.equals("estimated") || db() == TestServer.Db.SQLITE) {
                // SQLite estimates only a whole table; this list is filtered (by owner and soft deletes)
                assertThat(a.header("Plinth-Count")).as(mode).contains("exact");
                assertThat(a.json().get("total").asLong()).isEqualTo(2);
                assertThat(a.json().get("total_estimated").asBoolean()).isFalse();
            }
        }
        TestServer.Answer few = server.as("ada", "GET", "/api/events?kind=b&per_page=0", null, "Prefer", "count=estimated");
        assertThat(few.json().get("total").asLong()).isEqualTo(1000);
        assertThat(few.json().get("total_estimated").asBoolean()).isFalse();
        assertThat(few.header("Content-Range")).contains("*/1000");
    }

    @Test
    void estimatedCountsAboveTheThresholdAreTheDatabasesEstimate() throws Exception {
        assertThat(EVENTS).isGreaterThan(TotalCounter.EXACT_UP_TO);
        TestServer.Answer whole = server.as("ada", "HEAD", "/api/events?per_page=0", null, "Prefer", "count=estimated");
        assertThat(whole.header("Plinth-Count")).as("an analysed table's statistics").contains("estimated");
        long total = Long.parseLong(whole.header("Content-Range").orElseThrow().substring(2));
        // ANALYZE of a table this small reads every row: the statistics hold the row count
        assertThat(total).isEqualTo(EVENTS);
        JsonNode body = get("ada", "/api/events?per_page=0", "Prefer", "count=estimated");
        assertThat(body.get("total_estimated").asBoolean()).isTrue();
        assertThat(body.get("total").asLong()).isEqualTo(EVENTS);

        TestServer.Answer filtered = server.as("ada", "GET", "/api/events?kind=a&per_page=0", null, "Prefer", "count=estimated");
        long estimate = filtered.json().get("total").asLong();
        if (db() == TestServer.Db.POSTGRESQL) {
            // the planner's estimate of the filtered rows, never below the rows known to match
            assertThat(filtered.json().get("total_estimated").asBoolean()).isTrue();
            assertThat(filtered.header("Plinth-Count")).contains("estimated");
            assertThat(estimate).isBetween((long) TotalCounter.EXACT_UP_TO + 1, (long) EVENTS);
        } else {
            assertThat(filtered.json().get("total_estimated").asBoolean()).as("SQLite counts a filtered list").isFalse();
            assertThat(estimate).isEqualTo(11_000);
        }

        JsonNode planned = get("ada", "/api/events?kind=b&per_page=0", "Prefer", "count=planned");
        assertThat(planned.get("total_estimated").asBoolean()).isEqualTo(db() == TestServer.Db.POSTGRESQL);
        if (db() == TestServer.Db.SQLITE) {
            assertThat(planned.get("total").asLong()).isEqualTo(1000);
        }
        JsonNode exact = get("ada", "/api/events?per_page=0&count=true");
        assertThat(exact.get("total").asLong()).isEqualTo(EVENTS);
        assertThat(exact.has("total_estimated")).isFalse();
    }
}
