package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Migration file commands on PostgreSQL (each test its own database; failing, not skipping, when PostgreSQL is missing). */
class MigrationFilesCommandPostgresTest extends MigrationFilesCommandContract {

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
    String databaseUrl() {
        return database.url();
    }
}
