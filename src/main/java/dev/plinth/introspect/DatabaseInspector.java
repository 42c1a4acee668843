package dev.plinth.introspect;

import dev.plinth.migrate.Introspector;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a live database into a {@link DatabaseInspection}: the tables through the migration
 * {@link Introspector}, then what the planner does not compare (all CHECK constraints, views, Plinth's full-text
 * indexes) through {@link SqliteCatalog} or {@link PostgresCatalog}. Nothing is changed.
 */
public final class DatabaseInspector {

    private DatabaseInspector() {
    }

    /**
     * Inspects a database.
     *
     * @param kind       the database
     * @param connection an open connection (on PostgreSQL the current schema is inspected)
     * @return the inspection
     * @throws SQLException when the catalog cannot be read
     */
    public static DatabaseInspection inspect(DatabaseKind kind, Connection connection) throws SQLException {
        return kind == DatabaseKind.SQLITE ? SqliteCatalog.inspect(connection) : PostgresCatalog.inspect(connection);
    }

    /** Runs a query with text parameters and returns each row's columns as text. */
    static List<String[]> rows(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<String[]> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                int n = r.getMetaData().getColumnCount();
                while (r.next()) {
                    String[] row = new String[n];
                    for (int i = 0; i < n; i++) {
                        row[i] = r.getString(i + 1);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
