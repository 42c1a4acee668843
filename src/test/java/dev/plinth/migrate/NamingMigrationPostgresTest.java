package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.SQLException;

/** Switching naming by renames on PostgreSQL (one database for the class, a fresh schema per test). */
class NamingMigrationPostgresTest extends NamingMigrationContract {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    Connection openFreshDatabase() throws SQLException {
        return database.connectToFreshSchema("naming");
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
