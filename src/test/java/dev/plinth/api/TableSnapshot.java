package dev.plinth.api;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contents of every table of a database, read over one JDBC connection that stays open: taken
 * before and after a request, two snapshots are equal exactly when the request changed no row.
 * Rows are compared as text and sorted, so the order a database returns them in does not matter
 * (and no column type needs an ordering operator, which PostgreSQL's {@code json} lacks).
 */
final class TableSnapshot implements AutoCloseable {

    private final Connection connection;
    private final List<String> tables = new ArrayList<>();
    private final boolean postgres;
    private final String fingerprintSql;

    /**
     * Lists the tables once (SQLite's own {@code sqlite_*} tables excepted; full-text shadow tables
     * included, so a stale index shows as a change too).
     *
     * @param connection an open connection, closed by {@link #close()}
     * @throws SQLException when the catalog cannot be read
     */
    TableSnapshot(Connection connection) throws SQLException {
        this.connection = connection;
        DatabaseMetaData meta = connection.getMetaData();
        this.postgres = meta.getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres");
        String schema = postgres ? "public" : null;
        try (ResultSet rs = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (!name.startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        Collections.sort(tables);
        this.fingerprintSql = String.join(" UNION ALL ", tables.stream().map(t -> "SELECT '" + t + "=' || count(*) || '/' || "
                + "coalesce(sum(hashtext(x::text)::bigint), 0) FROM \"" + t + "\" x").toList());
    }

    /**
     * Returns a token that changes whenever a row changes. On PostgreSQL it is the content itself in
     * short: each table's row count and the sum of its rows' hashes ({@code hashtext(row::text)}),
     * computed by the server, so equal tokens mean equal contents and no {@link #take()} is needed. On
     * SQLite it is {@code PRAGMA data_version} (https://www.sqlite.org/pragma.html#pragma_data_version),
     * which changes when another connection commits a write; equal tokens mean no row changed, and
     * different ones call for a {@link #take()} to tell.
     *
     * @return the token
     * @throws SQLException when it cannot be read
     */
    String version() throws SQLException {
        String sql = postgres ? fingerprintSql : "PRAGMA data_version";
        StringBuilder token = new StringBuilder();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                token.append(rs.getString(1)).append(' ');
            }
        }
        return token.toString();
    }

    /**
     * Returns a token that stays the same while nothing at all is written: PostgreSQL's WAL insert
     * position, which every change of a logged table moves (and rolled-back writes and maintenance
     * too); on SQLite, {@link #version()}. Cheaper than {@link #version()} on PostgreSQL.
     *
     * @return the token
     * @throws SQLException when it cannot be read
     */
    String writePosition() throws SQLException {
        if (!postgres) {
            return version();
        }
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Tells whether {@link #version()} is a fingerprint of the contents (PostgreSQL), not only a change counter. */
    boolean versionIsContent() {
        return postgres;
    }

    /**
     * Deletes every row of the given tables, in the order given (referencing tables first).
     *
     * @param names table names
     * @throws SQLException when a delete fails
     */
    void clear(List<String> names) throws SQLException {
        try (Statement s = connection.createStatement()) {
            for (String table : names) {
                s.executeUpdate("DELETE FROM \"" + table + "\"");
            }
        }
    }

    /** Returns the tables this snapshot reads. */
    List<String> tables() {
        return List.copyOf(tables);
    }

    /**
     * Reads every table.
     *
     * @return each table's rows as text, sorted, by table name
     * @throws SQLException when a table cannot be read
     */
    Map<String, List<String>> take() throws SQLException {
        Map<String, List<String>> all = new TreeMap<>();
        try (Statement s = connection.createStatement()) {
            for (String table : tables) {
                List<String> rows;
                try (ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    rows = rows(rs);
                }
                Collections.sort(rows);
                all.put(table, rows);
            }
        }
        return all;
    }

    /**
     * Reads the rest of a result set as text, one {@code value|value|…|} line per row, in its order.
     *
     * @param rs an open result set
     * @return the rows
     * @throws SQLException when a value cannot be read
     */
    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> rows = new ArrayList<>();
        int n = rs.getMetaData().getColumnCount();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= n; i++) {
                row.append(rs.getString(i)).append('|');
            }
            rows.add(row.toString());
        }
        return rows;
    }

    /**
     * Describes how two snapshots differ, table by table.
     *
     * @return one line per changed table with the rows only before and only after (a few of each)
     */
    static String difference(Map<String, List<String>> before, Map<String, List<String>> after) {
        StringBuilder s = new StringBuilder();
        for (String table : before.keySet()) {
            List<String> gone = new ArrayList<>(before.get(table));
            gone.removeAll(after.getOrDefault(table, List.of()));
            List<String> added = new ArrayList<>(after.getOrDefault(table, List.of()));
            added.removeAll(before.get(table));
            if (!gone.isEmpty() || !added.isEmpty()) {
                s.append("\n  ").append(table).append(": before only ").append(abbreviate(gone))
                        .append("; after only ").append(abbreviate(added));
            }
        }
        return s.toString();
    }

    private static String abbreviate(List<String> rows) {
        String text = rows.subList(0, Math.min(3, rows.size())).toString();
        return (text.length() > 500 ? text.substring(0, 500) + "…" : text) + (rows.size() > 3 ? " (" + rows.size() + " rows)" : "");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
