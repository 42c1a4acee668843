package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers the planner's questions about the rows a live database holds, to tell whether a change
 * loses data: how many rows a table has, how many NULLs a column, how many duplicate keys a new
 * unique index would meet. Table and column names come from the introspected snapshot or the
 * schema, never from outside input.
 */
final class TableData {

    private final Connection connection;
    private final Dialect dialect;
    private final Map<String, Long> rowCounts = new HashMap<>();
    /** Renames planned before the other steps: the planner names tables and columns as they will be, the database as they are. */
    private Renames renames = Renames.NONE;

    TableData(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * Answers from now on about tables and columns named as they will be after some renames.
     *
     * @param planned the renames the plan makes first
     */
    void renamedBy(Renames planned) {
        this.renames = planned;
    }

    /**
     * Rewrites a query over one table, written with the names it will have after the planned renames, to
     * the names it has now, for asking the database before the renames run.
     *
     * @param table the table's name after the renames
     * @param sql   a query naming the table and its columns quoted
     * @return the query with the live names
     */
    String inLiveNames(String table, String sql) {
        String out = sql.replace(dialect.quote(table), live(table));
        for (Renames.ColumnRename r : renames.columns()) {
            if (r.table().equals(table)) {
                out = out.replace(dialect.quote(r.to()), dialect.quote(r.from()));
            }
        }
        return out;
    }

    /** Quotes a table's live name. */
    private String live(String table) {
        return dialect.quote(renames.liveTable(table));
    }

    /** Quotes a column's live name. */
    private String live(String table, String column) {
        return dialect.quote(renames.liveColumn(table, column));
    }

    /** Returns the number of rows of a table. */
    long rows(String table) throws SQLException {
        Long cached = rowCounts.get(table);
        if (cached != null) {
            return cached;
        }
        long count = count("SELECT COUNT(*) FROM " + live(table));
        rowCounts.put(table, count);
        return count;
    }

    /** Returns the number of rows whose column is NULL. */
    long nulls(String table, String column) throws SQLException {
        if (rows(table) == 0) {
            return 0;
        }
        return count("SELECT COUNT(*) FROM " + live(table) + " WHERE " + live(table, column) + " IS NULL");
    }

    /** Returns the number of rows whose column is not NULL (the values a drop would lose). */
    long values(String table, String column) throws SQLException {
        if (rows(table) == 0) {
            return 0;
        }
        return count("SELECT COUNT(*) FROM " + live(table) + " WHERE " + live(table, column) + " IS NOT NULL");
    }

    /** Returns the number of distinct key values that occur in more than one row (NULL keys never collide). */
    long duplicates(String table, List<String> columns) throws SQLException {
        if (rows(table) < 2) {
            return 0;
        }
        String cols = columns.stream().map(c -> live(table, c)).collect(Collectors.joining(", "));
        String notNull = columns.stream().map(c -> live(table, c) + " IS NOT NULL").collect(Collectors.joining(" AND "));
        return count("SELECT COUNT(*) FROM (SELECT 1 FROM " + live(table) + " WHERE " + notNull
                + " GROUP BY " + cols + " HAVING COUNT(*) > 1) d");
    }

    /** Returns the rows whose column holds one of the given text values (enum values about to be removed). */
    long rowsWithValues(String table, String column, List<String> values) throws SQLException {
        if (rows(table) == 0 || values.isEmpty()) {
            return 0;
        }
        String cast = dialect.kind() == DatabaseKind.POSTGRESQL ? "::text" : "";
        String in = values.stream().map(v -> "?").collect(Collectors.joining(", "));
        try (PreparedStatement s = connection.prepareStatement("SELECT COUNT(*) FROM " + live(table)
                + " WHERE " + live(table, column) + cast + " IN (" + in + ")")) {
            for (int i = 0; i < values.size(); i++) {
                s.setString(i + 1, values.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /**
     * Tells whether a PostgreSQL index backs a {@code UNIQUE} constraint (made by {@code ADD UNIQUE}, as
     * other tools do) and must be dropped with {@code DROP CONSTRAINT} rather than {@code DROP INDEX}.
     */
    boolean isUniqueConstraint(String table, String index) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("""
                SELECT count(*) FROM pg_constraint con
                JOIN pg_class c ON c.oid = con.conrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE con.contype = 'u' AND con.conname = ? AND c.relname = ? AND n.nspname = current_schema()""")) {
            s.setString(1, index);
            s.setString(2, renames.liveTable(table));
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    /** Returns the {@code CREATE TRIGGER} statements of a SQLite table (a rebuild drops and re-creates them). */
    List<String> sqliteTriggers(String table) throws SQLException {
        List<String> triggers = new ArrayList<>();
        String live = renames.liveTable(table);
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name")) {
            s.setString(1, live);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    // a renamed table's full-text triggers are dropped before the rename and made anew for the new name
                    if (!live.equals(table) && r.getString(1).matches(java.util.regex.Pattern.quote(live) + "_fts_a.")) {
                        continue;
                    }
                    triggers.add(r.getString(2));
                }
            }
        }
        return triggers;
    }

    /** Returns the name and {@code CREATE VIEW} statement of each SQLite view whose text mentions the table. */
    List<String[]> sqliteViewsMentioning(String table) throws SQLException {
        List<String[]> views = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT name, sql FROM sqlite_master WHERE type = 'view' AND sql IS NOT NULL ORDER BY name")) {
            while (r.next()) {
                if (r.getString(2).toLowerCase(java.util.Locale.ROOT).contains(renames.liveTable(table).toLowerCase(java.util.Locale.ROOT))) {
                    views.add(new String[]{r.getString(1), r.getString(2)});
                }
            }
        }
        return views;
    }

    private long count(String sql) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}
