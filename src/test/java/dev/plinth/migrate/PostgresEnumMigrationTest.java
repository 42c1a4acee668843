package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Native enum types on PostgreSQL evolving under rows: values added, used as defaults, removed; types dropped. */
class PostgresEnumMigrationTest {

    private static final String BASE = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            enum Role {
              USER
              ADMIN
            }

            model Member {
              id   Int    @id @default(autoincrement())
              name String
              role Role   @default(USER)
            }
            """;

    private static PostgresTestDatabase database;
    private static final AtomicInteger SCHEMAS = new AtomicInteger();
    private Connection connection;
    private final Migrator migrator = new Migrator(DatabaseKind.POSTGRESQL.dialect());

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void migrateBase() throws Exception {
        connection = database.connect();
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE SCHEMA enums_" + SCHEMAS.incrementAndGet());
            s.execute("SET search_path TO enums_" + SCHEMAS.get());
        }
        migrator.migrate(schema(BASE), connection, false, MigrationListener.NONE);
        execute("INSERT INTO \"Member\" (\"name\", \"role\") VALUES ('Ann', 'ADMIN'), ('Bob', 'USER')");
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void addingAValueIsAdditive() throws Exception {
        String text = BASE.replace("  ADMIN\n", "  ADMIN\n  GUEST\n");
        MigrationPlan plan = migrator.plan(schema(text), connection);
        assertThat(plan.steps()).singleElement().satisfies(s -> {
            assertThat(s.action()).isEqualTo(MigrationStep.Action.ALTER_ENUM);
            assertThat(s.sql()).containsExactly("ALTER TYPE \"Role\" ADD VALUE 'GUEST'");
            assertThat(s.destructive()).isFalse();
        });
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(enumValues("Role")).containsExactly("USER", "ADMIN", "GUEST");
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    @Test
    void aNewValueUsedAsDefaultAtOnceReCreatesTheTypeInOneTransaction() throws Exception {
        String text = BASE.replace("  ADMIN\n", "  ADMIN\n  GUEST\n").replace("@default(USER)", "@default(GUEST)");
        migrator.migrate(schema(text), connection, false, MigrationListener.NONE);
        assertThat(enumValues("Role")).containsExactly("USER", "ADMIN", "GUEST");
        execute("INSERT INTO \"Member\" (\"name\") VALUES ('Cy')");
        assertThat(strings("SELECT \"role\"::text FROM \"Member\" ORDER BY \"id\"")).containsExactly("ADMIN", "USER", "GUEST");
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    @Test
    void removingAValueThatRowsHoldIsRefusedAndFailsWholeWhenForced() throws Exception {
        String text = BASE.replace("  ADMIN\n", "");
        Snapshot before = Introspector.of(DatabaseKind.POSTGRESQL).introspect(connection);
        MigrationPlan plan = migrator.plan(schema(text), connection);
        // the check naming the row comes first, then the re-creation of the type
        assertThat(plan.destructiveSteps()).hasSize(2)
                .anySatisfy(s -> assertThat(s.dataLoss()).get().asString().contains("1 row of \"Member\".\"role\""))
                .anySatisfy(s -> assertThat(s.dataLoss()).get().asString().contains("1 rows hold the removed value"));
        assertThatThrownBy(() -> migrator.apply(plan, connection, false, MigrationListener.NONE))
                .isInstanceOf(MigrationRefusedException.class).hasMessageContaining("Role");
        assertThatThrownBy(() -> migrator.apply(plan, connection, true, MigrationListener.NONE))
                .isInstanceOf(MigrationFailedException.class).hasMessageContaining("holds 'ADMIN'")
                .hasMessageContaining("nothing was changed");
        assertThat(Introspector.of(DatabaseKind.POSTGRESQL).introspect(connection)).isEqualTo(before);

        execute("UPDATE \"Member\" SET \"role\" = 'USER'");
        MigrationPlan clean = migrator.plan(schema(text), connection);
        assertThat(clean.hasDestructiveSteps()).isFalse();
        migrator.apply(clean, connection, false, MigrationListener.NONE);
        assertThat(enumValues("Role")).containsExactly("USER");
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    @Test
    void aRequiredEnumColumnAddedOverRowsIsFilledWithTheFirstValueWhenForced() throws Exception {
        String text = BASE + "\nenum Plan {\n  FREE\n  PRO\n}\n";
        text = text.replace("  role Role   @default(USER)\n", "  role Role   @default(USER)\n  plan Plan\n");
        MigrationPlan plan = migrator.plan(schema(text), connection);
        assertThat(plan.destructiveSteps()).singleElement()
                .satisfies(s -> assertThat(s.dataLoss()).get().asString().contains("'FREE'"));
        migrator.apply(plan, connection, true, MigrationListener.NONE);
        assertThat(strings("SELECT \"plan\"::text FROM \"Member\"")).containsOnly("FREE");
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    @Test
    void anEnumNoLongerUsedIsDropped() throws Exception {
        String text = BASE.replace("enum Role {\n  USER\n  ADMIN\n}\n", "").replace("  role Role   @default(USER)\n", "");
        MigrationPlan plan = migrator.plan(schema(text), connection);
        assertThat(plan.steps()).extracting(MigrationStep::action)
                .containsExactly(MigrationStep.Action.DROP_COLUMN, MigrationStep.Action.DROP_ENUM);
        migrator.apply(plan, connection, true, MigrationListener.NONE);
        assertThat(enumValues("Role")).isEmpty();
        assertThat(migrator.plan(schema(text), connection).steps()).isEmpty();
    }

    private static Schema schema(String text) {
        return SchemaLoader.parse("schema.prisma", text).schema().orElseThrow();
    }

    private List<String> enumValues(String type) throws SQLException {
        return strings("SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid "
                + "JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typname = '" + type + "' AND n.nspname = current_schema() ORDER BY e.enumsortorder");
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
