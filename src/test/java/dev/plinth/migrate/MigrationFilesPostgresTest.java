package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;

/** Migration files on PostgreSQL (each test its own database; failing, not skipping, when PostgreSQL is missing). */
class MigrationFilesPostgresTest extends MigrationFilesContract {

    private PostgresTestDatabase database;
    private DatabaseTarget target;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
        target = DatabaseTarget.parse(database.url(), Path.of("."));
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    DatabaseTarget target() {
        return target;
    }
}
