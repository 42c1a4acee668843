package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Progress of long steps on PostgreSQL (one database for the class, a fresh schema per test), and an index build
 * watched through {@code pg_stat_progress_create_index}.
 */
class LongOperationPostgresTest extends LongOperationContract {

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
        return database.connectToFreshSchema("long");
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Test
    void anIndexBuildIsWatchedFromASecondConnection() throws Exception {
        // an expression that sleeps a millisecond per row keeps the table scan of the build running for seconds
        String schema;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT current_schema()")) {
            r.next();
            schema = r.getString(1);
        }
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE FUNCTION slow_id(integer) RETURNS integer IMMUTABLE LANGUAGE plpgsql"
                    + " AS $$ BEGIN PERFORM pg_sleep(0.001); RETURN $1; END $$");
            s.execute("CREATE TABLE slow AS SELECT g AS id FROM generate_series(1, 3000) g");
        }
        MigrationStep step = new MigrationStep(MigrationStep.Action.CREATE_INDEX, "slow", Safety.ADDITIVE, "create index slow_idx",
                java.util.Optional.empty(), java.util.List.of("CREATE INDEX slow_idx ON slow (slow_id(id))"), 3000);
        Heard heard = new Heard();
        StepStatements statements = new StepStatements(kind().dialect(), java.util.Optional.of(() -> {
            Connection c = database.connect();
            try (Statement s = c.createStatement()) {
                s.execute("SET search_path TO " + schema);
            }
            return c;
        }));
        statements.run(connection, step, step.sql().getFirst(), (done, of) -> heard.rowsDone(step, done, of));
        assertThat(heard.reports).as("progress read while the index was built").isNotEmpty();
        assertThat(heard.reports).allSatisfy(r -> assertThat(r[0]).isBetween(0L, r[1]));
        assertThat(heard.reports.getFirst()[1]).isEqualTo(3000);
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM pg_indexes WHERE indexname = 'slow_idx'"
                + " AND schemaname = current_schema()")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(1);
        }
    }
}
