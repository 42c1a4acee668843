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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Long operations report real progress: making an optional column required over 25,000 rows copies them (SQLite's
 * table rebuild) or fills them (PostgreSQL's backfill) in batches of {@link StepStatements#BATCH_ROWS}, and the
 * listener hears the rows done after each batch, up to the total; every row keeps its values. Run on SQLite and
 * PostgreSQL by the subclasses.
 */
abstract class LongOperationContract {

    static final int ROWS = 25_000;

    static final String BEFORE = """
            model Item {
              id   Int     @id @default(autoincrement())
              code String
              note String?
            }
            """;

    abstract Connection openFreshDatabase() throws SQLException;

    abstract DatabaseKind kind();

    Connection connection;

    Schema load(String models) {
        String provider = kind() == DatabaseKind.POSTGRESQL ? "postgresql" : "sqlite";
        SchemaResult result = SchemaLoader.parse("schema.prisma",
                "datasource db {\n  provider = \"" + provider + "\"\n  url = \"file:./x.db\"\n}\n\n" + models);
        assertThat(result.errors()).isEmpty();
        return result.schema().orElseThrow();
    }

    @BeforeEach
    void itemsWithNullNotes() throws Exception {
        connection = openFreshDatabase();
        Migrator migrator = new Migrator(kind().dialect());
        migrator.apply(migrator.plan(load(BEFORE), connection), connection, false, MigrationListener.NONE);
        connection.setAutoCommit(false);
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO \"Item\" (\"code\", \"note\") VALUES (?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setString(1, "c" + i);
                ps.setString(2, i % 2 == 0 ? "kept " + i : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    /** The rows-done reports a listener heard. */
    static final class Heard implements MigrationListener {
        final List<long[]> reports = new ArrayList<>();

        @Override
        public synchronized void rowsDone(MigrationStep step, long done, long total) {
            reports.add(new long[]{done, total});
        }
    }

    @Test
    void aLongStepReportsRowsDoneBatchByBatch() throws Exception {
        Schema required = load(BEFORE.replace("note String?", "note String @default(\"none\")"));
        Migrator migrator = new Migrator(kind().dialect());
        MigrationPlan plan = migrator.plan(required, connection);
        Heard heard = new Heard();
        migrator.apply(plan, connection, true, heard);
        long expected = kind() == DatabaseKind.SQLITE ? ROWS : ROWS / 2; // SQLite copies every row, PostgreSQL fills the NULLs
        assertThat(heard.reports).hasSizeGreaterThanOrEqualTo((int) (expected / StepStatements.BATCH_ROWS));
        for (int i = 1; i < heard.reports.size(); i++) {
            assertThat(heard.reports.get(i)[0]).isGreaterThan(heard.reports.get(i - 1)[0]);
        }
        assertThat(heard.reports.getLast()).containsExactly(expected, expected);
        assertThat(heard.reports.getFirst()[0]).isLessThanOrEqualTo(StepStatements.BATCH_ROWS);
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(
                "SELECT count(*), sum(CASE WHEN \"note\" = 'none' THEN 1 ELSE 0 END), min(\"note\") FROM \"Item\"")) {
            r.next();
            assertThat(r.getLong(1)).isEqualTo(ROWS);
            assertThat(r.getLong(2)).isEqualTo(ROWS / 2);
            assertThat(r.getString(3)).isEqualTo("kept 10");
        }
        assertThat(migrator.plan(required, connection).steps()).isEmpty();
    }
}
