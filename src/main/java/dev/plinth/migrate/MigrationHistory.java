package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The history table {@code _plinth_migrations}: one row per applied plan, with when it was applied
 * (ISO-8601 UTC), the schema checksum, the SQL that ran and the tables the schema described. The last
 * row's tables are the ones Plinth manages: a table that leaves the schema is dropped (with force) only
 * when Plinth created or managed it; any other table is left alone.
 */
public final class MigrationHistory {

    /** The name of the history table. */
    public static final String TABLE = "_plinth_migrations";

    private final Dialect dialect;

    /**
     * Creates the history of one database.
     *
     * @param dialect the database's dialect
     */
    public MigrationHistory(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * One applied plan.
     *
     * @param id        the row id, increasing
     * @param appliedAt when it was applied
     * @param checksum  the schema checksum
     * @param sql       the SQL that ran
     * @param tables    the tables the schema described
     */
    public record Entry(long id, Instant appliedAt, String checksum, String sql, List<String> tables) {
        public Entry {
            tables = List.copyOf(tables);
        }
    }

    /**
     * Tells whether the history table exists.
     *
     * @param connection an open connection
     * @return true when it exists
     * @throws SQLException when the catalog cannot be read
     */
    public boolean exists(Connection connection) throws SQLException {
        String sql = dialect.kind() == DatabaseKind.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                : "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, TABLE);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }

    /**
     * Reads every entry, oldest first.
     *
     * @param connection an open connection
     * @return the entries; empty when the table does not exist
     * @throws SQLException when the table cannot be read
     */
    public List<Entry> entries(Connection connection) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        if (!exists(connection)) {
            return entries;
        }
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id, applied_at, checksum, sql, tables FROM " + dialect.quote(TABLE) + " ORDER BY id")) {
            while (r.next()) {
                String tables = r.getString(5);
                entries.add(new Entry(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4),
                        tables == null || tables.isEmpty() ? List.of() : Arrays.asList(tables.split("\n"))));
            }
        }
        return entries;
    }

    /**
     * Returns the tables the last applied plan's schema described.
     *
     * @param connection an open connection
     * @return the table names; empty when nothing was applied yet
     * @throws SQLException when the table cannot be read
     */
    public Set<String> managedTables(Connection connection) throws SQLException {
        List<Entry> entries = entries(connection);
        return entries.isEmpty() ? Set.of() : new LinkedHashSet<>(entries.get(entries.size() - 1).tables());
    }

    /**
     * Creates the table when missing and appends an entry; runs inside the caller's transaction.
     *
     * @param connection an open connection, in the migration's transaction
     * @param checksum   the schema checksum
     * @param sql        the SQL that ran
     * @param tables     the tables the schema describes
     * @throws SQLException when writing fails
     */
    void record(Connection connection, String checksum, String sql, List<String> tables) throws SQLException {
        String id = dialect.kind() == DatabaseKind.SQLITE ? "\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT" : "\"id\" SERIAL PRIMARY KEY";
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " (" + id
                    + ", \"applied_at\" TEXT NOT NULL, \"checksum\" TEXT NOT NULL, \"sql\" TEXT NOT NULL, \"tables\" TEXT NOT NULL)");
        }
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (\"applied_at\", \"checksum\", \"sql\", \"tables\") VALUES (?, ?, ?, ?)")) {
            s.setString(1, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            s.setString(2, checksum);
            s.setString(3, sql);
            s.setString(4, String.join("\n", tables));
            s.executeUpdate();
        }
    }
}
