package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema evolution specification on PostgreSQL (one database for the class, a fresh schema per test). */
class PostgresMigrationEvolutionTest extends MigrationEvolutionTest {

    private static PostgresTestDatabase database;

    @BeforeAll
    static void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        database.close();
    }

    @Override
    Connection openFreshDatabase() throws SQLException {
        return database.connectToFreshSchema("evolution");
    }

    @Test
    void aUniqueConstraintMadeByAnotherToolIsDroppedAsAConstraint() throws Exception {
        execute("ALTER TABLE \"Contact\" ADD CONSTRAINT \"Contact_legacy_key\" UNIQUE (\"email\")");
        MigrationPlan plan = migrator.plan(load(BASE), connection);
        assertThat(plan.steps()).singleElement().satisfies(s ->
                assertThat(s.sql()).containsExactly("ALTER TABLE \"Contact\" DROP CONSTRAINT \"Contact_legacy_key\""));
        migrator.apply(plan, connection, false, MigrationListener.NONE);
        assertThat(migrator.plan(load(BASE), connection).steps()).isEmpty();
    }

    /**
     * Operator classes reach the database as Prisma's schema engine writes them
     * ({@code ("key" text_pattern_ops)}); a class the database picks by default ({@code ArrayOps} under
     * GIN) compares equal to none, so a second run plans nothing; changing a class re-creates the index.
     */
    @Test
    void operatorClassesAreCreatedAndComparedWithoutPerpetualDifferences() throws Exception {
        String schema = BASE + """
                model Entry {
                  id   Int      @id
                  key  String
                  tags String[]
                  @@index([key(ops: raw("text_pattern_ops"))], type: BTree)
                  @@index([tags(ops: ArrayOps)], type: Gin)
                }
                """;
        MigrationPlan plan = migrate(schema, false);
        assertThat(plan.steps()).flatExtracting(MigrationStep::sql)
                .contains("CREATE INDEX \"Entry_key_idx\" ON \"Entry\"(\"key\" text_pattern_ops)");
        assertThat(indexDefinition("Entry_key_idx")).contains("(key text_pattern_ops)");
        assertThat(indexDefinition("Entry_tags_idx")).contains("USING gin (tags)");
        assertSecondRunPlansNothing(schema);

        String without = schema.replace("key(ops: raw(\"text_pattern_ops\"))", "key");
        MigrationPlan change = migrate(without, false);
        assertThat(change.steps()).extracting(MigrationStep::action)
                .containsExactlyInAnyOrder(MigrationStep.Action.DROP_INDEX, MigrationStep.Action.CREATE_INDEX);
        assertThat(indexDefinition("Entry_key_idx")).doesNotContain("text_pattern_ops");
        assertSecondRunPlansNothing(without);
    }

    private String indexDefinition(String name) throws SQLException {
        try (Statement s = connection.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                     + " AND indexname = '" + name + "'")) {
            assertThat(r.next()).as("index " + name).isTrue();
            return r.getString(1);
        }
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }
}
