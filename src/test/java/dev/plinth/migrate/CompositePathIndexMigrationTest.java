package dev.plinth.migrate;

import dev.plinth.query.CursorCodec;
import dev.plinth.query.ListQuery;
import dev.plinth.query.QueryParser;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @@index([address.city])} on a composite field (docs/schema.md, "Composite types"): the migration creates
 * the expression index on the path of the document's column, a second run plans nothing, the list filter on the
 * path is served by it (EXPLAIN names the index) and answers the same rows, and removing it drops it.
 */
class CompositePathIndexMigrationTest {

    static final String BASE = """
            type Address {
              street String
              city   String
              zip    String?
            }

            model Contact {
              id      Int      @id @default(autoincrement())
              name    String
              address Address?
            }
            """;
    static final String INDEXED = BASE.replace("address Address?\n", "address Address?\n\n  @@index([address.city])\n");

    static Schema load(String body) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", body);
        return r.schema().orElseThrow(() -> new AssertionError(r.errors()));
    }

    abstract static class Contract {
        Connection connection;
        Migrator migrator;

        abstract DatabaseKind kind();

        abstract Connection fresh() throws SQLException;

        abstract List<String> explain(RenderedSql sql) throws SQLException;

        @BeforeEach
        void open() throws SQLException {
            connection = fresh();
            migrator = new Migrator(kind().dialect());
        }

        MigrationPlan migrate(String body) throws Exception {
            MigrationPlan plan = migrator.plan(load(body), connection);
            migrator.apply(plan, connection, false, MigrationListener.NONE);
            return plan;
        }

        void execute(String sql) throws SQLException {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }

        RenderedSql select(Schema schema, String parameter, String value) {
            QueryParser parser = new QueryParser(new CursorCodec("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)));
            ListQuery q = parser.parse(schema.model("Contact").orElseThrow(), schema, Map.of(parameter, List.of(value)));
            return new SqlRenderer(kind() == DatabaseKind.SQLITE ? SQLDialect.SQLITE : SQLDialect.POSTGRES, schema)
                    .select(q, List.of()).statement();
        }

        PreparedStatement bind(String text, RenderedSql sql) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(text);
            for (int i = 0; i < sql.binds().size(); i++) {
                ps.setObject(i + 1, sql.binds().get(i));
            }
            return ps;
        }

        List<String> rows(RenderedSql sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = bind(sql.sql(), sql); ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString("name"));
                }
            }
            return out;
        }

        @Test
        void createdReadBackUsedByTheFilterAndDropped() throws Exception {
            migrate(BASE);
            String insert = kind() == DatabaseKind.SQLITE
                    ? "INSERT INTO \"Contact\" (\"name\", \"address\") SELECT 'n' || i, json_object('street', 's', 'city', 'c' || (i % 400)) FROM n"
                    : "INSERT INTO \"Contact\" (\"name\", \"address\") SELECT 'n' || i, jsonb_build_object('street', 's', 'city', 'c' || (i % 400)) FROM n";
            execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000) " + insert);
            MigrationPlan plan = migrate(INDEXED);
            assertThat(plan.steps()).hasSize(1).allMatch(s -> s.action() == MigrationStep.Action.CREATE_INDEX && !s.destructive());
            assertThat(plan.steps().getFirst().sql().toString())
                    .contains(kind() == DatabaseKind.SQLITE ? "json_extract(\"address\", '$.city')" : "((\"address\"->>'city'))");
            assertThat(migrator.plan(load(INDEXED), connection).steps()).as("second run").isEmpty();
            execute(kind() == DatabaseKind.SQLITE ? "ANALYZE" : "ANALYZE \"Contact\"");

            RenderedSql byCity = select(load(INDEXED), "address.city", "c7");
            assertThat(rows(byCity)).hasSize(10);
            assertThat(String.join("\n", explain(byCity))).contains("Contact_address_city_idx");

            MigrationPlan removed = migrate(BASE);
            assertThat(removed.steps()).hasSize(1).allMatch(s -> s.action() == MigrationStep.Action.DROP_INDEX);
            assertThat(migrator.plan(load(BASE), connection).steps()).as("second run").isEmpty();
        }
    }

    @Nested
    class OnSqlite extends Contract {
        @Override
        DatabaseKind kind() {
            return DatabaseKind.SQLITE;
        }

        @Override
        Connection fresh() throws SQLException {
            return DriverManager.getConnection("jdbc:sqlite::memory:");
        }

        @AfterEach
        void close() throws SQLException {
            connection.close();
        }

        @Override
        List<String> explain(RenderedSql sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = bind("EXPLAIN QUERY PLAN " + sql.sql(), sql); ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString("detail"));
                }
            }
            return out;
        }
    }

    @Nested
    class OnPostgres extends Contract {
        private PostgresTestDatabase db;

        @Override
        DatabaseKind kind() {
            return DatabaseKind.POSTGRESQL;
        }

        @Override
        Connection fresh() throws SQLException {
            db = PostgresTestDatabase.create();
            return db.connect();
        }

        @AfterEach
        void drop() throws SQLException {
            connection.close();
            db.close();
        }

        @Override
        List<String> explain(RenderedSql sql) throws SQLException {
            List<String> out = new ArrayList<>();
            execute("SET enable_seqscan = off"); // the plan shows whether the index can serve the filter at all
            try (PreparedStatement ps = bind("EXPLAIN " + sql.sql(), sql); ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }
}
