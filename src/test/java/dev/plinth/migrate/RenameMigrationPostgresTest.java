package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/** Renames asked for, on PostgreSQL (one database for the class, a fresh schema per test). */
class RenameMigrationPostgresTest extends RenameMigrationContract {

    private static PostgresTestDatabase database;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

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
        Connection c = database.connect();
        String schema = "renames_" + SCHEMAS.incrementAndGet();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
