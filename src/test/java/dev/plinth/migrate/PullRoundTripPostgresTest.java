package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.sql.Connection;
import java.sql.Statement;

/**
 * The {@code db pull} round trip on PostgreSQL: one database for the class, each database of a round trip a
 * schema of its own selected by {@code search_path}. Fails (never skips) when PostgreSQL does not answer.
 */
class PullRoundTripPostgresTest extends PullRoundTripContract {

    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createDatabase() throws Exception {
        postgres = PostgresTestDatabase.create();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            // rallly's @db.Citext needs the extension in a schema every search_path includes.
            s.execute("CREATE EXTENSION IF NOT EXISTS citext SCHEMA public");
        }
    }

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    Connection open(String label) throws Exception {
        Connection c = postgres.connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + label);
            s.execute("SET search_path TO " + label + ", public");
        }
        return c;
    }
}
