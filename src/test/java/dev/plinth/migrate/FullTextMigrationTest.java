package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @@fulltext} in migrations: adding it to a table with rows is additive and indexes those rows
 * (in batches on SQLite); a second run plans nothing; changing its columns re-creates only the index;
 * removing it drops only the full-text structures and keeps every row; the diff never reports them
 * as unknown tables or indexes.
 */
class FullTextMigrationTest {

    static final String BASE = """
            model Note {
              id    Int     @id @default(autoincrement())
              title String
              body  String?
            }
            """;

    static final String WITH_TITLE = BASE.replace("body  String?\n", "body  String?\n  @@fulltext([title])\n");
    static final String WITH_BOTH = BASE.replace("body  String?\n", "body  String?\n  @@fulltext([title, body])\n");

    static Schema load(String body) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", body);
        return r.schema().orElseThrow(() -> new AssertionError(r.errors()));
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Contract {
        Connection connection;
        Migrator migrator;

        abstract DatabaseKind kind();

        abstract Connection fresh() throws SQLException;

        @org.junit.jupiter.api.BeforeEach
        void open() throws SQLException {
            connection = fresh();
            migrator = new Migrator(kind().dialect());
        }

        @org.junit.jupiter.api.AfterEach
        void closeConnection() throws SQLException {
            connection.close();
        }

        /** Rows matching a word, searched the way the API searches. */
        abstract List<Integer> search(String word) throws SQLException;

        abstract long fullTextObjects() throws SQLException;

        MigrationPlan migrate(String body) throws Exception {
            MigrationPlan plan = migrator.plan(load(body), connection);
            migrator.apply(plan, connection, false, MigrationListener.NONE);
            return plan;
        }

        void execute(String sql) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }

        long count(String sql) throws SQLException {
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
                r.next();
                return r.getLong(1);
            }
        }

        @Test
        void addingIndexesExistingRowsAndTheSecondRunPlansNothing() throws Exception {
            migrate(BASE);
            execute("INSERT INTO \"Note\" (\"title\", \"body\") VALUES ('Quarterly report', 'numbers'), ('Shopping list', 'milk report'), ('Diary', NULL)");
            MigrationPlan plan = migrate(WITH_TITLE);
            assertThat(plan.steps()).isNotEmpty().allMatch(s -> !s.destructive());
            assertThat(plan.unknownTables()).isEmpty();
            assertThat(search("report")).containsExactly(1);
            assertThat(migrator.plan(load(WITH_TITLE), connection).steps()).as("second run").isEmpty();

            execute("INSERT INTO \"Note\" (\"title\") VALUES ('Report draft')");
            execute("UPDATE \"Note\" SET \"title\" = 'Annual report' WHERE \"id\" = 3");
            execute("DELETE FROM \"Note\" WHERE \"id\" = 1");
            assertThat(search("report")).containsExactlyInAnyOrder(3, 4);

            MigrationPlan widened = migrate(WITH_BOTH);
            assertThat(widened.steps()).allMatch(s -> !s.destructive());
            assertThat(search("milk")).containsExactly(2);
            assertThat(search("report")).containsExactlyInAnyOrder(2, 3, 4);
            assertThat(migrator.plan(load(WITH_BOTH), connection).steps()).as("second run").isEmpty();

            MigrationPlan removed = migrate(BASE);
            assertThat(removed.steps()).isNotEmpty().allMatch(s -> !s.destructive()
                    && s.action() == MigrationStep.Action.DROP_INDEX);
            assertThat(fullTextObjects()).isZero();
            assertThat(count("SELECT count(*) FROM \"Note\"")).isEqualTo(3);
            assertThat(migrator.plan(load(BASE), connection).steps()).as("second run").isEmpty();
        }

        @Test
        void aKeyChangedByAnyWriterMovesItsIndexEntry() throws Exception {
            migrate(WITH_TITLE);
            execute("INSERT INTO \"Note\" (\"title\") VALUES ('Quarterly report'), ('Diary')");
            // another writer (plain SQL) changes a key: the entry must follow the row
            execute("UPDATE \"Note\" SET \"id\" = 999 WHERE \"id\" = 1");
            assertThat(search("report")).containsExactly(999);
            execute("UPDATE \"Note\" SET \"title\" = 'Annual summary' WHERE \"id\" = 999");
            assertThat(search("report")).isEmpty();
            assertThat(search("summary")).containsExactly(999);
            execute("DELETE FROM \"Note\" WHERE \"id\" = 999");
            assertThat(search("summary")).isEmpty();
            assertThat(search("diary")).containsExactly(2);
            assertIndexIntact();
        }

        /** Asserts that the full-text structure agrees with the table (SQLite's FTS5 integrity check). */
        void assertIndexIntact() throws SQLException {
        }

        @Test
        void aNewTableAndColumnGetTheirIndexInOnePlan() throws Exception {
            migrate("""
                    model Other {
                      id Int @id
                    }
                    """);
            String both = WITH_BOTH + "\nmodel Other {\n  id Int @id\n}\n";
            MigrationPlan plan = migrate(both);
            assertThat(plan.steps()).allMatch(s -> !s.destructive());
            execute("INSERT INTO \"Note\" (\"title\", \"body\") VALUES ('Hello', 'world')");
            assertThat(search("world")).containsExactly(1);
            assertThat(migrator.plan(load(both), connection).steps()).isEmpty();
        }

        @Test
        void modelRemovedWithItsIndexLeavesNothingBehind() throws Exception {
            migrate(WITH_TITLE + "\nmodel Keep {\n  id Int @id\n}\n");
            MigrationPlan plan = migrator.plan(load("model Keep {\n  id Int @id\n}\n"), connection);
            migrator.apply(plan, connection, true, MigrationListener.NONE);
            assertThat(fullTextObjects()).isZero();
            assertThat(migrator.plan(load("model Keep {\n  id Int @id\n}\n"), connection).steps()).isEmpty();
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @Override
        Connection fresh() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite::memory:");
        }

        @Override
        DatabaseKind kind() {
            return DatabaseKind.SQLITE;
        }

        @Override
        List<Integer> search(String word) throws SQLException {
            List<Integer> out = new ArrayList<>();
            try (PreparedStatement ps = connection.prepareStatement("SELECT rowid FROM \"Note_fts\" WHERE \"Note_fts\" MATCH ?")) {
                ps.setString(1, "\"" + word + "\"");
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getInt(1));
                    }
                }
            }
            return out;
        }

        @Override
        long fullTextObjects() throws SQLException {
            return count("SELECT count(*) FROM sqlite_master WHERE name LIKE 'Note_fts%'");
        }

        @Test
        void aTableRebuildKeepsTheIndexInStep() throws Exception {
            String text = """
                    model Doc {
                      key   String @id
                      title String
                      note  String?
                      @@fulltext([title])
                    }
                    """;
            migrate(text);
            execute("INSERT INTO \"Doc\" (\"key\", \"title\", \"note\") VALUES ('b', 'beta report', 'x'), ('a', 'alpha memo', NULL), ('c', 'gamma report', 'y')");
            execute("DELETE FROM \"Doc\" WHERE \"key\" = 'b'");
            // Making a column required (forced: one row holds NULL) is a rebuild on SQLite: rowids of a text-keyed table may change.
            MigrationPlan plan = migrator.plan(load(text.replace("note  String?", "note  String @default(\"-\")")), connection);
            migrator.apply(plan, connection, true, MigrationListener.NONE);
            assertThat(plan.steps()).anyMatch(s -> s.action() == MigrationStep.Action.REBUILD_TABLE);
            List<String> found = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT d.\"key\" FROM \"Doc\" d JOIN \"Doc_fts\" f ON f.rowid = d.rowid WHERE \"Doc_fts\" MATCH '\"report\"'")) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
            assertThat(found).containsExactly("c");
            execute("UPDATE \"Doc\" SET \"title\" = 'report again' WHERE \"key\" = 'a'");
            assertThat(count("SELECT count(*) FROM \"Doc_fts\" WHERE \"Doc_fts\" MATCH '\"report\"'")).isEqualTo(2);
            assertThat(migrator.plan(load(text.replace("note  String?", "note  String @default(\"-\")")), connection).steps()).isEmpty();
        }

        @Override
        void assertIndexIntact() throws SQLException {
            // 'integrity-check' fails with SQLITE_CORRUPT_VTAB when the index disagrees with the table
            // (https://www.sqlite.org/fts5.html#the_integrity_check_command); rank = 1 compares the content too
            execute("INSERT INTO \"Note_fts\"(\"Note_fts\", rank) VALUES ('integrity-check', 1)");
        }

        @Test
        void anEarlierUpdateTriggerIsReplacedByAMigration() throws Exception {
            migrate(WITH_TITLE);
            execute("INSERT INTO \"Note\" (\"title\") VALUES ('Quarterly report'), ('Diary')");
            // the update trigger of earlier versions watched only the indexed columns, not the key
            execute("DROP TRIGGER \"Note_fts_au\"");
            execute("CREATE TRIGGER \"Note_fts_au\" AFTER UPDATE OF \"title\" ON \"Note\" BEGIN "
                    + "INSERT INTO \"Note_fts\"(\"Note_fts\", rowid, \"title\") VALUES ('delete', old.rowid, old.\"title\"); "
                    + "INSERT INTO \"Note_fts\"(rowid, \"title\") VALUES (new.rowid, new.\"title\"); END");
            MigrationPlan plan = migrate(WITH_TITLE);
            assertThat(plan.steps()).as("the stale trigger is re-created").isNotEmpty().allMatch(s -> !s.destructive());
            assertThat(migrator.plan(load(WITH_TITLE), connection).steps()).as("second run").isEmpty();
            execute("UPDATE \"Note\" SET \"id\" = 500 WHERE \"id\" = 1");
            assertThat(search("report")).containsExactly(500);
            assertIndexIntact();
        }

        @Test
        void largeTablesAreIndexedInBatchesEachAStep() throws Exception {
            migrate(BASE);
            int rows = FullTextIndexSteps.BATCH_ROWS * 2 + 7;
            execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + rows + ") "
                    + "INSERT INTO \"Note\" (\"title\") SELECT 'note ' || i FROM n");
            MigrationPlan plan = migrate(WITH_TITLE);
            List<MigrationStep> batches = plan.steps().stream().filter(s -> s.description().startsWith("index the existing rows")).toList();
            assertThat(batches).hasSize(3);
            assertThat(batches.stream().mapToLong(MigrationStep::rows).sum()).isEqualTo(rows);
            assertThat(count("SELECT count(*) FROM \"Note_fts\" WHERE \"Note_fts\" MATCH '\"note\"'")).isEqualTo(rows);
        }
    }

    @Nested
    class OnPostgres extends Contract {
        private PostgresTestDatabase database;
        private int schemas;

        @BeforeAll
        void create() {
            database = PostgresTestDatabase.create();
        }

        @AfterAll
        void drop() {
            database.close();
        }

        @Override
        Connection fresh() throws SQLException {
            Connection c = database.connect();
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA fts_" + ++schemas);
                s.execute("SET search_path TO fts_" + schemas);
            }
            return c;
        }

        @Override
        DatabaseKind kind() {
            return DatabaseKind.POSTGRESQL;
        }

        @Override
        List<Integer> search(String word) throws SQLException {
            List<Integer> out = new ArrayList<>();
            boolean both = count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'Note_fts_idx' AND indexdef LIKE '%body%'") > 0;
            String vector = dev.plinth.sql.FullTextIndex.postgresVector(both ? List.of("\"title\"", "\"body\"") : List.of("\"title\""));
            execute("SET enable_seqscan = off");
            try (PreparedStatement ps = connection.prepareStatement("SELECT \"id\" FROM \"Note\" WHERE " + vector
                    + " @@ websearch_to_tsquery('simple', ?)")) {
                ps.setString(1, word);
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getInt(1));
                    }
                }
            }
            return out;
        }

        @Override
        long fullTextObjects() throws SQLException {
            return count("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'Note_fts%'");
        }
    }
}
