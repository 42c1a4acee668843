package dev.plinth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.query.RenderedSql;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The plans of the statements Plinth runs for every list shape it generates, read from the database itself
 * ({@code EXPLAIN QUERY PLAN} on SQLite, {@code EXPLAIN (FORMAT JSON)} on PostgreSQL) with the values each
 * request bound, on the benchmark's CRM schema ({@code bench/crm-search.prisma}) holding 100,000 contacts with
 * fresh statistics: no shape whose page an index or the key order can deliver may sort a large intermediate
 * result for a small page (docs/query.md, "How pages are read"). Run on SQLite and PostgreSQL by the two
 * subclasses.
 *
 * <p>A plan fails when it sorts more than {@link #LARGE_SORT_INPUT} rows for the page: on SQLite, which gives no
 * row estimates, a "USE TEMP B-TREE FOR ORDER BY" whose statement matches that many rows (a sort of the last
 * term only, "FOR LAST TERM OF ORDER BY", orders runs of ties in rows that come in order, and passes); on
 * PostgreSQL a {@code Sort} node whose input is estimated at that many rows. Orders no index can deliver
 * (relevance, or a column without an index of its own) are not in the matrix: docs/query.md lists them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ListPlansContract {

    static final int CONTACTS = 100_000;
    static final int COMPANIES = 1_000;
    /** Contacts with status "rare": a selective value of a low-selectivity column. */
    static final int RARE = 10;
    /** The most rows a sort may take in for a page of at most 50 rows. */
    static final long LARGE_SORT_INPUT = 1_000;

    TestServer server;

    abstract TestServer.Db db();

    /** Fills companies and contacts (ids from 1), then refreshes the planner's statistics as a running server has them. */
    abstract void seed(Connection c) throws SQLException;

    /** The plan of one statement, as lines of text (for messages). */
    abstract List<String> plan(Connection c, RenderedSql statement) throws SQLException;

    /** Why the plan of {@code statement} sorts a large intermediate result for a small page, or null when it does not. */
    abstract String largeSort(Connection c, RenderedSql statement, List<String> plan) throws SQLException;

    /** True when the plan reads an index from a bound on {@code column} (a seek), not from the index's start. */
    abstract boolean seeks(List<String> plan, String column);

    /** Why the plan reads the whole contacts table, or null when it does not. */
    abstract String fullScan(List<String> plan);

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), Files.readString(Path.of("bench/crm-search.prisma")));
        server.recordQueries(true);
        try (Connection c = server.connect()) {
            seed(c);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The list shapes: each a request whose page statements must not sort a large intermediate result. */
    static Stream<String> shapes() {
        return Stream.of(
                // a low-selectivity indexed filter, with the default (key) order
                "/api/contacts?status=won&per_page=1",
                "/api/contacts?status=lead&per_page=20",
                "/api/contacts?status=won&page=5&per_page=20",
                "/api/contacts?status__in=won,lost&per_page=20",
                "/api/contacts?status=won&created_at__gte=2021-01-01T00:00:00.000Z&per_page=20",
                // a selective filter whose index delivers the key order
                "/api/contacts?company_id=5&per_page=1",
                "/api/contacts?company_id=5&status=won&per_page=20",
                // orderBy on indexed columns, and on the key, with and without filters
                "/api/contacts?status=won&orderBy=-created_at&per_page=20",
                "/api/contacts?status=won&orderBy=created_at&per_page=20",
                "/api/contacts?orderBy=-id&per_page=20",
                "/api/contacts?status=won&orderBy=-id&per_page=20",
                "/api/contacts?company_id=5&orderBy=-created_at&per_page=20",
                // keyset first pages (continuations: keysetContinuations)
                "/api/contacts?status=won&limit=20",
                "/api/contacts?status=won&orderBy=-created_at&limit=20",
                // relation filters
                "/api/contacts?company.industry=software&per_page=20",
                // include, to-one and to-many
                "/api/contacts?include=company&status=won&per_page=20",
                "/api/contacts?include=company&status=lead&orderBy=created_at:desc&per_page=20",
                "/api/companies?include=contacts&per_page=5",
                // nested routes
                "/api/companies/5/contacts?per_page=20",
                "/api/companies/5/contacts?status=won&orderBy=-created_at&per_page=20",
                // q= with an order an index delivers
                "/api/contacts?q=lovelace&orderBy=id&per_page=20",
                "/api/contacts?q=lovelace&status=won&orderBy=-id&per_page=20");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void noPageSortsALargeIntermediateResult(String path) throws Exception {
        checkPlans(path);
    }

    @Test
    void keysetContinuations() throws Exception {
        for (String first : List.of("/api/contacts?status=won&limit=20", "/api/contacts?status=won&orderBy=-created_at&limit=20",
                "/api/contacts?limit=20", "/api/contacts?orderBy=-id&limit=20")) {
            JsonNode page = get(first);
            String cursor = page.get("next_cursor").asText();
            for (int i = 0; i < 3; i++) {
                String next = first.replace("limit=20", "limit=20&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
                page = checkPlans(next);
                cursor = page.get("next_cursor").asText();
                String key = next.contains("created_at") ? "created_at" : "id";
                try (Connection c = server.connect()) {
                    // a cursor page starts at the cursor, whatever its depth: no read of the rows before it
                    List<String> plan = plan(c, pageStatements().getFirst());
                    assertThat(seeks(plan, key)).as(next + "\n" + String.join("\n", plan)).isTrue();
                }
            }
        }
    }

    @Test
    void aRareValueOfALowSelectivityColumnKeepsItsIndex() throws Exception {
        for (String path : List.of("/api/contacts?status=rare&per_page=20", "/api/contacts?status=rare&per_page=1",
                "/api/contacts?status=rare&limit=20")) {
            JsonNode page = checkPlans(path);
            assertThat(page.get("data")).hasSize(path.contains("per_page=1") ? 1 : RARE);
            try (Connection c = server.connect()) {
                for (RenderedSql s : pageStatements()) {
                    List<String> plan = plan(c, s);
                    assertThat(fullScan(plan)).as(path + " ran " + s.sql() + "\n" + String.join("\n", plan)).isNull();
                }
            }
        }
    }

    @Test
    void theWalkAndTheIndexAnswerTheSameRows() throws Exception {
        // the same page through the walk (status=won) and, by a selective filter alongside, through the index
        JsonNode walked = get("/api/contacts?status=won&per_page=50&select=id,status");
        List<Long> ids = new ArrayList<>();
        walked.get("data").forEach(r -> ids.add(r.get("id").asLong()));
        assertThat(ids).isSorted().hasSize(50);
        JsonNode direct = get("/api/contacts?status=won&id__lte=" + ids.getLast() + "&per_page=50&select=id,status");
        assertThat(direct.get("data")).isEqualTo(walked.get("data"));
    }

    private List<RenderedSql> last = List.of();

    private JsonNode get(String path) throws Exception {
        server.recordedQueries();
        TestServer.Answer a = server.as("alice", "GET", path, null);
        assertThat(a.status()).as(path + ": " + a).isEqualTo(200);
        last = server.recordedQueries();
        return a.json();
    }

    /** The statements of the last request that read rows in an order. */
    private List<RenderedSql> pageStatements() {
        return last.stream().filter(s -> s.sql().startsWith("SELECT") && s.sql().contains("ORDER BY")).toList();
    }

    private JsonNode checkPlans(String path) throws Exception {
        JsonNode page = get(path);
        List<RenderedSql> statements = pageStatements();
        assertThat(statements).as(path).isNotEmpty();
        try (Connection c = server.connect()) {
            for (RenderedSql s : statements) {
                List<String> plan = plan(c, s);
                if (Boolean.getBoolean("plinth.plans.print")) {
                    System.out.println("== " + db() + " " + path + "\n   " + s.sql() + "\n   " + s.binds() + "\n   "
                            + String.join("\n   ", plan));
                }
                assertThat(largeSort(c, s, plan)).as(path + " ran " + s.sql() + " " + s.binds() + "\n" + String.join("\n", plan))
                        .isNull();
            }
        }
        return page;
    }

    /**
     * How many rows a statement's final ORDER BY takes in: for a page ({@code … LIMIT ?} or
     * {@code … LIMIT ? OFFSET ?}) the rows it matches without its LIMIT; for another statement (the rows of an
     * include, capped per parent) the rows it returns.
     */
    static long matchedRows(Connection c, RenderedSql statement) throws SQLException {
        List<Object> binds = new ArrayList<>(statement.binds());
        if (statement.sql().endsWith("LIMIT ? OFFSET ?")) {
            binds.set(binds.size() - 2, 1_000_000_000);
            binds.set(binds.size() - 1, 0);
        } else if (statement.sql().endsWith("LIMIT ?")) {
            binds.set(binds.size() - 1, 1_000_000_000);
        }
        try (PreparedStatement ps = prepare(c, "SELECT count(*) FROM (" + statement.sql() + ")", binds)) {
            return Long.parseLong(rows(ps, 1).getFirst());
        }
    }

    static PreparedStatement prepare(Connection c, String sql, List<Object> binds) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < binds.size(); i++) {
            ps.setObject(i + 1, binds.get(i));
        }
        return ps;
    }

    static List<String> rows(PreparedStatement ps, int column) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(column));
            }
        }
        return out;
    }
}
