package dev.plinth.migrate;

import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every real schema — whatever its provider (sqlite, postgresql, mysql) — migrates from empty on
 * SQLite and on PostgreSQL, records one history entry, and a second run plans nothing. A schema with
 * Prisma's DDL for a database is run there by {@link PrismaCompatibilityTest}, which checks the same
 * and more; this class runs every other pair (a mysql schema on both, a postgresql schema on SQLite, …).
 */
class RealSchemasMigrateTest {

    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createDatabase() throws SQLException {
        postgres = PostgresTestDatabase.create();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS citext SCHEMA public");
        }
    }

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    static List<String> schemasWithoutSqliteDdl() {
        return RealSchemas.names().stream().filter(n -> !RealSchemas.withDdl("sqlite").contains(n)).toList();
    }

    static List<String> schemasWithoutPostgresDdl() {
        return RealSchemas.names().stream().filter(n -> !RealSchemas.withDdl("postgresql").contains(n)).toList();
    }

    @ParameterizedTest(name = "{0} on SQLite")
    @MethodSource("schemasWithoutSqliteDdl")
    void migratesOnSqlite(String name) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            migrateTwice(name, DatabaseKind.SQLITE, c);
        }
    }

    @ParameterizedTest(name = "{0} on PostgreSQL")
    @MethodSource("schemasWithoutPostgresDdl")
    void migratesOnPostgres(String name) throws Exception {
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            String schema = "s_" + name.replace('-', '_');
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema + ", public");
            migrateTwice(name, DatabaseKind.POSTGRESQL, c);
        }
    }

    private static void migrateTwice(String name, DatabaseKind kind, Connection connection) throws Exception {
        Schema schema = RealSchemas.load(name);
        Migrator migrator = new Migrator(kind.dialect());
        MigrationPlan plan = migrator.plan(schema, connection);
        assertThat(plan.steps()).as("a first run creates tables").isNotEmpty();
        assertThat(plan.hasDestructiveSteps()).isFalse();
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(Introspector.of(kind).introspect(connection).tables()).hasSize(plan.schemaTables().size());
        MigrationPlan second = migrator.plan(schema, connection);
        assertThat(second.steps()).as("second run of " + name).isEmpty();
        assertThat(second.unknownTables()).isEmpty();
        assertThat(migrator.history(connection)).hasSize(1)
                .first().satisfies(e -> assertThat(e.checksum()).isEqualTo(plan.checksum()));
    }
}
