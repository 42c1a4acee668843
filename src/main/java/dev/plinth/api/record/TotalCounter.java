package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.query.CountMode;
import dev.plinth.query.ListQuery;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.ScopePredicate;
import dev.plinth.query.SqlRenderer;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Counts the rows a list's filter and scope match, as its {@link ListQuery#count()} asks (docs/api.md, "Counting"):
 * <ul>
 *   <li>{@link CountMode#EXACT}: {@code SELECT count(*)};</li>
 *   <li>{@link CountMode#ESTIMATED}: the exact count when at most {@value #EXACT_UP_TO} rows match (counted with
 *       a {@code LIMIT}, so it stops early), otherwise the database's estimate, never less than
 *       {@value #EXACT_UP_TO} + 1 since that many are known to match. PostgREST's {@code count=estimated} does
 *       the same with its {@code db-max-rows} as the threshold (PostgREST docs, "Estimated Count");</li>
 *   <li>{@link CountMode#PLANNED}: the database's estimate without counting.</li>
 * </ul>
 * The estimate: on PostgreSQL, {@code pg_class.reltuples} for an unfiltered list of a table that has been
 * analysed, else the row estimate of the top node of {@code EXPLAIN (FORMAT JSON)} for the matching rows
 * (PostgreSQL docs, "Row Estimation Examples"); on SQLite, the row count {@code ANALYZE} stored in
 * {@code sqlite_stat1} (SQLite docs, "The SQLITE_STAT1 table"), only for an unfiltered list; a filtered
 * list on SQLite, or a table without statistics, is counted exactly and its total is not marked estimated.
 * A list is unfiltered without filter parameters, {@code q}, owner scoping, access conditions and hidden
 * soft-deleted rows.
 */
public final class TotalCounter {

    /** The most rows an estimated count counts exactly; above, the database's estimate is answered. */
    public static final int EXACT_UP_TO = 10_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqlRenderer renderer;
    private final boolean sqlite;

    /**
     * A total.
     *
     * @param value     the number of rows, 0 or more
     * @param estimated true when {@code value} is the database's estimate rather than a count
     */
    public record Total(long value, boolean estimated) {
    }

    /**
     * @param renderer the SQL renderer for the database
     * @param kind     the database
     */
    public TotalCounter(SqlRenderer renderer, DatabaseKind kind) {
        this.renderer = renderer;
        this.sqlite = kind == DatabaseKind.SQLITE;
    }

    /**
     * Counts the rows the query matches.
     *
     * @param c     a read connection
     * @param query the query with the caller's access condition ANDed in; its {@code count} is not {@link CountMode#NONE}
     * @param scope the owner conditions to AND in; may be empty
     * @return the total
     * @throws SQLException when the database fails
     * @throws IllegalArgumentException for {@link CountMode#NONE}
     */
    public Total count(Connection c, ListQuery query, List<ScopePredicate> scope) throws SQLException {
        return switch (query.count()) {
            case NONE -> throw new IllegalArgumentException("the query asks for no count");
            case EXACT -> exact(c, query, scope);
            case PLANNED -> {
                OptionalLong planned = planned(c, query, scope);
                yield planned.isPresent() ? new Total(planned.getAsLong(), true) : exact(c, query, scope);
            }
            case ESTIMATED -> {
                if (sqlite && !unfiltered(query, scope)) {
                    yield exact(c, query, scope); // SQLite estimates only a whole table
                }
                long upTo = single(c, renderer.countUpTo(query, scope, EXACT_UP_TO + 1));
                if (upTo <= EXACT_UP_TO) {
                    yield new Total(upTo, false);
                }
                OptionalLong planned = planned(c, query, scope);
                yield planned.isPresent() ? new Total(Math.max(planned.getAsLong(), EXACT_UP_TO + 1L), true)
                        : exact(c, query, scope);
            }
        };
    }

    /**
     * Tells whether a list matches every row of its table: no filter (the access condition included),
     * no search, no owner scope and no hidden soft-deleted rows.
     */
    static boolean unfiltered(ListQuery query, List<ScopePredicate> scope) {
        return !query.hasFilter() && query.search().isEmpty() && scope.isEmpty() && query.hiddenDeletedColumn().isEmpty();
    }

    private Total exact(Connection c, ListQuery query, List<ScopePredicate> scope) throws SQLException {
        return new Total(single(c, renderer.count(query, scope)), false);
    }

    /** The database's estimate of the matching rows, or empty when it has none. */
    private OptionalLong planned(Connection c, ListQuery query, List<ScopePredicate> scope) throws SQLException {
        boolean whole = unfiltered(query, scope);
        if (sqlite) {
            return whole ? sqliteStat(c, query.model().tableName()) : OptionalLong.empty();
        }
        if (whole) {
            OptionalLong tuples = reltuples(c, renderer.tableName(query.model()));
            if (tuples.isPresent()) {
                return tuples;
            }
        }
        RenderedSql matching = renderer.matching(query, scope);
        String plan = text(c, new RenderedSql("EXPLAIN (FORMAT JSON) " + matching.sql(), matching.binds()));
        return OptionalLong.of(planRows(plan));
    }

    /**
     * Reads the row estimate of the top plan node of PostgreSQL's {@code EXPLAIN (FORMAT JSON)} output
     * ({@code [{"Plan": {"Plan Rows": 1234, …}}]}).
     *
     * @param explain the output's text
     * @return the estimate, rounded, 0 or more
     * @throws IllegalStateException when the text is not such a plan
     */
    static long planRows(String explain) {
        try {
            JsonNode rows = JSON.readTree(explain).path(0).path("Plan").path("Plan Rows");
            if (!rows.isNumber()) {
                throw new IllegalStateException("EXPLAIN gave no \"Plan Rows\": " + explain);
            }
            return Math.max(0, Math.round(rows.asDouble()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("EXPLAIN output is not JSON: " + explain, e);
        }
    }

    /** {@code pg_class.reltuples}, or empty before the table's first ANALYZE or VACUUM (-1 since PostgreSQL 14, 0 before). */
    private static OptionalLong reltuples(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT reltuples FROM pg_class WHERE oid = to_regclass(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return OptionalLong.empty();
                }
                double tuples = rs.getDouble(1);
                return tuples > 0 ? OptionalLong.of(Math.round(tuples)) : OptionalLong.empty();
            }
        }
    }

    /**
     * The table's row count in {@code sqlite_stat1}: the first number of each of its rows is the rows of the
     * table (or of an index; a partial index has fewer, hence the largest), or empty without statistics.
     */
    private static OptionalLong sqliteStat(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'");
             ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return OptionalLong.empty();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(CAST(stat AS INTEGER)) FROM sqlite_stat1 WHERE tbl = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long rows = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(rows);
            }
        }
    }

    private static long single(Connection c, RenderedSql sql) throws SQLException {
        try (PreparedStatement ps = ListService.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String text(Connection c, RenderedSql sql) throws SQLException {
        try (PreparedStatement ps = ListService.prepare(c, sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }
}
