package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
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
 * For every real schema with Prisma's DDL beside it ({@code NAME.sqlite.sql}, {@code NAME.postgresql.sql}):
 * Prisma's script runs into one fresh database, Plinth's migration into another, and their
 * introspected snapshots are the same — tables, columns (type, nullability, default), primary keys,
 * uniques, indexes, foreign keys (name, columns, actions) and enum types. Each difference names the
 * schema, table and object. Then a second Plinth run plans nothing.
 *
 * <p>On PostgreSQL one database serves the class; each schema pair gets two PostgreSQL schemas
 * ({@code prisma_NAME}, {@code plinth_NAME}) selected by {@code search_path}.
 */
class PrismaCompatibilityTest {

    private static PostgresTestDatabase postgres;

    @BeforeAll
    static void createDatabase() throws SQLException {
        postgres = PostgresTestDatabase.create();
        try (Connection c = postgres.connect(); Statement s = c.createStatement()) {
            // rallly's @db.Citext needs the extension; Prisma's script does not create it either.
            s.execute("CREATE EXTENSION IF NOT EXISTS citext SCHEMA public");
        }
    }

    @AfterAll
    static void dropDatabase() {
        postgres.close();
    }

    static List<String> sqliteSchemas() {
        return RealSchemas.withDdl("sqlite");
    }

    static List<String> postgresSchemas() {
        return RealSchemas.withDdl("postgresql");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sqliteSchemas")
    void sqliteDatabaseMatchesPrismas(String name) throws Exception {
        try (Connection prisma = DriverManager.getConnection("jdbc:sqlite::memory:");
             Connection plinth = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            run(prisma, RealSchemas.prismaStatements(name, "sqlite"));
            compareAndRerun(name, DatabaseKind.SQLITE, prisma, plinth);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("postgresSchemas")
    void postgresDatabaseMatchesPrismas(String name) throws Exception {
        String suffix = name.replace('-', '_');
        try (Connection prisma = postgres.connect(); Connection plinth = postgres.connect()) {
            run(prisma, List.of("CREATE SCHEMA prisma_" + suffix, "SET search_path TO prisma_" + suffix + ", public"));
            run(plinth, List.of("CREATE SCHEMA plinth_" + suffix, "SET search_path TO plinth_" + suffix + ", public"));
            run(prisma, RealSchemas.prismaStatements(name, "postgresql").stream()
                    .filter(s -> !s.startsWith("CREATE SCHEMA")).toList());
            compareAndRerun(name, DatabaseKind.POSTGRESQL, prisma, plinth);
        }
    }

    private static void compareAndRerun(String name, DatabaseKind kind, Connection prisma, Connection plinth) throws Exception {
        Migrator migrator = new Migrator(kind.dialect());
        var schema = RealSchemas.load(name);
        MigrationPlan plan = migrator.plan(schema, plinth);
        assertThat(plan.hasDestructiveSteps()).as("a migration from empty is additive").isFalse();
        migrator.apply(plan, plinth, false, MigrationListener.NONE);

        Introspector introspector = Introspector.of(kind);
        Snapshot expected = introspector.introspect(prisma);
        Snapshot actual = introspector.introspect(plinth);
        assertThat(SnapshotComparison.differences(name, expected, actual)).as("differences from Prisma's database").isEmpty();

        MigrationPlan second = migrator.plan(schema, plinth);
        assertThat(second.steps()).as("second run of " + name).isEmpty();
        assertThat(second.unknownTables()).isEmpty();
        assertThat(migrator.history(plinth)).singleElement().satisfies(e -> assertThat(e.checksum()).isEqualTo(plan.checksum()));
        assertThat(migrator.plan(schema, prisma).steps()).as("Prisma's database needs no change").isEmpty();
    }

    /** Runs a script in one transaction (one commit instead of one per statement keeps the test fast). */
    private static void run(Connection connection, List<String> statements) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            connection.commit();
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
