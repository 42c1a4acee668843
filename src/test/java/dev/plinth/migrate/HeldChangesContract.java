package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link DestructiveChanges#HOLD} (docs/migrations.md, "Held destructive changes and orphaned tables"): a removed
 * field's column and a removed model's table are held — kept with their values — while the additive steps apply;
 * a required column without default becomes nullable once, and later plans are empty; steps that cannot be held
 * still refuse the plan, changing nothing; {@code --force} drops what was held. Run on SQLite and PostgreSQL by
 * the subclasses.
 */
abstract class HeldChangesContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget target();

    static final String V1 = """
            model Contact {
              id        Int      @id @default(autoincrement())
              name      String
              phone     String
              nickname  String?
              status    String   @default("new")
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id])
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String
              contacts Contact[]
            }
            """;

    /** V1 without Contact.phone, nickname and status, and without the Company model (and the relation to it). */
    static final String V2 = """
            model Contact {
              id        Int    @id @default(autoincrement())
              name      String
              companyId Int?
              email     String?
            }
            """;

    static Schema schema(String text) {
        return SchemaLoader.parse("schema.prisma", text).schema().orElseThrow();
    }

    private Migrator migrator() {
        return new Migrator(target().dialect());
    }

    private MigrationResult migrate(String schema, DestructiveChanges mode) throws Exception {
        try (Connection c = target().connect()) {
            return migrator().migrate(schema(schema), c, mode, MigrationListener.NONE);
        }
    }

    private MigrationPlan plan(String schema, DestructiveChanges mode) throws Exception {
        try (Connection c = target().connect()) {
            return migrator().plan(schema(schema), c, mode);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private List<String> column(String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = target().connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    /** The table's columns, read from a result set (SQLite takes an unknown quoted column for a string literal). */
    private List<String> columnsOf(String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = target().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT * FROM \"" + table + "\" WHERE 1 = 0")) {
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                names.add(r.getMetaData().getColumnName(i));
            }
        }
        return names;
    }

    private void v1WithRows() throws Exception {
        migrate(V1, DestructiveChanges.REFUSE);
        sql("INSERT INTO \"Company\" (\"name\") VALUES ('Acme')",
                "INSERT INTO \"Contact\" (\"name\", \"phone\", \"nickname\", \"companyId\") VALUES ('Ann', '555-1', 'A', 1)",
                "INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('Bob', '555-2')");
    }

    @Test
    void removedColumnsAndTablesAreHeldWhileTheAdditiveStepsApply() throws Exception {
        v1WithRows();
        MigrationPlan refused = plan(V2, DestructiveChanges.REFUSE);
        assertThat(refused.destructiveSteps()).isNotEmpty();
        assertThat(refused.held()).isEmpty();

        MigrationPlan held = plan(V2, DestructiveChanges.HOLD);
        assertThat(held.destructiveSteps()).as(held.script()).isEmpty();
        assertThat(held.script()).doesNotContain("DROP TABLE \"Company\"").doesNotContain("DROP COLUMN");
        assertThat(held.held()).containsExactly(
                new HeldChange.DroppedColumn("Contact", "phone", "TEXT", 2, true),
                new HeldChange.DroppedColumn("Contact", "nickname", "TEXT", 1, false),
                new HeldChange.DroppedColumn("Contact", "status", "TEXT", 2, false),
                held.orphanedTables().getFirst());
        assertThat(held.orphanedTables()).singleElement().satisfies(o -> {
            assertThat(o.table()).isEqualTo("Company");
            assertThat(o.rows()).isEqualTo(1);
            assertThat(o.snapshot().columns()).extracting(c -> c.name()).containsExactly("id", "name");
        });
        assertThat(held.held().getFirst().description()).isEqualTo("drop column \"phone\" of \"Contact\" (held: the column stays"
                + " with its 2 values and is no longer served; made optional so that inserts keep working)");
        if (target().dialect().kind() == DatabaseKind.POSTGRESQL) {
            assertThat(held.script()).contains("ALTER TABLE \"Contact\" ALTER COLUMN \"phone\" DROP NOT NULL",
                    "ALTER TABLE \"Contact\" DROP CONSTRAINT \"Contact_companyId_fkey\"");
        } else {
            assertThat(held.script()).contains("make \"phone\" optional", "change the foreign keys");
        }

        MigrationResult applied = migrate(V2, DestructiveChanges.HOLD);
        assertThat(applied.applied()).isNotEmpty();
        assertThat(applied.plan().held()).hasSize(4);
        // the held columns keep their values, and an insert that knows nothing of them works
        assertThat(column("SELECT \"phone\" FROM \"Contact\" ORDER BY \"id\"")).containsExactly("555-1", "555-2");
        assertThat(column("SELECT \"nickname\" FROM \"Contact\" ORDER BY \"id\"")).containsExactly("A", null);
        sql("INSERT INTO \"Contact\" (\"name\", \"email\") VALUES ('Cy', 'cy@example.com')");
        assertThat(column("SELECT \"status\" FROM \"Contact\" WHERE \"name\" = 'Cy'")).containsExactly("new");
        assertThat(column("SELECT \"name\" FROM \"Company\"")).containsExactly("Acme");
        assertThat(columnsOf("Contact")).containsExactly("id", "name", "phone", "nickname", "status", "companyId", "email");
        // the relation is gone: a companyId that references nothing is accepted
        sql("INSERT INTO \"Contact\" (\"name\", \"companyId\") VALUES ('Dee', 99)");

        // every later start holds the same changes and plans nothing: the nullability step is not planned again
        MigrationPlan again = plan(V2, DestructiveChanges.HOLD);
        assertThat(again.steps()).as(again.script()).isEmpty();
        assertThat(again.held()).hasSize(4).first().isEqualTo(new HeldChange.DroppedColumn("Contact", "phone", "TEXT", 2, false));
        assertThat(migrate(V2, DestructiveChanges.HOLD).applied()).isEmpty();
        // the orphaned table stays managed: named in the history, so a forced run drops it
        try (Connection c = target().connect()) {
            assertThat(migrator().history(c).getLast().tables()).contains("Contact", "Company");
        }
        // without --hold-destructive the drops are refused as before
        assertThatThrownBy(() -> migrate(V2, DestructiveChanges.REFUSE)).isInstanceOf(MigrationRefusedException.class);
    }

    @Test
    void forceDropsWhatWasHeld() throws Exception {
        v1WithRows();
        migrate(V2, DestructiveChanges.HOLD);
        MigrationResult forced = migrate(V2, DestructiveChanges.FORCE);
        assertThat(forced.plan().held()).isEmpty();
        assertThat(forced.applied()).anySatisfy(s -> assertThat(s.description()).contains("\"Company\""));
        assertThat(column("SELECT \"name\" FROM \"Contact\" ORDER BY \"id\"")).containsExactly("Ann", "Bob");
        assertThat(columnsOf("Contact")).containsExactly("id", "name", "companyId", "email");
        assertThatThrownBy(() -> column("SELECT * FROM \"Company\"")).isInstanceOf(java.sql.SQLException.class);
        MigrationPlan after = plan(V2, DestructiveChanges.HOLD);
        assertThat(after.steps()).isEmpty();
        assertThat(after.held()).isEmpty();
    }

    @Test
    void aTypeChangeCannotBeHeldAndRefusesTheWholePlan() throws Exception {
        v1WithRows();
        String narrowed = V2.replace("name      String", "name      Int");
        MigrationPlan plan = plan(narrowed, DestructiveChanges.HOLD);
        assertThat(plan.held()).hasSize(4);
        assertThat(plan.destructiveSteps()).isNotEmpty().allSatisfy(s -> assertThat(s.description()).contains("\"name\""));
        assertThatThrownBy(() -> migrate(narrowed, DestructiveChanges.HOLD)).isInstanceOf(MigrationRefusedException.class)
                .satisfies(e -> assertThat(((MigrationRefusedException) e).plan().held()).hasSize(4));
        // nothing was changed: phone is still required, the relation still holds
        assertThatThrownBy(() -> sql("INSERT INTO \"Contact\" (\"name\") VALUES ('Eve')")).isInstanceOf(java.sql.SQLException.class);
        try (Connection c = target().connect()) {
            assertThat(migrator().history(c)).hasSize(1);
        }
    }

    @Test
    void anOrphanedTableKeepsItsForeignKeysToTheServedTables() throws Exception {
        String withNotes = V1.replace("  company   Company? @relation(fields: [companyId], references: [id])\n",
                "  company   Company? @relation(fields: [companyId], references: [id])\n  notes     Note[]\n") + """

                model Note {
                  id        Int     @id @default(autoincrement())
                  text      String
                  contactId Int
                  contact   Contact @relation(fields: [contactId], references: [id])
                }
                """;
        migrate(withNotes, DestructiveChanges.REFUSE);
        sql("INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('Ann', '555-1')",
                "INSERT INTO \"Contact\" (\"name\", \"phone\") VALUES ('Bob', '555-2')",
                "INSERT INTO \"Note\" (\"text\", \"contactId\") VALUES ('call back', 1)");
        MigrationResult held = migrate(V2, DestructiveChanges.HOLD);
        assertThat(held.plan().orphanedTables()).extracting(HeldChange::table).containsExactly("Company", "Note");
        // Contact was changed (phone made optional; on SQLite by a rebuild) under the orphan's foreign key
        assertThat(column("SELECT \"text\" FROM \"Note\"")).containsExactly("call back");
        sql("INSERT INTO \"Contact\" (\"name\") VALUES ('Cy')", "DELETE FROM \"Contact\" WHERE \"name\" = 'Bob'");
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            if (target().dialect().kind() == DatabaseKind.SQLITE) {
                s.execute("PRAGMA foreign_keys = ON");
            }
            // the orphan's rows still reference Ann: its foreign key is kept, as the table is
            assertThatThrownBy(() -> s.execute("DELETE FROM \"Contact\" WHERE \"name\" = 'Ann'")).isInstanceOf(java.sql.SQLException.class);
        }
        assertThat(plan(V2, DestructiveChanges.HOLD).steps()).isEmpty();
    }

    @Test
    void aTableNotManagedByPlinthIsNeitherHeldNorOrphaned() throws Exception {
        migrate(V2, DestructiveChanges.REFUSE);
        sql("CREATE TABLE \"legacy\" (\"id\" INTEGER PRIMARY KEY, \"note\" TEXT)");
        MigrationPlan plan = plan(V2, DestructiveChanges.HOLD);
        assertThat(plan.held()).isEmpty();
        assertThat(plan.unknownTables()).containsExactly("legacy");
    }

    @Test
    void aRemovedKeyColumnCannotBeHeld() throws Exception {
        migrate("""
                model Tag {
                  code  String @id
                  label String
                }
                """, DestructiveChanges.REFUSE);
        sql("INSERT INTO \"Tag\" (\"code\", \"label\") VALUES ('vip', 'VIP')");
        String rekeyed = """
                model Tag {
                  id    Int    @id @default(autoincrement())
                  label String
                }
                """;
        MigrationPlan plan = plan(rekeyed, DestructiveChanges.HOLD);
        assertThat(plan.held()).isEmpty();
        assertThat(plan.destructiveSteps()).isNotEmpty();
        assertThatThrownBy(() -> migrate(rekeyed, DestructiveChanges.HOLD)).isInstanceOf(MigrationRefusedException.class);
        assertThat(column("SELECT \"code\" FROM \"Tag\"")).containsExactly("vip");
    }
}
