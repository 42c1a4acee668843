package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Progress of long steps on SQLite (an in-memory database per test, foreign keys on). */
class LongOperationSqliteTest extends LongOperationContract {

    @Override
    Connection openFreshDatabase() throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
        }
        return c;
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }
}
