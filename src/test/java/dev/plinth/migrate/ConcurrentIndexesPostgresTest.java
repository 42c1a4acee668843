package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code --concurrent-indexes} on PostgreSQL: indexes on existing tables are built with
 * {@code CREATE INDEX CONCURRENTLY} after the transactional steps commit; a failed concurrent build leaves an
 * INVALID index that introspection does not count, and the next run drops it and builds it again. (On SQLite the
 * flag is ignored with a note: {@code RenameCommandSqliteTest}.)
 */
class ConcurrentIndexesPostgresTest {

    private static PostgresTestDatabase database;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();

    static final String BEFORE = """
            model Item {
              id   Int    @id @default(autoincrement())
              code String
              qty  Int
            }
            """;

    Connection connection;
    String schemaName;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    Connection open() throws SQLException {
        Connection c = database.connect();
        try (Statement s = c.createStatement()) {
            s.execute("SET search_path TO " + schemaName);
        }
        return c;
    }

    Migrator migrator(boolean concurrently) {
        return new Migrator(DatabaseKind.POSTGRESQL.dialect(), new MigrationOptions(ExplicitRenames.NONE, concurrently, Optional.of(this::open)));
    }

    static Schema load(String models) {
        SchemaResult result = SchemaLoader.parse("schema.prisma",
                "datasource db {\n  provider = \"postgresql\"\n  url = \"postgresql://x\"\n}\n\n" + models);
        assertThat(result.errors()).isEmpty();
        return result.schema().orElseThrow();
    }

    @BeforeEach
    void itemsWithADuplicateCode() throws Exception {
        schemaName = "concurrent_" + SCHEMAS.incrementAndGet();
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schemaName);
        }
        connection = open();
        Migrator migrator = migrator(false);
        migrator.apply(migrator.plan(load(BEFORE), connection), connection, false, MigrationListener.NONE);
        execute("INSERT INTO \"Item\" (\"code\", \"qty\") SELECT 'c' || g, g % 100 FROM generate_series(1, 2000) g");
        execute("UPDATE \"Item\" SET \"code\" = 'c1' WHERE \"id\" = 2");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void indexesOnExistingTablesAreBuiltConcurrentlyAfterTheTransaction() throws Exception {
        String wanted = BEFORE.replace("  qty  Int\n", "  qty  Int\n  note String?\n\n  @@index([qty])\n")
                + "\nmodel Tag {\n  id   Int    @id\n  name String\n\n  @@index([name])\n}\n";
        MigrationPlan plan = migrator(true).plan(load(wanted), connection);
        MigrationStep last = plan.steps().getLast();
        assertThat(last.action()).isEqualTo(MigrationStep.Action.CREATE_INDEX_CONCURRENTLY);
        assertThat(last.sql().getFirst()).startsWith("CREATE INDEX CONCURRENTLY \"Item_qty_idx\" ON \"Item\"");
        assertThat(plan.steps()).filteredOn(MigrationStep::outsideTransaction).hasSize(1);
        // the new table's index is part of creating it, inside the transaction
        assertThat(plan.script()).doesNotContain("CONCURRENTLY \"Tag_name_idx\"");
        MigrationResult result = migrator(true).migrate(load(wanted), connection, false, MigrationListener.NONE);
        assertThat(result.applied()).hasSize(plan.steps().size());
        assertThat(validity("Item_qty_idx")).containsExactly("true");
        assertThat(migrator(true).plan(load(wanted), connection).steps()).isEmpty();
        // without the flag the same index is built inside the transaction
        assertThat(migrator(false).plan(load(BEFORE.replace("  qty  Int\n", "  qty  Int\n\n  @@index([code])\n")), connection).script())
                .contains("CREATE INDEX \"Item_code_idx\"").doesNotContain("CONCURRENTLY");
    }

    @Test
    void aFailedConcurrentBuildLeavesAnInvalidIndexThatTheNextRunRebuilds() throws Exception {
        String unique = BEFORE.replace("  qty  Int\n", "  qty  Int\n  note String?\n\n  @@unique([code])\n");
        MigrationPlan plan = migrator(true).plan(load(unique), connection);
        assertThat(plan.hasDestructiveSteps()).as("duplicates make the unique index destructive").isTrue();
        assertThatThrownBy(() -> migrator(true).migrate(load(unique), connection, true, MigrationListener.NONE))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("CREATE UNIQUE INDEX CONCURRENTLY")
                .hasMessageContaining("the index is left INVALID and unused, and the next run drops it and builds it again");
        // the transactional steps were committed; the index exists, INVALID
        assertThat(rows("SELECT count(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'Item' AND column_name = 'note'")).containsExactly("1");
        assertThat(validity("Item_code_key")).containsExactly("false");
        assertThat(Introspector.of(DatabaseKind.POSTGRESQL).introspect(connection).table("Item").orElseThrow().index("Item_code_key"))
                .as("introspection does not count an invalid index").isEmpty();

        execute("UPDATE \"Item\" SET \"code\" = 'c2' WHERE \"id\" = 2");
        MigrationPlan rerun = migrator(true).plan(load(unique), connection);
        assertThat(rerun.hasDestructiveSteps()).isFalse();
        assertThat(rerun.steps().getFirst().description()).startsWith("drop the invalid index \"Item_code_key\" of \"Item\"");
        assertThat(rerun.steps().getLast().sql().getFirst()).startsWith("CREATE UNIQUE INDEX CONCURRENTLY \"Item_code_key\"");
        migrator(true).migrate(load(unique), connection, false, MigrationListener.NONE);
        assertThat(validity("Item_code_key")).containsExactly("true");
        assertThat(migrator(true).plan(load(unique), connection).steps()).isEmpty();
        assertThat(fails("INSERT INTO \"Item\" (\"code\", \"qty\") VALUES ('c1', 1)")).isTrue();
    }

    @Test
    void anInvalidIndexIsRebuiltWithoutTheFlagToo() throws Exception {
        String indexed = BEFORE.replace("  qty  Int\n", "  qty  Int\n\n  @@unique([code])\n");
        assertThat(fails("CREATE UNIQUE INDEX CONCURRENTLY \"Item_code_key\" ON \"Item\" (\"code\")")).isTrue();
        execute("UPDATE \"Item\" SET \"code\" = 'c2' WHERE \"id\" = 2");
        MigrationPlan plan = migrator(false).plan(load(indexed), connection);
        assertThat(plan.script()).contains("DROP INDEX \"Item_code_key\"", "CREATE UNIQUE INDEX \"Item_code_key\"");
        migrator(false).apply(plan, connection, false, MigrationListener.NONE);
        assertThat(validity("Item_code_key")).containsExactly("true");
    }

    List<String> validity(String index) throws SQLException {
        return rows("SELECT ix.indisvalid FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid"
                + " WHERE i.relname = '" + index + "' AND i.relnamespace = current_schema()::regnamespace");
    }

    void execute(String sql) throws SQLException {
        SqlRows.execute(connection, sql);
    }

    boolean fails(String sql) {
        return SqlRows.fails(connection, sql);
    }

    List<String> rows(String sql) throws SQLException {
        return SqlRows.rows(connection, sql).stream().map(v -> v.equals("t") ? "true" : v.equals("f") ? "false" : v).toList();
    }
}
