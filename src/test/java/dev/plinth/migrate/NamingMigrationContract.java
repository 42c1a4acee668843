package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Switching {@code naming} on a database that holds rows: the plan renames tables and columns (never a drop
 * and a create), {@code --dry-run}'s script shows the renames, every row is kept, and a second run plans
 * nothing; and back again. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class NamingMigrationContract {

    /** A camelCase schema with a two-word model, a foreign key, indexes, a unique and autoincrement keys. */
    static final String MODELS = """
            model Company {
              id        Int           @id @default(autoincrement())
              name      String        @unique
              createdAt DateTime      @default(now())
              bookings  RoomBooking[]
            }

            model RoomBooking {
              id          Int      @id @default(autoincrement())
              displayName String
              companyId   Int
              company     Company  @relation(fields: [companyId], references: [id])
              startsAt    DateTime
              seatCount   Int?
              legacyNote  String?  @map("note")

              @@unique([companyId, displayName])
              @@index([startsAt])
            }

            model Keep {
              id       Int    @id
              someName String

              @@naming("exact")
            }
            """;

    abstract Connection openFreshDatabase() throws SQLException;

    abstract DatabaseKind kind();

    Connection connection;
    Migrator migrator;

    String schema(String settings) {
        String provider = kind() == DatabaseKind.POSTGRESQL ? "postgresql" : "sqlite";
        return "datasource db {\n  provider = \"" + provider + "\"\n  url = \"file:./x.db\"\n}\n\ngenerator plinth {\n  provider = \"plinth\"\n  "
                + settings + "\n}\n\n" + MODELS;
    }

    Schema load(String text) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        assertThat(result.errors()).isEmpty();
        return result.schema().orElseThrow();
    }

    MigrationPlan migrate(String settings) throws Exception {
        MigrationPlan plan = migrator.plan(load(schema(settings)), connection);
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(schema(settings)), connection).steps()).as("second run of " + settings).isEmpty();
        return plan;
    }

    @BeforeEach
    void exactSchemaWithRows() throws Exception {
        connection = openFreshDatabase();
        migrator = new Migrator(kind().dialect());
        migrate("");
        execute("INSERT INTO \"Company\" (\"name\") VALUES ('Acme'), ('Globex')");
        execute("INSERT INTO \"RoomBooking\" (\"displayName\", \"companyId\", \"startsAt\", \"seatCount\", \"note\") VALUES "
                + "('Standup', 1, '2026-01-01 09:00:00', 4, 'daily'), ('Review', 2, '2026-01-02 10:00:00', NULL, NULL)");
        execute("INSERT INTO \"Keep\" (\"id\", \"someName\") VALUES (1, 'kept')");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void switchingToSnakeCaseRenamesAndKeepsEveryRow() throws Exception {
        MigrationPlan plan = migrator.plan(load(schema("naming = \"snake_case\"")), connection);
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        assertThat(plan.steps()).extracting(MigrationStep::action).doesNotContain(MigrationStep.Action.DROP_TABLE,
                MigrationStep.Action.CREATE_TABLE, MigrationStep.Action.DROP_COLUMN, MigrationStep.Action.ADD_COLUMN);
        // SQLite keeps a foreign key's name inside CREATE TABLE: the renamed table is rebuilt (rows copied) only to
        // give its foreign key Prisma's name on the new names, never for a column
        assertThat(plan.steps()).filteredOn(s -> s.action() == MigrationStep.Action.REBUILD_TABLE)
                .allSatisfy(s -> assertThat(s.description()).isEqualTo("rebuild table \"room_booking\" (2 rows): change the foreign keys"));
        assertThat(plan.script()).contains("rename table \"Company\" to \"company\"",
                "rename table \"RoomBooking\" to \"room_booking\" (2 rows kept)",
                "rename column \"displayName\" of \"room_booking\" to \"display_name\"",
                "rename column \"companyId\" of \"room_booking\" to \"company_id\"",
                "rename column \"createdAt\" of \"company\" to \"created_at\"",
                "ALTER TABLE \"room_booking\" RENAME COLUMN \"startsAt\" TO \"starts_at\"")
                .doesNotContain("\"note\" to", "\"Keep\" to", "\"someName\" to");
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(schema("naming = \"snake_case\"")), connection).steps()).isEmpty();
        assertThat(rows("SELECT display_name, company_id, seat_count, note FROM room_booking ORDER BY id"))
                .containsExactly("Standup|1|4|daily", "Review|2|null|null");
        assertThat(rows("SELECT name FROM company ORDER BY id")).containsExactly("Acme", "Globex");
        assertThat(rows("SELECT \"someName\" FROM \"Keep\"")).containsExactly("kept");
        // the foreign key and the keys still hold, and new rows get the next key
        execute("INSERT INTO room_booking (display_name, company_id, starts_at) VALUES ('Retro', 1, '2026-01-03 11:00:00')");
        assertThat(rows("SELECT id FROM room_booking WHERE display_name = 'Retro'")).containsExactly("3");
        assertThat(fails("INSERT INTO room_booking (display_name, company_id, starts_at) VALUES ('X', 99, '2026-01-03 11:00:00')"))
                .isTrue();
        assertThat(fails("INSERT INTO room_booking (display_name, company_id, starts_at) VALUES ('Retro', 1, '2026-01-03 11:00:00')"))
                .isTrue();
    }

    @Test
    void pluralsThenBackToExactAreRenamesToo() throws Exception {
        migrate("naming = \"snake_case\"");
        MigrationPlan plurals = migrate("naming = \"snake_case\"\n  table_plurals = true");
        assertThat(plurals.hasDestructiveSteps()).isFalse();
        assertThat(plurals.script()).contains("rename table \"company\" to \"companies\"",
                "rename table \"room_booking\" to \"room_bookings\"");
        assertThat(rows("SELECT display_name FROM room_bookings ORDER BY id")).containsExactly("Standup", "Review");
        MigrationPlan back = migrate("");
        assertThat(back.hasDestructiveSteps()).isFalse();
        assertThat(back.steps()).extracting(MigrationStep::action).doesNotContain(MigrationStep.Action.DROP_TABLE,
                MigrationStep.Action.CREATE_TABLE, MigrationStep.Action.DROP_COLUMN, MigrationStep.Action.ADD_COLUMN);
        assertThat(rows("SELECT \"displayName\", \"seatCount\" FROM \"RoomBooking\" ORDER BY \"id\""))
                .containsExactly("Standup|4", "Review|null");
        assertThat(rows("SELECT \"name\" FROM \"Company\" ORDER BY \"id\"")).containsExactly("Acme", "Globex");
    }

    @Test
    void aTableUnderTheEarlierPluralOfAnOWordIsRenamed() throws Exception {
        // table_plurals named a Memo's table memoes (evo-inflector's -oes) before -o words took -s
        String memo = "\nmodel Memo {\n  id   Int    @id\n  text String\n}\n";
        String settings = "naming = \"snake_case\"\n  table_plurals = true";
        migrator.apply(migrator.plan(load(schema(settings) + memo), connection), connection, false, MigrationListener.NONE);
        assertThat(rows("SELECT count(*) FROM memos")).containsExactly("0");
        execute("ALTER TABLE memos RENAME TO memoes");
        execute("INSERT INTO memoes (id, text) VALUES (1, 'kept')");
        MigrationPlan plan = migrator.plan(load(schema(settings) + memo), connection);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(plan.script()).contains("rename table \"memoes\" to \"memos\"");
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(rows("SELECT text FROM memos")).containsExactly("kept");
    }

    @Test
    void aTableOnlyRenamedInCaseIsRenamed() throws Exception {
        // Keep → keep: SQLite compares table names without case, so the rename goes through another name
        String lower = MODELS.replace("  @@naming(\"exact\")\n", "  @@naming(\"snake_case\")\n");
        String text = schema("").replace(MODELS, lower);
        MigrationPlan plan = migrator.plan(load(text), connection);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(plan.script()).contains("rename table \"Keep\" to \"keep\"", "rename column \"someName\" of \"keep\" to \"some_name\"");
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(rows("SELECT some_name FROM keep")).containsExactly("kept");
        assertThat(migrator.plan(load(text), connection).steps()).isEmpty();
    }

    @Test
    void aFullTextIndexFollowsTheRenamedTable() throws Exception {
        String indexed = MODELS.replace("  @@index([startsAt])\n", "  @@index([startsAt])\n  @@fulltext([displayName])\n");
        String exact = schema("").replace(MODELS, indexed);
        migrator.apply(migrator.plan(load(exact), connection), connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(exact), connection).steps()).isEmpty();
        String snake = schema("naming = \"snake_case\"").replace(MODELS, indexed);
        MigrationPlan plan = migrator.plan(load(snake), connection);
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(snake), connection).steps()).as("second run").isEmpty();
        assertThat(rows("SELECT display_name FROM room_booking ORDER BY id")).containsExactly("Standup", "Review");
    }

    void execute(String sql) throws SQLException {
        SqlRows.execute(connection, sql);
    }

    boolean fails(String sql) {
        return SqlRows.fails(connection, sql);
    }

    List<String> rows(String sql) throws SQLException {
        return SqlRows.rows(connection, sql);
    }
}
