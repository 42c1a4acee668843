package dev.plinth.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Plain SQL for migration tests: run a statement, tell whether one fails, read rows as {@code a|b} strings. */
final class SqlRows {

    private SqlRows() {
    }

    /** Runs a statement. */
    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** Runs a statement and returns true when the database refuses it. */
    static boolean fails(Connection connection, String sql) {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
            return false;
        } catch (SQLException e) {
            return true;
        }
    }

    /** Returns each row of a query as its values joined with {@code |} ({@code null} for SQL NULL). */
    static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            int n = r.getMetaData().getColumnCount();
            while (r.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(r.getString(i)));
                }
                out.add(String.join("|", values));
            }
        }
        return out;
    }
}
