package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Renames asked for, on SQLite (an in-memory database per test, foreign keys on). */
class RenameMigrationSqliteTest extends RenameMigrationContract {

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
