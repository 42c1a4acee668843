package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

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

    @org.junit.jupiter.api.Test
    void deployCreatesTheSchemaTheUrlNamesAndTheFilesDoNotNameIt() throws Exception {
        write(V1, "init");
        assertThat(directory().folders().get(0).sql()).doesNotContain("CREATE SCHEMA");
        target = DatabaseTarget.parse(database.url() + "?schema=crm", Path.of("."));
        deploy();
        assertThat(count("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'crm' AND tablename = 'Contact'")).isEqualTo(1);
        assertThat(status().upToDate()).isTrue();
    }
}
