package dev.plinth.introspect;

import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.Migrator;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db inspect} and {@code db pull} on a database made by hand with SQL, the way databases Plinth did not
 * create look: names with spaces, dashes, reserved words and leading digits, a composite primary key, a
 * self-relation, two foreign keys to one table with different actions, a table without a key, a named index with
 * a descending column, a CHECK constraint, a view. The pulled schema is checked line by line (spaces collapsed),
 * must parse and resolve with no errors, and must migrate into an empty database. Run on SQLite and PostgreSQL by
 * the subclasses.
 */
abstract class HandMadePullContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget target();

    /** Statements that only this database understands, run after the common ones. */
    abstract List<String> ownStatements();

    /** A second fresh, empty database. */
    abstract DatabaseTarget secondTarget();

    static final List<String> COMMON = List.of(
            """
            CREATE TABLE "Employee" ("id" INTEGER NOT NULL PRIMARY KEY, "name" VARCHAR(80) NOT NULL,
              "manager_id" INTEGER REFERENCES "Employee" ("id") ON DELETE SET NULL ON UPDATE CASCADE)""",
            """
            CREATE TABLE "order items" ("order id" INTEGER NOT NULL, "line-no" INTEGER NOT NULL, "select" TEXT,
              "1st note" TEXT DEFAULT 'n/a', "qty" INTEGER NOT NULL DEFAULT 1 CONSTRAINT "qty_positive" CHECK ("qty" > 0),
              PRIMARY KEY ("order id", "line-no"))""",
            """
            CREATE TABLE "Message" ("id" INTEGER NOT NULL PRIMARY KEY, "sender_id" INTEGER NOT NULL, "recipient_id" INTEGER,
              "sent_at" TIMESTAMP DEFAULT CURRENT_TIMESTAMP, "status" TEXT NOT NULL DEFAULT 'new', "urgent" BOOLEAN NOT NULL DEFAULT false,
              CONSTRAINT "Message_sender_id_fkey" FOREIGN KEY ("sender_id") REFERENCES "Employee" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
              CONSTRAINT "message_to" FOREIGN KEY ("recipient_id") REFERENCES "Employee" ("id"))""",
            "CREATE INDEX \"msg_sent\" ON \"Message\" (\"sent_at\" DESC)",
            "CREATE UNIQUE INDEX \"Employee_name_manager_id_key\" ON \"Employee\" (\"name\", \"manager_id\")",
            "CREATE TABLE \"audit log\" (\"at\" TEXT, \"what\" TEXT, \"who\" INTEGER REFERENCES \"Employee\" (\"id\") ON DELETE SET NULL ON UPDATE CASCADE)",
            "CREATE TABLE \"class\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"order\" TEXT)",
            "CREATE TABLE \"badge\" (\"label\" TEXT NOT NULL UNIQUE, \"color\" TEXT)",
            "CREATE TABLE \"2fa codes\" (\"code\" TEXT NOT NULL PRIMARY KEY, \"employee\" INTEGER NOT NULL REFERENCES \"Employee\" (\"id\"))",
            "CREATE UNIQUE INDEX \"2fa codes_employee_key\" ON \"2fa codes\" (\"employee\")",
            "CREATE VIEW \"employee names\" AS SELECT \"id\", \"name\", upper(\"name\") AS \"shout\" FROM \"Employee\"");

    private String pulled;
    private DatabaseInspection inspection;

    @BeforeEach
    void buildAndPull() throws Exception {
        List<String> statements = new ArrayList<>(COMMON);
        statements.addAll(ownStatements());
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
            inspection = DatabaseInspector.inspect(target().kind(), c);
        }
        pulled = PrismaSchemaWriter.write(inspection);
    }

    /** The pulled text with runs of spaces collapsed, so alignment does not matter to the assertions. */
    private String text() {
        return pulled.replaceAll(" +", " ");
    }

    private boolean sqlite() {
        return target().kind() == DatabaseKind.SQLITE;
    }

    @Test
    void thePulledSchemaIsValidAndMigratesIntoAnEmptyDatabase() throws Exception {
        SchemaResult result = SchemaLoader.parse("pulled.prisma", pulled);
        assertThat(result.errors()).as(pulled).isEmpty();
        Schema schema = result.schema().orElseThrow();
        Migrator migrator = new Migrator(secondTarget().dialect());
        try (Connection c = secondTarget().connect()) {
            MigrationPlan plan = migrator.plan(schema, c);
            assertThat(plan.hasDestructiveSteps()).isFalse();
            migrator.apply(plan, c, false, MigrationListener.NONE);
            DatabaseInspection again = DatabaseInspector.inspect(secondTarget().kind(), c);
            assertThat(again.tables()).extracting(t -> t.name())
                    .containsExactlyInAnyOrder("_mentors", "2fa codes", "badge", "Employee", "Message", "audit log", "class", "order items");
        }
    }

    @Test
    void theFirstMigrateOfThePulledSchemaChangesOnlyWhatPrismaCannotSay() throws Exception {
        Schema schema = SchemaLoader.parse("pulled.prisma", pulled).schema().orElseThrow();
        try (Connection c = target().connect()) {
            MigrationPlan plan = new Migrator(target().dialect()).plan(schema, c);
            assertThat(plan.hasDestructiveSteps()).isFalse();
            if (sqlite()) {
                // declared types that are not Plinth's (VARCHAR(80), TIMESTAMP) and unnamed foreign keys: table rebuilds;
                // the inline UNIQUE of "badge" gets Plinth's own unique index beside SQLite's
                assertThat(plan.steps()).extracting(s -> s.description())
                        .allMatch(d -> d.startsWith("rebuild table") || d.contains("badge_label_key"));
            } else {
                // a scalar list is a nullable column in Prisma, so the NOT NULL array becomes optional; nothing else changes
                assertThat(plan.steps()).extracting(s -> s.description()).singleElement().asString().contains("\"tags\"", "optional");
            }
        }
    }

    @Test
    void oddNamesAreSanitizedAndMapped() {
        assertThat(text()).contains("model order_items {", "@@map(\"order items\")", "order_id Int @map(\"order id\")",
                "line_no Int @map(\"line-no\")", "select String?", "st_note String? @default(\"n/a\") @map(\"1st note\")",
                "@@id([order_id, line_no])",
                "model Renamedclass {", "@@map(\"class\")", "order String?",
                "model fa_codes {", "@@map(\"2fa codes\")");
    }

    @Test
    void relationsHaveBothSidesAndNamesWhereAmbiguous() {
        assertThat(text()).contains(
                // self-relation: named, the back side prefixed other_
                "Employee_Employee_manager_idToEmployee Employee? @relation(\"Employee_manager_idToEmployee\", fields: [manager_id], references: [id])",
                "other_Employee_Employee_manager_idToEmployee Employee[] @relation(\"Employee_manager_idToEmployee\")",
                // two keys from Message to Employee: both named; actions only where not Prisma's default
                "Employee_Message_sender_idToEmployee Employee @relation(\"Message_sender_idToEmployee\", fields: [sender_id], references: [id], onDelete: Cascade)",
                "Employee_Message_recipient_idToEmployee Employee? @relation(\"Message_recipient_idToEmployee\", fields: [recipient_id], references: [id], onDelete: NoAction, onUpdate: NoAction, map: \"message_to\")",
                "Message_Message_sender_idToEmployee Message[] @relation(\"Message_sender_idToEmployee\")",
                "Message_Message_recipient_idToEmployee Message[] @relation(\"Message_recipient_idToEmployee\")",
                // one-to-one (the key column is unique): the back side is optional, not a list
                "fa_codes fa_codes?");
        // PostgreSQL's own name for the key, "2fa codes_employee_fkey", is Prisma's default: no map
        assertThat(text()).contains("Employee Employee @relation(fields: [employee], references: [id], onDelete: NoAction, onUpdate: NoAction)\n");
    }

    @Test
    void anImplicitManyToManyJoinTableBecomesListFields() {
        // a self-relation: both list fields on Employee, named by the relation's join table _mentors
        assertThat(text()).contains("Employee_A Employee[] @relation(\"mentors\")", "Employee_B Employee[] @relation(\"mentors\")");
        assertThat(text()).doesNotContain("model mentors", "@@map(\"_mentors\")");
        assertThat(SchemaLoader.parse("pulled.prisma", pulled).schema().orElseThrow().joinTables())
                .extracting(j -> j.tableName()).containsExactly("_mentors");
    }

    @Test
    void keysIndexesAndDefaults() {
        assertThat(text()).contains("id Int @id", "@@unique([name, manager_id])", "employee Int @unique",
                "@@index([sent_at(sort: Desc)], map: \"msg_sent\")",
                "sent_at DateTime? @default(now())", "status String @default(\"new\")", "urgent Boolean @default(false)",
                "qty Int @default(1)");
        if (sqlite()) {
            assertThat(text()).contains("name String // column type VARCHAR(80); Plinth creates String columns as TEXT");
        } else {
            assertThat(text()).contains("name String @db.VarChar(80)", "sent_at DateTime? @default(now()) @db.Timestamp(6)".replace("(6)", ""));
        }
    }

    @Test
    void anInlineUniqueConstraintIdentifiesATable() {
        assertThat(text()).contains("model badge {", "label String @unique\n");
        assertThat(text()).doesNotContain("sqlite_autoindex");
        assertThat(text().substring(text().indexOf("model badge {"))).doesNotStartWith("@@ignore");
        assertThat(inspection.tables().stream().filter(t -> t.name().equals("badge")).findFirst().orElseThrow().indexes())
                .singleElement().satisfies(i -> assertThat(i.unique()).isTrue());
    }

    @Test
    void aTableWithoutKeyIsIgnoredWithTheReason() {
        assertThat(text()).contains("/// The underlying table does not contain a valid unique identifier", "model audit_log {",
                "@@map(\"audit log\")", "@@ignore",
                // the ignored model keeps its relation; the other side is @ignore'd, as Prisma requires
                "Employee Employee? @relation(fields: [who], references: [id])", "audit_log audit_log[] @ignore");
    }

    @Test
    void viewsAndChecksAreKept() {
        assertThat(text()).contains("view employee_names {", "@@map(\"employee names\")", "// view definition:",
                "previewFeatures = [\"views\"]",
                "shout String?");
        assertThat(text()).containsPattern("// CHECK constraint \"qty_positive\" \\(\\(?\"?qty\"? > 0\\)?\\) is kept by the database");
        assertThat(inspection.views()).extracting(ViewSnapshot::name).containsExactly("employee names");
        assertThat(inspection.checksOf("order items")).singleElement()
                .satisfies(c -> assertThat(c.plinths()).isFalse());
    }

    @Test
    void inspectShowsChecksViewsAndInlineUniques() throws Exception {
        String text = InspectionText.render(inspection);
        assertThat(text).contains("table \"order items\"", "check \"qty_positive\" (", "view \"employee names\"", "  | ",
                "primary key " + (sqlite() ? "" : "\"order items_pkey\" ") + "(\"order id\", \"line-no\")",
                "foreign key \"message_to\" (\"recipient_id\") references \"Employee\" (\"id\") on delete NO ACTION on update NO ACTION");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(InspectionJson.render(inspection));
        assertThat(json.get("views").get(0).get("definition").asText()).containsIgnoringCase("upper");
        assertThat(json.get("views").get(0).get("columns")).hasSize(3);
        assertThat(json.findValues("checks").stream().filter(c -> !c.isEmpty()).findFirst().orElseThrow().get(0).get("plinth").asBoolean())
                .isFalse();
    }

    @Test
    void historyTablesAreNotPulled() throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"_prisma_migrations\" (\"id\" VARCHAR(36) NOT NULL PRIMARY KEY, \"checksum\" TEXT NOT NULL)");
            assertThat(PrismaSchemaWriter.write(DatabaseInspector.inspect(target().kind(), c))).doesNotContain("_prisma_migrations");
        }
    }
}
