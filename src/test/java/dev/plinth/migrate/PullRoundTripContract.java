package dev.plinth.migrate;

import dev.plinth.introspect.DatabaseInspection;
import dev.plinth.introspect.DatabaseInspector;
import dev.plinth.introspect.PrismaSchemaWriter;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.FullTextIndex;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth db pull} as a round trip on every real schema: the schema is migrated into an empty database, the
 * database is pulled, the pulled text parses and resolves with no errors (what {@code plinth validate} checks),
 * migrating it into a second empty database plans nothing destructive, and the two databases introspect identically
 * ({@link SnapshotComparison}: tables, columns, keys, indexes, foreign keys, enums; and Plinth's full-text indexes).
 * The pulled schema also plans nothing against the database it was pulled from, so Plinth serves that database as
 * it is. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class PullRoundTripContract {

    /** The database the subclass runs on. */
    abstract DatabaseKind kind();

    /**
     * Opens a fresh, empty database.
     *
     * @param label a name unique within the test class (schema name and role)
     * @return an open connection to it, closed by the caller
     */
    abstract Connection open(String label) throws Exception;

    static List<String> schemas() {
        return RealSchemas.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemas")
    void pullsASchemaThatRecreatesTheDatabase(String name) throws Exception {
        Migrator migrator = new Migrator(kind().dialect());
        String label = name.replace('-', '_');
        try (Connection original = open("a_" + label); Connection copy = open("b_" + label)) {
            Schema schema = RealSchemas.load(name);
            migrator.migrate(schema, original, false, MigrationListener.NONE);
            DatabaseInspection pulledFrom = DatabaseInspector.inspect(kind(), original);
            assertThat(pulledFrom.fullText()).as("Plinth's full-text indexes are recognised")
                    .hasSize((int) schema.models().stream().filter(m -> FullTextIndex.of(m).isPresent()).count());
            String text = PrismaSchemaWriter.write(pulledFrom);

            SchemaResult result = SchemaLoader.parse("pulled.prisma", text);
            assertThat(result.errors()).as("errors in the schema pulled from %s:%n%s", name, text).isEmpty();
            Schema pulled = result.schema().orElseThrow();
            assertThat(pulled.joinTables()).as("implicit many-to-many join tables become list fields again")
                    .extracting(j -> j.tableName()).containsExactlyInAnyOrderElementsOf(
                            schema.joinTables().stream().map(j -> j.tableName()).toList());

            MigrationPlan againstOriginal = migrator.plan(pulled, original);
            assertThat(againstOriginal.steps()).as("the pulled schema of %s plans nothing on its own database:%n%s", name, text)
                    .extracting(MigrationStep::description).isEmpty();

            MigrationPlan plan = migrator.plan(pulled, copy);
            assertThat(plan.hasDestructiveSteps()).isFalse();
            migrator.apply(plan, copy, false, MigrationListener.NONE);
            DatabaseInspection recreated = DatabaseInspector.inspect(kind(), copy);
            assertThat(SnapshotComparison.differences(name, pulledFrom.snapshot(), recreated.snapshot()))
                    .as("pulled schema:%n%s", text).isEmpty();
            assertThat(recreated.fullText()).isEqualTo(pulledFrom.fullText());
        }
    }
}
