package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SQLite's table rebuild (https://www.sqlite.org/lang_altertable.html#otheralter): rows, triggers and
 * views survive it, foreign keys are checked before commit, and the connection's foreign-key
 * enforcement is restored afterwards.
 */
class SqliteRebuildTest {

    private static final String BASE = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }

            model Author {
              id    BigInt @id @default(autoincrement())
              name  String
            }

            model Book {
              id       Int     @id @default(autoincrement())
              title    String
              authorId BigInt?
              pages    Int?
            }
            """;

    private Connection connection;
    private final Migrator migrator = new Migrator(DatabaseKind.SQLITE.dialect());

    @BeforeEach
    void migrateBase() throws Exception {
        connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        execute("PRAGMA foreign_keys = ON");
        migrator.migrate(schema(BASE), connection, false, MigrationListener.NONE);
        execute("INSERT INTO \"Author\" (\"name\") VALUES ('Le Guin'), ('Borges')");
        execute("INSERT INTO \"Book\" (\"title\", \"authorId\", \"pages\") VALUES ('Earthsea', 1, 200), ('Ficciones', 2, NULL)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void rowsTriggersAndViewsSurviveARebuild() throws Exception {
        execute("CREATE TABLE audit (title TEXT)");
        execute("CREATE TRIGGER book_insert AFTER INSERT ON \"Book\" BEGIN INSERT INTO audit VALUES (new.\"title\"); END");
        execute("CREATE VIEW long_books AS SELECT \"title\" FROM \"Book\" WHERE \"pages\" > 100");
        String text = BASE.replace("  pages    Int?\n", "  pages    Int     @default(0)\n");
        MigrationPlan plan = migrator.plan(schema(text), connection);
        assertThat(plan.steps()).singleElement().satisfies(s -> assertThat(s.action()).isEqualTo(MigrationStep.Action.REBUILD_TABLE));
        migrator.apply(plan, connection, true, MigrationListener.NONE);

        assertThat(strings("SELECT \"title\" || ':' || \"pages\" FROM \"Book\" ORDER BY \"id\"")).containsExactly("Earthsea:200", "Ficciones:0");
        execute("INSERT INTO \"Book\" (\"title\") VALUES ('Dune')");
        assertThat(strings("SELECT title FROM audit")).containsExactly("Dune");
        assertThat(strings("SELECT title FROM long_books")).containsExactly("Earthsea");
        assertThat(strings("PRAGMA foreign_keys")).containsExactly("1");
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    @Test
    void aForeignKeyOverDanglingRowsFailsTheCheckAndChangesNothing() throws Exception {
        execute("PRAGMA foreign_keys = OFF");
        execute("INSERT INTO \"Book\" (\"title\", \"authorId\") VALUES ('Orphan', 99)");
        execute("PRAGMA foreign_keys = ON");
        String text = BASE.replace("  name  String\n", "  name  String\n  books Book[]\n")
                .replace("  authorId BigInt?\n", "  authorId BigInt?\n  author   Author? @relation(fields: [authorId], references: [id])\n");
        Snapshot before = Introspector.of(DatabaseKind.SQLITE).introspect(connection);
        MigrationPlan plan = migrator.plan(schema(text), connection);
        assertThatThrownBy(() -> migrator.apply(plan, connection, true, MigrationListener.NONE))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("reference missing rows")
                .hasMessageContaining("nothing was changed");
        assertThat(Introspector.of(DatabaseKind.SQLITE).introspect(connection)).isEqualTo(before);
        assertThat(strings("SELECT count(*) FROM \"Book\"")).containsExactly("3");
        assertThat(strings("PRAGMA foreign_keys")).containsExactly("1");

        execute("DELETE FROM \"Book\" WHERE \"authorId\" = 99");
        migrator.migrate(schema(text), connection, false, MigrationListener.NONE);
        assertThat(Introspector.of(DatabaseKind.SQLITE).introspect(connection).table("Book").orElseThrow().foreignKeys())
                .singleElement().satisfies(fk -> assertThat(fk.name()).contains("Book_authorId_fkey"));
    }

    @Test
    void aBigIntAutoincrementKeyIsSqlitesIntegerRowidAlias() throws Exception {
        Snapshot snapshot = Introspector.of(DatabaseKind.SQLITE).introspect(connection);
        assertThat(snapshot.table("Author").orElseThrow().column("id")).get()
                .satisfies(c -> {
                    assertThat(c.type()).isEqualTo("INTEGER");
                    assertThat(c.autoincrement()).isTrue();
                });
        assertThat(strings("SELECT \"id\" FROM \"Author\" ORDER BY \"id\"")).containsExactly("1", "2");
    }

    private static Schema schema(String text) {
        return SchemaLoader.parse("schema.prisma", text).schema().orElseThrow();
    }

    private List<String> strings(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
