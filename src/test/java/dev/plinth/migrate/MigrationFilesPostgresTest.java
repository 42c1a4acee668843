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

    @org.junit.jupiter.api.Test
    void filesReplayWhenAnExtensionTheyUseIsInstalledInTheUrlsSchema() throws Exception {
        // deploy with ?schema=app installs citext into app; the scratch schema of the next diff and of status
        // must still find its type (an extension is installed once per database, so the replay does not install it).
        target = DatabaseTarget.parse(database.url() + "?schema=app", Path.of("."));
        String v1 = """
                model Member {
                  id    Int    @id @default(autoincrement())
                  email String @db.Citext
                }
                """;
        write(v1, "init");
        deploy();
        assertThat(count("SELECT COUNT(*) FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                + " WHERE e.extname = 'citext' AND n.nspname = 'app'")).isEqualTo(1);
        MigrationFolder second = write(v1.replace("  email String @db.Citext\n", "  email String @db.Citext\n  alias String? @db.Citext\n"), "alias");
        assertThat(second.sql()).contains("ADD COLUMN \"alias\" CITEXT");
        assertThat(status().drift()).isEmpty();
        deploy();
        assertThat(status().upToDate()).isTrue();
    }
}
