package dev.plinth.cli;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth db inspect} and {@code db pull} on PostgreSQL; fails (never skips) when PostgreSQL does not answer. */
class DbCommandPostgresTest extends DbCommandContract {

    private PostgresTestDatabase database;

    @AfterEach
    void dropDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Override
    String provider() {
        return "postgresql";
    }

    @Override
    String databaseUrl() {
        // Created on first use: the contract's @BeforeEach needs it before any of this class's would run.
        if (database == null) {
            database = PostgresTestDatabase.create();
        }
        return database.url();
    }

    @Test
    void aSchemaTheDatabaseDoesNotHaveIsAnErrorNotAnEmptyDatabase() {
        for (String command : new String[]{"inspect", "pull"}) {
            Run run = run("db", command, "--database-url", databaseUrl() + "?schema=misspelt");
            assertThat(run.exitCode()).as(command).isEqualTo(1);
            assertThat(run.err()).contains("has no schema misspelt", "nothing was read");
            assertThat(run.out()).as(command + " prints nothing").isEmpty();
        }
    }

    @Test
    void anUnreachableServerIsAnError() {
        Run run = run("db", "inspect", "--database-url", "postgresql://nobody@127.0.0.1:1/none");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isNotBlank();
    }
}
