package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.sql.Connection;
import java.sql.SQLException;

/** {@code plinth serve} with renames on PostgreSQL (a fresh database per test). */
class ServeRenamePostgresTest extends ServeRenameContract {

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
