package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;

/** {@code plinth migrate --rename}, hints and {@code --dry-run --json} on PostgreSQL (a fresh database per test). */
class RenameCommandPostgresTest extends RenameCommandContract {

    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    String provider() {
        return "postgresql";
    }

    @Override
    String databaseUrl() {
        return database.url();
    }

    @Override
    Connection connect() throws SQLException {
        return database.connect();
    }
}
