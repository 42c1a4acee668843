package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.DriverManager;

/** The {@code db pull} round trip on SQLite, each database in memory. */
class PullRoundTripSqliteTest extends PullRoundTripContract {

    @Override
    DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    Connection open(String label) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite::memory:");
    }
}
