package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renames asked for ({@code --rename}, {@code /// @plinth.renamedFrom}) on a database holding 150 rows: the plan
 * renames instead of dropping and adding, every value stays, the index, the foreign key, the full-text index and
 * the CHECK constraint keep working under the new names, and a second run plans nothing. A drop and add of the
 * same type without a rename is hinted, never acted on. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class RenameMigrationContract {

    static final String BEFORE = """
            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              contacts Contact[]
            }

            model Contact {
              id        Int     @id @default(autoincrement())
              name      String
              phone     String
              score     Int
              companyId Int
              company   Company @relation(fields: [companyId], references: [id])

              @@index([phone])
              @@fulltext([name, phone])
              @@check(score >= 0, name: "score_positive")
            }
            """;

    /** The field phone renamed to mobile: the index, the full-text index and nothing else follow. */
    static final String FIELD_RENAMED = BEFORE.replace("phone     String", "mobile    String")
            .replace("@@index([phone])", "@@index([mobile])").replace("@@fulltext([name, phone])", "@@fulltext([name, mobile])");

    /** The model Contact renamed to Person (with its relation field on Company). */
    static final String MODEL_RENAMED = BEFORE.replace("model Contact {", "model Person {")
            .replace("contacts Contact[]", "contacts Person[]");

    abstract Connection openFreshDatabase() throws SQLException;

    abstract DatabaseKind kind();

    Connection connection;

    String schema(String models) {
        String provider = kind() == DatabaseKind.POSTGRESQL ? "postgresql" : "sqlite";
        return "datasource db {\n  provider = \"" + provider + "\"\n  url = \"file:./x.db\"\n}\n\n" + models;
    }

    Schema load(String models) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", schema(models));
        assertThat(result.errors()).isEmpty();
        return result.schema().orElseThrow();
    }

    Migrator migrator(String... renames) {
        return new Migrator(kind().dialect(), new MigrationOptions(ExplicitRenames.parse(List.of(renames)), false));
    }

    /** Applies a schema (not forced) and checks that a second run of the same plans nothing. */
    MigrationPlan migrate(String models, String... renames) throws Exception {
        Migrator migrator = migrator(renames);
        MigrationPlan plan = migrator.plan(load(models), connection);
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(models), connection).steps()).as("second run").isEmpty();
        return plan;
    }

    @BeforeEach
    void contactsWith150Rows() throws Exception {
        connection = openFreshDatabase();
        migrate(BEFORE);
        execute("INSERT INTO \"Company\" (\"name\") VALUES ('Acme'), ('Globex')");
        try (PreparedStatement ps = connection.prepareStatement(
                "INSERT INTO \"Contact\" (\"name\", \"phone\", \"score\", \"companyId\") VALUES (?, ?, ?, ?)")) {
            for (int i = 1; i <= 150; i++) {
                ps.setString(1, "contact " + i);
                ps.setString(2, "+44 20 7946 " + String.format("%04d", i));
                ps.setInt(3, i);
                ps.setInt(4, 1 + i % 2);
                ps.executeUpdate();
            }
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void aFieldRenameKeepsEveryValueAndWhatIsAttached() throws Exception {
        MigrationPlan plan = migrate(FIELD_RENAMED, "Contact.phone=mobile");
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        assertThat(plan.steps()).extracting(MigrationStep::action)
                .doesNotContain(MigrationStep.Action.DROP_COLUMN, MigrationStep.Action.ADD_COLUMN, MigrationStep.Action.REBUILD_TABLE);
        assertThat(plan.script()).contains("ALTER TABLE \"Contact\" RENAME COLUMN \"phone\" TO \"mobile\"");
        assertThat(rows("SELECT \"mobile\" FROM \"Contact\" ORDER BY \"id\"")).hasSize(150)
                .startsWith("+44 20 7946 0001").endsWith("+44 20 7946 0150");
        attachedStillWork("Contact", "mobile");
    }

    @Test
    void theSchemaMarkerRenamesAFieldAndIsInertOnceRenamed() throws Exception {
        String marked = FIELD_RENAMED.replace("  mobile    String", "  /// The number to call.\n  /// @plinth.renamedFrom(\"phone\")\n  mobile    String");
        MigrationPlan plan = migrate(marked);
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        assertThat(plan.script()).contains("RENAME COLUMN \"phone\" TO \"mobile\"");
        assertThat(rows("SELECT count(*) FROM \"Contact\" WHERE \"mobile\" LIKE '+44%'")).containsExactly("150");
        // on a new database the marker changes nothing: the column is simply created under its new name
        try (Connection fresh = openFreshDatabase()) {
            Migrator migrator = migrator();
            MigrationPlan created = migrator.plan(load(marked), fresh);
            assertThat(created.script()).doesNotContain("RENAME");
            migrator.apply(created, fresh, false, MigrationListener.NONE);
            assertThat(migrator.plan(load(marked), fresh).steps()).isEmpty();
        }
    }

    @Test
    void aModelRenameKeepsEveryRowAndWhatIsAttached() throws Exception {
        MigrationPlan plan = migrate(MODEL_RENAMED, "Contact=Person");
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        assertThat(plan.steps()).extracting(MigrationStep::action)
                .doesNotContain(MigrationStep.Action.DROP_TABLE, MigrationStep.Action.CREATE_TABLE);
        assertThat(plan.script()).contains("rename table \"Contact\" to \"Person\" (150 rows kept)");
        assertThat(rows("SELECT \"phone\" FROM \"Person\" ORDER BY \"id\"")).hasSize(150).startsWith("+44 20 7946 0001");
        assertThat(rows("SELECT count(*) FROM \"Person\" WHERE \"companyId\" = 2")).containsExactly("75");
        attachedStillWork("Person", "phone");
    }

    @Test
    void theSchemaMarkerRenamesAModel() throws Exception {
        String marked = MODEL_RENAMED.replace("model Person {", "/// @plinth.renamedFrom(\"Contact\")\nmodel Person {");
        MigrationPlan plan = migrate(marked);
        assertThat(plan.script()).contains("rename table \"Contact\" to \"Person\"");
        assertThat(rows("SELECT count(*) FROM \"Person\"")).containsExactly("150");
    }

    @Test
    void namesComeFromTheSchemaThroughMapAndMap() throws Exception {
        // the model Person maps to the table "people", its field mobile to the column "mobile_number"
        String mapped = MODEL_RENAMED.replace("  phone     String", "  mobile    String @map(\"mobile_number\")")
                .replace("@@index([phone])", "@@index([mobile])").replace("@@fulltext([name, phone])", "@@fulltext([name, mobile])")
                .replace("  @@check(score >= 0, name: \"score_positive\")\n", "  @@check(score >= 0, name: \"score_positive\")\n  @@map(\"people\")\n");
        MigrationPlan plan = migrate(mapped, "Contact=Person", "Person.phone=mobile");
        assertThat(plan.hasDestructiveSteps()).as(plan.script()).isFalse();
        assertThat(plan.script()).contains("ALTER TABLE \"people\" RENAME COLUMN \"phone\" TO \"mobile_number\"",
                "rename table \"Contact\" to \"people\" (150 rows kept)");
        assertThat(rows("SELECT \"mobile_number\" FROM \"people\" ORDER BY \"id\"")).hasSize(150).startsWith("+44 20 7946 0001");
        attachedStillWork("people", "mobile_number");
    }

    @Test
    void aRenameWithATypeChangeRenamesThenAlters() throws Exception {
        // phone (text) → mobile (text, optional): rename first, then the change on the new name
        String changed = FIELD_RENAMED.replace("mobile    String", "mobile    String?");
        MigrationPlan plan = migrate(changed, "Contact.phone=mobile");
        List<MigrationStep.Action> actions = plan.steps().stream().map(MigrationStep::action).toList();
        assertThat(actions).contains(MigrationStep.Action.RENAME_COLUMN);
        MigrationStep.Action alter = kind() == DatabaseKind.SQLITE ? MigrationStep.Action.REBUILD_TABLE : MigrationStep.Action.ALTER_COLUMN;
        assertThat(actions.indexOf(MigrationStep.Action.RENAME_COLUMN)).isLessThan(actions.indexOf(alter));
        assertThat(rows("SELECT count(\"mobile\") FROM \"Contact\"")).containsExactly("150");
        execute("INSERT INTO \"Contact\" (\"name\", \"score\", \"companyId\") VALUES ('no number', 1, 1)");
        attachedStillWork("Contact", "mobile");
    }

    @Test
    void aDropAndAddOfTheSameTypeIsHintedNotRenamed() throws Exception {
        MigrationPlan plan = migrator().plan(load(FIELD_RENAMED), connection);
        assertThat(plan.hasDestructiveSteps()).isTrue();
        assertThat(plan.renameHints()).extracting(RenameHint::rename).containsExactly("Contact.phone=mobile");
        assertThat(plan.renameHints().getFirst().message()).startsWith("this looks like a rename: run with --rename Contact.phone=mobile");
        assertThatThrownBy(() -> migrator().apply(plan, connection, false, MigrationListener.NONE))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("this looks like a rename: run with --rename Contact.phone=mobile");
        MigrationPlan table = migrator().plan(load(MODEL_RENAMED), connection);
        assertThat(table.renameHints()).extracting(RenameHint::rename).containsExactly("Contact=Person");
        assertThat(rows("SELECT count(*) FROM \"Contact\"")).containsExactly("150");
    }

    @Test
    void aRenameOfSomethingTheDatabaseLacksIsAnError() throws Exception {
        assertThatThrownBy(() -> migrator("Contact.fax=mobile").plan(load(FIELD_RENAMED), connection))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rename Contact.fax=mobile: the database has no column of table Contact named fax");
        assertThatThrownBy(() -> new ExplicitRenames(List.of(RenameRequest.parse("Contact.phone=mobile"))).check(load(BEFORE)))
                .hasMessageContaining("the model Contact has no field mobile");
        assertThatThrownBy(() -> new ExplicitRenames(List.of(RenameRequest.parse("Contact=Company"))).check(load(BEFORE)))
                .hasMessageContaining("Contact is still a model in the schema");
        assertThatThrownBy(() -> new ExplicitRenames(List.of(RenameRequest.parse("Nobody.a=b"))).check(load(BEFORE)))
                .hasMessageContaining("the schema has no model Nobody (its models: Company, Contact)");
    }

    /**
     * The index on the renamed column is used by name, the foreign key still refuses a missing company, the
     * full-text index finds a row by the renamed column, and the CHECK still refuses a negative score.
     */
    void attachedStillWork(String table, String column) throws Exception {
        String t = "\"" + table + "\"";
        assertThat(indexColumns(table)).contains(column);
        assertThat(fails("INSERT INTO " + t + " (\"name\", \"" + column + "\", \"score\", \"companyId\") VALUES ('x', 'y', 1, 99)"))
                .as("foreign key").isTrue();
        assertThat(fails("INSERT INTO " + t + " (\"name\", \"" + column + "\", \"score\", \"companyId\") VALUES ('x', 'y', -1, 1)"))
                .as("CHECK").isTrue();
        execute("INSERT INTO " + t + " (\"name\", \"" + column + "\", \"score\", \"companyId\") VALUES ('searchable', 'zz-9876', 1, 1)");
        String search = kind() == DatabaseKind.SQLITE
                ? "SELECT count(*) FROM \"" + table + "_fts\" WHERE \"" + table + "_fts\" MATCH '\"zz\" AND \"9876\"'"
                : "SELECT count(*) FROM " + t + " WHERE " + dev.plinth.sql.FullTextIndex.postgresVector(List.of("\"name\"", "\"" + column + "\""))
                + " @@ websearch_to_tsquery('simple', 'zz 9876')";
        if (kind() == DatabaseKind.POSTGRESQL) {
            assertThat(rows("SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                    + " WHERE c.relname = '" + table + "' AND c.relnamespace = current_schema()::regnamespace AND i.indisvalid"))
                    .as("the GIN index names the renamed column").anyMatch(d -> d.contains("USING gin") && d.contains(column));
        }
        assertThat(rows(search)).as("full-text search on the renamed column").containsExactly("1");
        assertThat(rows(kind() == DatabaseKind.SQLITE
                ? "SELECT count(*) FROM \"" + table + "_fts\" WHERE \"" + table + "_fts\" MATCH '\"7946\" AND \"0042\"'"
                : "SELECT count(*) FROM " + t + " WHERE \"" + column + "\" = '+44 20 7946 0042'")).as("old rows indexed").containsExactly("1");
    }

    List<String> indexColumns(String table) throws SQLException {
        String sql = kind() == DatabaseKind.SQLITE
                ? "SELECT ii.name FROM sqlite_master m, pragma_index_info(m.name) ii WHERE m.type = 'index' AND m.tbl_name = '" + table + "'"
                : "SELECT a.attname FROM pg_index ix JOIN pg_class c ON c.oid = ix.indrelid JOIN pg_attribute a ON a.attrelid = c.oid"
                + " AND a.attnum = ANY(ix.indkey) WHERE c.relname = '" + table + "' AND c.relnamespace = current_schema()::regnamespace";
        return rows(sql);
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
