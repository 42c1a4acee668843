package dev.plinth.api.record;

import dev.plinth.api.store.PlanningStatements;

import dev.plinth.query.ListQuery;
import dev.plinth.query.Pagination;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.ScopePredicate;
import dev.plinth.query.SelectSql;
import dev.plinth.query.SqlRenderer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Chooses, on SQLite, between a page's plain SELECT and the same SELECT read {@code NOT INDEXED} (the table
 * walked in rowid order, stopping once the page is full): the rule of docs/query.md, "How pages are read".
 *
 * <p>SQLite (3.53) plans {@code WHERE status = ? ORDER BY id LIMIT 1} as a search of the
 * {@code (status, created_at)} index followed by a sort of every matching row ("USE TEMP B-TREE FOR ORDER
 * BY"), even when a fifth of the table matches and a walk in rowid order would find the first match within a
 * few rows; its cost model does not count on the LIMIT stopping the walk early, and fresh statistics do not
 * change the choice (sqlite_stat1 and sqlite_stat4 both checked; docs/benchmarks.md). So for each page:
 * <ol>
 *   <li>SQLite's own plan of the plain SELECT is read ({@code EXPLAIN QUERY PLAN}); when it sorts for the
 *       ORDER BY, and the plan of the {@code NOT INDEXED} SELECT does not (the order is the rowid's),</li>
 *   <li>the walk reads about {@code k·N/m} rows to fill a page of {@code k} rows (the offset plus the rows
 *       fetched) from a table of {@code N} rows of which {@code m} match, where the plain plan reads and sorts
 *       all {@code m}. Measured on the benchmark's CRM (100,000 contacts), a row walked costs about 0.2 µs and
 *       a row searched and sorted about 0.14 µs, so the walk wins when {@code m² > 1.4·k·N}; Plinth takes it
 *       when {@code m ≥ √(2·k·N)}, counting the matches only that far ({@link SqlRenderer#countUpTo}, a bounded
 *       read of the filter's index). A rare value (a handful of matches) keeps the index.</li>
 * </ol>
 * {@code N} is the table's largest rowid (one B-tree descent; never below the row count). Plans, table sizes,
 * counts and the choice itself are kept for {@link #TTL_NANOS} per statement and values, so a page asked for
 * again costs one map lookup; at most {@link #MAX_ENTRIES} of each are kept.
 *
 * <p>Which plan runs never changes the rows: both statements have the same WHERE and ORDER BY. Thread-safe.
 */
public final class KeyOrderScan {

    /** How long a plan, a table size or a count is trusted: data and statistics change under a running server. */
    static final long TTL_NANOS = 60_000_000_000L;
    /** The most plans, sizes and counts kept; the cache is emptied when full. */
    static final int MAX_ENTRIES = 4096;
    /** The walk is taken when the matches reach √(WALK_FACTOR · k · N) (see the class comment). */
    static final double WALK_FACTOR = 2.0;

    private final SqlRenderer renderer;
    private final ConcurrentHashMap<Object, Kept> kept = new ConcurrentHashMap<>();
    /** The statement chosen for a plain page statement (with its values), and until when. */
    private final ConcurrentHashMap<RenderedSql, Choice> choices = new ConcurrentHashMap<>();

    /** The statement to run instead of a plain one, or null for the plain one; trusted until {@code until}. */
    private record Choice(RenderedSql walk, long until) {
    }

    /** A value and the {@link System#nanoTime()} until which it is trusted. */
    private record Kept(long value, long until) {
    }

    /** The key of a kept plan verdict: 1 when the statement sorts for its ORDER BY. */
    private record PlanKey(String sql) {
    }

    /** The key of a kept table size. */
    private record SizeKey(String table) {
    }

    /**
     * @param renderer the SQLite renderer the pages are rendered with
     */
    KeyOrderScan(SqlRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Returns the SELECT to run for a page: {@code plain}, or the query rendered {@code NOT INDEXED} when the
     * rule above says the walk in rowid order is cheaper.
     *
     * @param c     the read connection the page will run on
     * @param query the query (with the caller's access condition in its filter)
     * @param scope the scope conditions {@code plain} was rendered with
     * @param plain the page's SELECT as {@link SqlRenderer#select(ListQuery, List)} rendered it
     * @return the SELECT to run
     * @throws SQLException when the database fails
     */
    SelectSql choose(Connection c, ListQuery query, List<ScopePredicate> scope, SelectSql plain) throws SQLException {
        long now = System.nanoTime();
        Choice known = choices.get(plain.statement());
        if (known == null || now - known.until() >= 0) {
            SelectSql chosen = decide(c, query, scope, plain);
            known = new Choice(chosen == plain ? null : chosen.statement(), now + TTL_NANOS);
            if (choices.size() >= MAX_ENTRIES) {
                choices.clear();
            }
            choices.put(plain.statement(), known);
        }
        return known.walk() == null ? plain
                : new SelectSql(known.walk(), plain.columns(), plain.shownColumns(), plain.cursorColumns(), plain.fetchLimit());
    }

    /** The rule of the class comment, for a page not decided within {@link #TTL_NANOS}. */
    private SelectSql decide(Connection c, ListQuery query, List<ScopePredicate> scope, SelectSql plain) throws SQLException {
        long k = switch (query.pagination()) {
            case Pagination.Offset o -> o.all() ? Long.MAX_VALUE : o.offset() + plain.fetchLimit();
            case Pagination.Keyset ks -> plain.fetchLimit();
        };
        if (k == Long.MAX_VALUE || !sortsForOrder(c, plain.statement())) {
            return plain;
        }
        SelectSql walk = renderer.select(query, scope, true);
        if (walk.statement().sql().equals(plain.statement().sql()) || sortsForOrder(c, walk.statement())) {
            return plain;
        }
        long rows = tableSize(c, query.model().tableName());
        double needed = Math.ceil(Math.sqrt(WALK_FACTOR * k * (double) rows));
        if (rows <= 0 || needed >= rows) {
            return plain;
        }
        int cap = (int) needed;
        RenderedSql probe = renderer.countUpTo(query, scope, cap);
        return count(c, probe) >= cap ? walk : plain;
    }

    /** True when SQLite's plan for the statement sorts rows for its ORDER BY ("USE TEMP B-TREE FOR … ORDER BY"). */
    private boolean sortsForOrder(Connection c, RenderedSql statement) throws SQLException {
        return remembered(new PlanKey(statement.sql()), () -> {
            try (PreparedStatement ps = ListService.prepare(c, new RenderedSql(PlanningStatements.MARK + "EXPLAIN QUERY PLAN " + statement.sql(), statement.binds()));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String detail = rs.getString(4);
                    // "USE TEMP B-TREE FOR ORDER BY", or "… FOR LAST TERM OF ORDER BY"/"RIGHT PART OF ORDER BY"
                    if (detail != null && detail.toUpperCase(Locale.ROOT).startsWith("USE TEMP B-TREE FOR")
                            && detail.toUpperCase(Locale.ROOT).contains("ORDER BY")) {
                        return 1L;
                    }
                }
                return 0L;
            }
        }) == 1L;
    }

    private long tableSize(Connection c, String table) throws SQLException {
        return remembered(new SizeKey(table), () -> {
            // the table's own name from the schema, quoted as the renderer quotes identifiers
            try (PreparedStatement ps = c.prepareStatement(PlanningStatements.MARK + "SELECT max(rowid) FROM \"" + table.replace("\"", "\"\"") + "\"");
                 ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    private long count(Connection c, RenderedSql probe) throws SQLException {
        return remembered(probe, () -> {
            try (PreparedStatement ps = ListService.prepare(c, new RenderedSql(PlanningStatements.MARK + probe.sql(), probe.binds())); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A value the database gives, kept for {@link #TTL_NANOS}. */
    private interface Lookup {
        long run() throws SQLException;
    }

    private long remembered(Object key, Lookup lookup) throws SQLException {
        long now = System.nanoTime();
        Kept k = kept.get(key);
        if (k != null && now - k.until() < 0) {
            return k.value();
        }
        long value = lookup.run();
        if (kept.size() >= MAX_ENTRIES) {
            kept.clear();
        }
        kept.put(key, new Kept(value, now + TTL_NANOS));
        return value;
    }
}
