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
 *
 * <p>A row written by {@code plinth migrate deploy} also names its migration folder
 * ({@code migration_name}); its {@code checksum} is then the SHA-256 of that folder's
 * {@code migration.sql}. Tables made before that column existed get it by {@code ALTER TABLE … ADD COLUMN}
 * the first time a migration file is recorded; their automatic rows keep a NULL name.
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
     * @param migrationName the migration folder applied by {@code plinth migrate deploy}; empty for a plan
     *                      applied automatically ({@code plinth migrate}, {@code plinth serve})
     */
    public record Entry(long id, Instant appliedAt, String checksum, String sql, List<String> tables,
                        java.util.Optional<String> migrationName) {
        public Entry {
            tables = List.copyOf(tables);
        }
    }

    /** The column naming a migration file's folder, added to tables made before it existed. */
    static final String NAME_COLUMN = "migration_name";

    /**
     * Tells whether the history table exists.
     *
     * @param connection an open connection
     * @return true when it exists
     * @throws SQLException when the catalog cannot be read
     */
    public boolean exists(Connection connection) throws SQLException {
        return tableExists(connection, dialect, TABLE);
    }

    /**
     * Tells whether a table exists (on PostgreSQL: in the current schema).
     *
     * @param connection an open connection
     * @param dialect    the database's dialect
     * @param table      the table's name
     * @return true when it exists
     * @throws SQLException when the catalog cannot be read
     */
    static boolean tableExists(Connection connection, Dialect dialect, String table) throws SQLException {
        String sql = dialect.kind() == DatabaseKind.SQLITE
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                : "SELECT COUNT(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relname = ?";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, table);
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
        String name = hasNameColumn(connection) ? dialect.quote(NAME_COLUMN) : "NULL";
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT id, applied_at, checksum, sql, tables, " + name + " FROM " + dialect.quote(TABLE) + " ORDER BY id")) {
            while (r.next()) {
                String tables = r.getString(5);
                entries.add(new Entry(r.getLong(1), Instant.parse(r.getString(2)), r.getString(3), r.getString(4),
                        tables == null || tables.isEmpty() ? List.of() : Arrays.asList(tables.split("\n")),
                        java.util.Optional.ofNullable(r.getString(6))));
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
        createIfMissing(connection);
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (\"applied_at\", \"checksum\", \"sql\", \"tables\") VALUES (?, ?, ?, ?)")) {
            s.setString(1, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            s.setString(2, checksum);
            s.setString(3, sql);
            s.setString(4, String.join("\n", tables));
            s.executeUpdate();
        }
    }

    /**
     * Records an applied migration file inside the caller's transaction: creates the table when missing, adds
     * the {@value #NAME_COLUMN} column to a table made before it existed, and appends the entry.
     *
     * @param connection an open connection, in the file's transaction
     * @param name       the migration folder's name
     * @param checksum   the SHA-256 (hex) of its {@code migration.sql}
     * @param sql        the file's text
     * @param tables     the tables of the database once the file ran (the tables Plinth manages from now on)
     * @throws SQLException when writing fails
     */
    void recordFile(Connection connection, String name, String checksum, String sql, List<String> tables) throws SQLException {
        createIfMissing(connection);
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO " + dialect.quote(TABLE)
                + " (\"applied_at\", \"checksum\", \"sql\", \"tables\", " + dialect.quote(NAME_COLUMN) + ") VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            s.setString(2, checksum);
            s.setString(3, sql);
            s.setString(4, String.join("\n", tables));
            s.setString(5, name);
            s.executeUpdate();
        }
    }

    /**
     * Removes a migration file's entry (its down script ran), inside the caller's transaction.
     *
     * @param connection an open connection, in the down script's transaction
     * @param name       the migration folder's name
     * @return the number of rows removed (1 when it was recorded)
     * @throws SQLException when writing fails
     */
    int removeFile(Connection connection, String name) throws SQLException {
        if (!exists(connection) || !hasNameColumn(connection)) {
            return 0;
        }
        try (PreparedStatement s = connection.prepareStatement("DELETE FROM " + dialect.quote(TABLE) + " WHERE "
                + dialect.quote(NAME_COLUMN) + " = ?")) {
            s.setString(1, name);
            return s.executeUpdate();
        }
    }

    private void createIfMissing(Connection connection) throws SQLException {
        String id = dialect.kind() == DatabaseKind.SQLITE ? "\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT" : "\"id\" SERIAL PRIMARY KEY";
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + dialect.quote(TABLE) + " (" + id
                    + ", \"applied_at\" TEXT NOT NULL, \"checksum\" TEXT NOT NULL, \"sql\" TEXT NOT NULL, \"tables\" TEXT NOT NULL, "
                    + dialect.quote(NAME_COLUMN) + " TEXT)");
            // A history made before migration files existed lacks the column; rows already there keep NULL (automatic).
            if (!hasNameColumn(connection)) {
                s.execute("ALTER TABLE " + dialect.quote(TABLE) + " ADD COLUMN " + dialect.quote(NAME_COLUMN) + " TEXT");
            }
        }
    }

    /** Tells whether the history table has the {@value #NAME_COLUMN} column (tables made by older versions lack it). */
    private boolean hasNameColumn(Connection connection) throws SQLException {
        String sql = dialect.kind() == DatabaseKind.SQLITE
                ? "SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?"
                : "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, TABLE);
            s.setString(2, NAME_COLUMN);
            try (ResultSet r = s.executeQuery()) {
                return r.next() && r.getLong(1) > 0;
            }
        }
    }
}
