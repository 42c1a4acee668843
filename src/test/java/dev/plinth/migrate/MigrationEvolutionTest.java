package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A schema evolving under a database that holds rows. Additive changes apply without force and keep
 * every row; destructive ones are refused without force — changing nothing and naming what would be
 * lost — and apply with force; a plan that fails halfway leaves the database exactly as it was.
 * Subclasses run it on SQLite and on PostgreSQL.
 */
abstract class MigrationEvolutionTest {

    static final String BASE = """
            model Company {
              id       Int       @id @default(autoincrement())
              name     String
              contacts Contact[]
            }

            model Contact {
              id        Int      @id @default(autoincrement())
              email     String
              name      String?
              age       Int?
              status    String   @default("lead")
              createdAt DateTime @default(now())
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id])
            }
            """;

    /** Opens a connection to a fresh, empty database for one test. */
    abstract Connection openFreshDatabase() throws SQLException;

    abstract DatabaseKind kind();

    Connection connection;
    Migrator migrator;

    @BeforeEach
    void migrateBaseAndInsertRows() throws Exception {
        connection = openFreshDatabase();
        migrator = new Migrator(kind().dialect());
        migrate(BASE, false);
        execute("INSERT INTO \"Company\" (\"name\") VALUES ('Acme'), ('Globex')");
        execute("INSERT INTO \"Contact\" (\"email\", \"name\", \"age\", \"companyId\") VALUES "
                + "('ann@acme.test', 'Ann', 30, 1), ('bob@acme.test', NULL, 41, 1), ('cy@globex.test', 'Cy', NULL, 2)");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    // ---- additive ----

    @Test
    void addModelIsAdditiveAndKeepsRows() throws Exception {
        Map<String, List<String>> before = rows();
        MigrationPlan plan = migrate(BASE + """
                model Tag {
                  id    Int    @id @default(autoincrement())
                  label String @unique
                }
                """, false);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(plan.steps()).extracting(MigrationStep::action).containsExactly(MigrationStep.Action.CREATE_TABLE);
        assertThat(rows()).containsAllEntriesOf(before).containsEntry("Tag", List.of());
        assertSecondRunPlansNothing(BASE + "model Tag {\n id Int @id @default(autoincrement())\n label String @unique\n}\n");
    }

    /**
     * {@code @@index(name: …)} names the database index, as Prisma reads it (a legacy alias of {@code map:},
     * prisma-engines psl/parser-database {@code model_index}); a Decimal default written as a string is
     * the column's numeric default. Both as Prisma's schema engine creates them.
     */
    @Test
    void anIndexNameAndADecimalStringDefaultReachTheDatabase() throws Exception {
        String schema = BASE + """
                model Price {
                  id     Int     @id
                  a      Int
                  b      Int
                  amount Decimal @default("2.00")
                  @@index([a, b], name: "my_custom_idx")
                }
                """;
        migrate(schema, false);
        assertThat(Introspector.of(kind()).introspect(connection).table("Price").orElseThrow().indexes())
                .extracting(i -> i.name()).containsExactly("my_custom_idx");
        execute("INSERT INTO \"Price\" (\"id\", \"a\", \"b\") VALUES (1, 1, 1)");
        assertThat(new java.math.BigDecimal(column("Price", "amount").get(0))).isEqualByComparingTo("2");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void addOptionalFieldIsAdditive() throws Exception {
        String schema = BASE.replace("  age       Int?\n", "  age       Int?\n  phone     String?\n");
        MigrationPlan plan = migrate(schema, false);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(column("Contact", "phone")).containsExactly(null, null, null);
        assertThat(column("Contact", "email")).containsExactly("ann@acme.test", "bob@acme.test", "cy@globex.test");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void addRequiredFieldWithDefaultIsAdditive() throws Exception {
        String schema = BASE.replace("  age       Int?\n", "  age       Int?\n  score     Int      @default(7)\n  joinedAt  DateTime @default(now())\n");
        MigrationPlan plan = migrate(schema, false);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(column("Contact", "score")).containsExactly("7", "7", "7");
        assertThat(column("Contact", "joinedAt")).doesNotContainNull();
        assertThat(column("Contact", "name")).containsExactly("Ann", null, "Cy");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void addIndexAndUniqueIsAdditive() throws Exception {
        String schema = BASE.replace("  email     String\n", "  email     String   @unique\n")
                .replace("  company   Company? @relation(fields: [companyId], references: [id])\n",
                        "  company   Company? @relation(fields: [companyId], references: [id])\n\n  @@index([status, createdAt(sort: Desc)])\n");
        Map<String, List<String>> before = rows();
        MigrationPlan plan = migrate(schema, false);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        assertThat(plan.steps()).extracting(MigrationStep::action).containsOnly(MigrationStep.Action.CREATE_INDEX);
        Snapshot snapshot = Introspector.of(kind()).introspect(connection);
        assertThat(snapshot.table("Contact").orElseThrow().index("Contact_email_key")).get()
                .satisfies(i -> assertThat(i.unique()).isTrue());
        assertThat(snapshot.table("Contact").orElseThrow().index("Contact_status_createdAt_idx")).get()
                .satisfies(i -> assertThat(i.columns().get(1).descending()).isTrue());
        assertThat(rows()).isEqualTo(before);
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void aNewUniqueFieldIsAdditiveWhenOptionalAndDestructiveWhenEveryRowWouldShareItsDefault() throws Exception {
        String optional = BASE.replace("  age       Int?\n", "  age       Int?\n  code      String?  @unique\n");
        assertThat(migrator.plan(load(optional), connection).hasDestructiveSteps()).isFalse();
        String shared = BASE.replace("  age       Int?\n", "  age       Int?\n  code      String   @unique @default(\"x\")\n");
        MigrationPlan plan = migrator.plan(load(shared), connection);
        assertThat(plan.destructiveSteps()).singleElement().satisfies(s -> {
            assertThat(s.action()).isIn(MigrationStep.Action.CREATE_INDEX, MigrationStep.Action.REBUILD_TABLE);
            assertThat(s.dataLoss()).get().asString().contains("more than one row");
        });
        migrate(optional, false);
        assertSecondRunPlansNothing(optional);
    }

    @Test
    void addRelationIsAdditiveAndKeepsRows() throws Exception {
        String schema = BASE.replace("  contacts Contact[]\n", "  contacts Contact[]\n  owned    Contact[] @relation(\"Owner\")\n")
                .replace("  companyId Int?\n", "  companyId Int?\n  ownerId   Int?\n  owner     Company? @relation(\"Owner\", fields: [ownerId], references: [id], onDelete: Cascade)\n");
        Map<String, List<String>> before = rows();
        MigrationPlan plan = migrate(schema, false);
        assertThat(plan.hasDestructiveSteps()).isFalse();
        Snapshot snapshot = Introspector.of(kind()).introspect(connection);
        assertThat(snapshot.table("Contact").orElseThrow().foreignKeys())
                .anySatisfy(fk -> {
                    assertThat(fk.name()).contains("Contact_ownerId_fkey");
                    assertThat(fk.columns()).containsExactly("ownerId");
                });
        assertThat(rows().get("Contact")).hasSize(3);
        assertThat(rows().get("Company")).isEqualTo(before.get("Company"));
        assertThat(column("Contact", "email")).containsExactly("ann@acme.test", "bob@acme.test", "cy@globex.test");
        assertThat(column("Contact", "companyId")).containsExactly("1", "1", "2");
        assertSecondRunPlansNothing(schema);
    }

    // ---- destructive ----

    @Test
    void dropFieldIsRefusedThenForced() throws Exception {
        String schema = BASE.replace("  age       Int?\n", "");
        assertRefusedNamingLoss(schema, "\"age\"", "2 non-null values");
        migrate(schema, true);
        assertThat(Introspector.of(kind()).introspect(connection).table("Contact").orElseThrow().column("age")).isEmpty();
        assertThat(column("Contact", "email")).containsExactly("ann@acme.test", "bob@acme.test", "cy@globex.test");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void dropModelIsRefusedThenForced() throws Exception {
        String schema = """
                model Contact {
                  id        Int      @id @default(autoincrement())
                  email     String
                  name      String?
                  age       Int?
                  status    String   @default("lead")
                  createdAt DateTime @default(now())
                  companyId Int?
                }
                """;
        assertRefusedNamingLoss(schema, "\"Company\"", "2 rows");
        migrate(schema, true);
        assertThat(Introspector.of(kind()).introspect(connection).table("Company")).isEmpty();
        assertThat(column("Contact", "companyId")).containsExactly("1", "1", "2");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void changeTypeIsRefusedThenForced() throws Exception {
        String schema = BASE.replace("  age       Int?\n", "  age       String?\n");
        assertRefusedNamingLoss(schema, "\"age\"", "TEXT");
        migrate(schema, true);
        assertThat(column("Contact", "age")).containsExactly("30", "41", null);
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void makeOptionalRequiredIsRefusedThenForced() throws Exception {
        String schema = BASE.replace("  name      String?\n", "  name      String\n");
        assertRefusedNamingLoss(schema, "\"name\"", "1 row with no value");
        migrate(schema, true);
        assertThat(column("Contact", "name")).containsExactly("Ann", "", "Cy");
        assertSecondRunPlansNothing(schema);
    }

    @Test
    void renameFieldIsADropPlusAddRefusedThenForced() throws Exception {
        String schema = BASE.replace("  email     String\n", "  mail      String\n");
        assertRefusedNamingLoss(schema, "\"email\"", "3 non-null values");
        migrate(schema, true);
        assertThat(column("Contact", "mail")).containsExactly("", "", "");
        assertThat(column("Contact", "name")).containsExactly("Ann", null, "Cy");
        assertSecondRunPlansNothing(schema);
    }

    // ---- failure and the rest ----

    @Test
    void planFailingHalfwayLeavesDatabaseExactlyAsBefore() throws Exception {
        String schema = BASE.replace("  status    String   @default(\"lead\")\n", "  status    String   @default(\"lead\") @unique\n")
                + "model Tag {\n  id Int @id @default(autoincrement())\n  label String\n}\n";
        Snapshot before = Introspector.of(kind()).introspect(connection);
        Map<String, List<String>> rowsBefore = rows();
        int historyBefore = migrator.history(connection).size();
        MigrationPlan plan = migrator.plan(load(schema), connection);
        assertThat(plan.destructiveSteps()).singleElement()
                .satisfies(s -> assertThat(s.dataLoss()).get().asString().contains("more than one row"));
        assertThat(plan.steps().indexOf(plan.destructiveSteps().get(0))).as("fails after other steps ran").isPositive();
        assertThatThrownBy(() -> migrator.apply(plan, connection, true, MigrationListener.NONE))
                .isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("Contact_status_key")
                .hasMessageContaining("nothing was changed");
        assertThat(Introspector.of(kind()).introspect(connection)).isEqualTo(before);
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(migrator.history(connection)).hasSize(historyBefore);
        assertThat(connection.getAutoCommit()).isTrue();
    }

    @Test
    void unknownTablesAreReportedAndLeftAlone() throws Exception {
        execute("CREATE TABLE legacy (id INTEGER PRIMARY KEY, note TEXT)");
        execute("INSERT INTO legacy (id, note) VALUES (1, 'keep me')");
        MigrationPlan plan = migrator.plan(load(BASE), connection);
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.unknownTables()).containsExactly("legacy");
        migrate(BASE + "model Tag {\n  id Int @id\n}\n", true);
        assertThat(column("legacy", "note")).containsExactly("keep me");
    }

    @Test
    void historyRecordsEachAppliedPlan() throws Exception {
        String schema = BASE.replace("  age       Int?\n", "  age       Int?\n  phone     String?\n");
        migrate(schema, false);
        List<MigrationHistory.Entry> history = migrator.history(connection);
        assertThat(history).hasSize(2);
        assertThat(history.get(1).sql()).contains("phone");
        assertThat(history.get(1).checksum()).hasSize(64).isNotEqualTo(history.get(0).checksum());
        assertThat(history.get(1).tables()).containsExactly("Company", "Contact");
        assertThat(history.get(1).appliedAt()).isAfterOrEqualTo(history.get(0).appliedAt());
    }

    // ---- helpers ----

    Schema load(String body) {
        SchemaResult result = SchemaLoader.parse("schema.prisma", datasource() + body);
        return result.schema().orElseThrow(() -> new AssertionError("schema does not load: " + result.errors()));
    }

    String datasource() {
        return "datasource db {\n  provider = \"" + (kind() == DatabaseKind.SQLITE ? "sqlite" : "postgresql") + "\"\n  url = \"file:./dev.db\"\n}\n\n";
    }

    MigrationPlan migrate(String body, boolean force) throws Exception {
        MigrationPlan plan = migrator.plan(load(body), connection);
        migrator.apply(plan, connection, force, MigrationListener.NONE);
        return plan;
    }

    void assertSecondRunPlansNothing(String body) throws Exception {
        assertThat(migrator.plan(load(body), connection).steps()).as("second run").isEmpty();
    }

    void assertRefusedNamingLoss(String body, String... lost) throws Exception {
        Snapshot before = Introspector.of(kind()).introspect(connection);
        Map<String, List<String>> rowsBefore = rows();
        MigrationPlan plan = migrator.plan(load(body), connection);
        assertThat(plan.hasDestructiveSteps()).isTrue();
        assertThatThrownBy(() -> migrator.apply(plan, connection, false, MigrationListener.NONE))
                .isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("nothing was changed")
                .hasMessageContainingAll(lost);
        assertThat(Introspector.of(kind()).introspect(connection)).isEqualTo(before);
        assertThat(rows()).isEqualTo(rowsBefore);
    }

    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    /** The values of one column, ordered by the table's {@code id}. */
    List<String> column(String table, String column) throws SQLException {
        boolean hasId = Introspector.of(kind()).introspect(connection).table(table).orElseThrow().column("id").isPresent();
        List<String> values = new ArrayList<>();
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT \"" + column + "\" FROM \"" + table + "\"" + (hasId ? " ORDER BY \"id\"" : ""))) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    /** Every row of every table, as text, ordered. */
    Map<String, List<String>> rows() throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (var table : Introspector.of(kind()).introspect(connection).tables()) {
            List<String> rows = new ArrayList<>();
            try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT * FROM \"" + table.name() + "\"")) {
                ResultSetMetaData meta = r.getMetaData();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        row.append(meta.getColumnName(i)).append('=').append(r.getString(i)).append(';');
                    }
                    rows.add(row.toString());
                }
            }
            rows.sort(null);
            all.put(table.name(), rows);
        }
        return all;
    }
}
