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
 * {@code @@index([meta.plan])}: migrations create an expression index on the path (json_extract on
 * SQLite, a B-tree on {@code ("meta"->>'plan')} on PostgreSQL), introspection reads it back so that a
 * second run plans nothing, removing it drops it, and the list filter on the path is served by it
 * (EXPLAIN names the index: the filter's expression is the index's).
 */
class JsonPathIndexMigrationTest {

    static final String BASE = """
            model Account {
              id   Int    @id @default(autoincrement())
              name String
              meta Json?
            }
            """;
    static final String INDEXED = BASE.replace("meta Json?\n",
            "meta Json?\n  @@index([meta.plan])\n  @@index([meta.limits.seats(sort: Desc), name])\n");

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

        @AfterEach
        void closeConnection() throws SQLException {
            connection.close();
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
            return renderer(schema).select(parse(schema, parameter, value), List.of()).statement();
        }

        long count(Schema schema, String parameter, String value) throws SQLException {
            RenderedSql sql = renderer(schema).count(parse(schema, parameter, value), List.of());
            try (PreparedStatement ps = bind(sql.sql(), sql); ResultSet r = ps.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }

        ListQuery parse(Schema schema, String parameter, String value) {
            QueryParser parser = new QueryParser(new CursorCodec("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)));
            return parser.parse(schema.model("Account").orElseThrow(), schema, Map.of(parameter, List.of(value)));
        }

        SqlRenderer renderer(Schema schema) {
            return new SqlRenderer(kind() == DatabaseKind.SQLITE ? SQLDialect.SQLITE : SQLDialect.POSTGRES, schema);
        }

        List<String> rows(RenderedSql sql) throws SQLException {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = bind(sql.sql(), sql)) {
                try (ResultSet r = ps.executeQuery()) {
                    while (r.next()) {
                        out.add(r.getString("name"));
                    }
                }
            }
            return out;
        }

        PreparedStatement bind(String text, RenderedSql sql) throws SQLException {
            PreparedStatement ps = connection.prepareStatement(text);
            for (int i = 0; i < sql.binds().size(); i++) {
                ps.setObject(i + 1, sql.binds().get(i));
            }
            return ps;
        }

        @Test
        void createdReadBackUsedByTheFilterAndDropped() throws Exception {
            migrate(BASE);
            String insert = kind() == DatabaseKind.SQLITE
                    ? "INSERT INTO \"Account\" (\"name\", \"meta\") SELECT 'n' || i, json_object('plan', 'p' || (i % 500), 'limits', json_object('seats', i % 50)) FROM n"
                    : "INSERT INTO \"Account\" (\"name\", \"meta\") SELECT 'n' || i, jsonb_build_object('plan', 'p' || (i % 500), 'limits', jsonb_build_object('seats', i % 50)) FROM n";
            execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000) " + insert);
            MigrationPlan plan = migrate(INDEXED);
            assertThat(plan.steps()).hasSize(2).allMatch(s -> s.action() == MigrationStep.Action.CREATE_INDEX && !s.destructive());
            assertThat(plan.steps().getFirst().sql().toString() + plan.steps().get(1).sql())
                    .contains(kind() == DatabaseKind.SQLITE ? "json_extract(\"meta\", '$.plan')" : "((\"meta\"->>'plan'))");
            assertThat(migrator.plan(load(INDEXED), connection).steps()).as("second run").isEmpty();
            execute(kind() == DatabaseKind.SQLITE ? "ANALYZE" : "ANALYZE \"Account\"");

            Schema schema = load(INDEXED);
            RenderedSql byPlan = select(schema, "meta.plan", "p7");
            assertThat(rows(byPlan)).hasSize(10);
            assertThat(String.join("\n", explain(byPlan))).contains("Account_meta_plan_idx");
            if (kind() == DatabaseKind.SQLITE) {
                // json_extract keeps JSON's types, so the index serves numeric comparisons too (on PostgreSQL it holds the text)
                assertThat(String.join("\n", explain(select(schema, "meta.limits.seats", "7"))))
                        .contains("Account_meta_limits_seats_name_idx");
            }
            assertThat(count(schema, "meta.limits.seats", "7")).isEqualTo(100);
            assertThat(count(schema, "meta.limits.seats__gte", "45")).isEqualTo(500);

            MigrationPlan removed = migrate(BASE);
            assertThat(removed.steps()).hasSize(2).allMatch(s -> s.action() == MigrationStep.Action.DROP_INDEX);
            assertThat(migrator.plan(load(BASE), connection).steps()).as("second run").isEmpty();
        }

        @Test
        void changingThePathReplacesTheIndex() throws Exception {
            migrate(INDEXED);
            String other = INDEXED.replace("@@index([meta.plan])", "@@index([meta.tier], map: \"Account_meta_plan_idx\")");
            MigrationPlan plan = migrate(other);
            assertThat(plan.steps()).extracting(MigrationStep::action)
                    .containsExactlyInAnyOrder(MigrationStep.Action.DROP_INDEX, MigrationStep.Action.CREATE_INDEX);
            assertThat(migrator.plan(load(other), connection).steps()).as("second run").isEmpty();
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

        @Test
        void aTableRebuildKeepsThePathIndexes() throws Exception {
            migrate(INDEXED);
            execute("INSERT INTO \"Account\" (\"name\", \"meta\") VALUES ('a', '{\"plan\":\"pro\"}'), ('b', NULL)");
            String required = INDEXED.replace("meta Json?", "meta Json @default(\"{}\")");
            MigrationPlan plan = migrator.plan(load(required), connection);
            migrator.apply(plan, connection, true, MigrationListener.NONE);
            assertThat(plan.steps()).anyMatch(s -> s.action() == MigrationStep.Action.REBUILD_TABLE);
            assertThat(migrator.plan(load(required), connection).steps()).as("second run").isEmpty();
            RenderedSql byPlan = select(load(required), "meta.plan", "pro");
            assertThat(rows(byPlan)).containsExactly("a");
            assertThat(String.join("\n", explain(byPlan))).contains("Account_meta_plan_idx");
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

        @Test
        void aGinIndexOnTheWholeFieldServesContainmentAndHas() throws Exception {
            String gin = "datasource db {\n  provider = \"postgresql\"\n  url      = \"postgresql://x\"\n}\n"
                    + BASE.replace("meta Json?\n", "meta Json?\n  @@index([meta(ops: JsonbPathOps)], type: Gin)\n");
            migrate(gin);
            assertThat(migrator.plan(load(gin), connection).steps()).as("second run").isEmpty();
            execute("INSERT INTO \"Account\" (\"name\", \"meta\") SELECT 'n' || i, jsonb_build_object('plan', 'p' || (i % 500),"
                    + " 'tags', jsonb_build_array('t' || (i % 7))) FROM generate_series(1, 3000) i");
            execute("ANALYZE \"Account\"");
            Schema schema = load(gin);
            RenderedSql contains = select(schema, "meta__contains", "{\"plan\":\"p7\"}");
            assertThat(rows(contains)).hasSize(6);
            assertThat(String.join("\n", explain(contains))).contains("Account_meta_idx");
            RenderedSql has = select(schema, "meta.tags__has", "t3");
            assertThat(String.join("\n", explain(has))).contains("Account_meta_idx");
            assertThat(count(schema, "meta.tags__has", "t3")).isEqualTo(429);
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
