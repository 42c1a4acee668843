package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema evolution specification on PostgreSQL (one database for the class, a fresh schema per test). */
class PostgresMigrationEvolutionTest extends MigrationEvolutionTest {

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
        String schema = "evolution_" + SCHEMAS.incrementAndGet();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
        }
        return c;
    }

    @Test
    void aUniqueConstraintMadeByAnotherToolIsDroppedAsAConstraint() throws Exception {
        execute("ALTER TABLE \"Contact\" ADD CONSTRAINT \"Contact_legacy_key\" UNIQUE (\"email\")");
        MigrationPlan plan = migrator.plan(load(BASE), connection);
        assertThat(plan.steps()).singleElement().satisfies(s ->
                assertThat(s.sql()).containsExactly("ALTER TABLE \"Contact\" DROP CONSTRAINT \"Contact_legacy_key\""));
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(BASE), connection).steps()).isEmpty();
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
