package dev.plinth.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.testing.PostgresTestDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real schema of {@code ../shared/schemas/real/}, on the database Prisma itself creates for it
 * (its {@code *.sqlite.sql} or {@code *.postgresql.sql} DDL): for every served column of every
 * model, a filter with every lookup the column takes, an {@code orderBy} with first and next keyset
 * pages (after a value and after NULL), and a collection UPDATE setting every column, all rendered
 * and run. The tables are empty: what is checked is that the database accepts every statement, with
 * its types, casts and operators, as PostgreSQL checks them when planning.
 */
class RealSchemaQueryTest {

    static final String UUID_SAMPLE = "0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11";

    static PostgresTestDatabase postgres;
    static Connection postgresConnection;

    final QueryParser parser = new QueryParser(QueryParserTest.CURSORS);

    @BeforeAll
    static void startPostgres() throws SQLException {
        postgres = PostgresTestDatabase.create();
        postgresConnection = postgres.connect();
    }

    @AfterAll
    static void dropPostgres() throws SQLException {
        postgresConnection.close();
        postgres.close();
    }

    static Stream<Path> prismaDdl() throws IOException {
        Path real = Path.of(System.getProperty("plinth.shared", "../shared"), "schemas", "real");
        try (Stream<Path> files = Files.list(real)) {
            return files.filter(p -> p.toString().endsWith(".sqlite.sql") || p.toString().endsWith(".postgresql.sql"))
                    .sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prismaDdl")
    void everyColumnFiltersOrdersAndUpdatesOnPrismasDatabase(Path ddl) throws Exception {
        String file = ddl.getFileName().toString();
        boolean sqlite = file.endsWith(".sqlite.sql");
        Path prisma = ddl.resolveSibling(file.substring(0, file.indexOf('.')) + ".prisma");
        SchemaResult loaded = SchemaLoader.load(prisma);
        assertThat(loaded.errors()).as(prisma.toString()).isEmpty();
        Schema schema = loaded.schema().orElseThrow();
        SqlRenderer renderer = new SqlRenderer(sqlite ? SQLDialect.SQLITE : SQLDialect.POSTGRES, schema);
        List<String> failures = new ArrayList<>();
        int statements = 0;
        int models = 0;
        try (Connection c = sqlite ? DriverManager.getConnection("jdbc:sqlite::memory:") : null) {
            Connection db = sqlite ? c : postgresConnection;
            createDatabase(db, ddl, sqlite);
            for (Model model : schema.models()) {
                if (model.ignored() || model.view()) {
                    continue;
                }
                models++;
                for (Field f : model.fields()) {
                    ColumnKind kind = ColumnKind.of(f).orElse(null);
                    if (kind == null) {
                        continue;
                    }
                    Map<String, List<String>> params = new LinkedHashMap<>();
                    for (Operator op : kind.operators()) {
                        params.put(f.columnName() + "__" + op.suffix(), List.of(sample(op, f, kind, schema)));
                    }
                    params.put("or", List.of("(" + f.columnName() + "__isnull=true,not=(" + f.columnName() + "__isnull=false))"));
                    if (kind.jsonDocument()) {
                        // paths inside the document, with each kind of value, on Prisma's own json/jsonb columns
                        params.put(f.columnName() + ".a.b__gte", List.of("1.5"));
                        params.put(f.columnName() + ".a.0", List.of("x"));
                        params.put(f.columnName() + ".c__in", List.of("x,2,true"));
                        params.put(f.columnName() + ".a__has", List.of("x"));
                        params.put(f.columnName() + ".a__contains", List.of("[1]"));
                        params.put("orderBy", List.of(f.columnName() + ".a.b:desc"));
                    }
                    ListQuery q = parser.parse(model, schema, params);
                    statements += run(db, renderer.select(q, List.of()).statement(), failures);
                    if (f == model.fields().getFirst()) {
                        // COUNT has the same WHERE as the SELECT; once per model shows the statement itself runs.
                        statements += run(db, renderer.count(q, List.of()), failures);
                    }
                    if (!kind.orderable()) {
                        continue;
                    }
                    for (String order : List.of(f.columnName(), "-" + f.columnName())) {
                        ListQuery first = parser.parse(model, schema, Map.of("orderBy", List.of(order), "limit", List.of("2")));
                        if (!order.startsWith("-")) {
                            statements += run(db, renderer.select(first, List.of()).statement(), failures);
                        }
                        List<List<Object>> positions = new ArrayList<>();
                        positions.add(first.order().stream().map(t -> jdbcSample(t.field(), t.kind(), schema)).toList());
                        if (f.optional()) {
                            List<Object> withNull = new ArrayList<>(positions.getFirst());
                            withNull.set(0, null);
                            positions.add(withNull);
                        }
                        for (List<Object> position : positions) {
                            String cursor = QueryParserTest.CURSORS.encode(first, position);
                            ListQuery next = parser.parse(model, schema, Map.of("orderBy", List.of(order), "cursor", List.of(cursor)));
                            statements += run(db, renderer.select(next, List.of()).statement(), failures);
                        }
                    }
                }
                Map<Field, Object> set = new LinkedHashMap<>();
                for (Field f : model.fields()) {
                    ColumnKind kind = ColumnKind.of(f).orElse(null);
                    if (kind != null && kind != ColumnKind.LIST && !f.id()) {
                        set.put(f, updateSample(f, kind, schema));
                    }
                }
                if (!set.isEmpty()) {
                    String anyColumn = set.keySet().iterator().next().columnName();
                    ListQuery filter = parser.parse(model, schema, Map.of(anyColumn + "__isnull", List.of("false")));
                    statements += run(db, renderer.update(filter, set, List.of()), failures);
                    statements += run(db, renderer.delete(filter, List.of()), failures);
                }
            }
        }
        System.out.printf("%-45s models=%3d statements=%5d failures=%d%n", file, models, statements, failures.size());
        assertThat(failures).as(file).isEmpty();
    }

    private static void createDatabase(Connection db, Path ddl, boolean sqlite) throws IOException, SQLException {
        try (Statement s = db.createStatement()) {
            if (!sqlite) {
                s.execute("DROP SCHEMA IF EXISTS public CASCADE");
                s.execute("CREATE SCHEMA public");
                // Prisma leaves creating extensions to the user; rallly's @db.Citext columns need this one.
                s.execute("CREATE EXTENSION IF NOT EXISTS citext");
            }
            StringBuilder text = new StringBuilder();
            for (String line : Files.readAllLines(ddl)) {
                if (!line.startsWith("--")) {
                    text.append(line).append('\n');
                }
            }
            for (String statement : text.toString().split(";\\s*\n")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
        }
    }

    /** Runs a statement (the tables are empty, so nothing changes); returns 1, recording a failure with its SQL. */
    private static int run(Connection db, RenderedSql sql, List<String> failures) {
        try (PreparedStatement ps = db.prepareStatement(sql.sql())) {
            for (int i = 0; i < sql.binds().size(); i++) {
                ps.setObject(i + 1, sql.binds().get(i));
            }
            ps.execute();
        } catch (SQLException e) {
            failures.add(e.getMessage() + "\n    " + sql.sql() + "\n    " + sql.binds());
        }
        return 1;
    }

    private static String sample(Operator op, Field f, ColumnKind kind, Schema schema) {
        if (op == Operator.ISNULL) {
            return "true";
        }
        if (kind.jsonDocument()) {
            return op == Operator.CONTAINS ? "{\"a\":[1,\"x\",{\"b\":true}]}" : "a";
        }
        if (op.isPattern()) {
            return "a%_";
        }
        String one = switch (kind) {
            case STRING -> f.nativeType().filter(n -> n.name().equals("Uuid")).isPresent() ? UUID_SAMPLE : "a";
            case INT, BIGINT -> "1";
            case FLOAT, DECIMAL -> "1.5";
            case BOOLEAN -> "true";
            case DATETIME -> "2026-01-01T12:00:00.250Z";
            case ENUM -> enumValue(f, schema);
            default -> throw new IllegalStateException(op + " on " + kind);
        };
        return op.takesList() ? one + "," + one : one;
    }

    private static Object jdbcSample(Field f, ColumnKind kind, Schema schema) {
        return switch (kind) {
            case STRING -> f.nativeType().filter(n -> n.name().equals("Uuid")).isPresent() ? UUID_SAMPLE : "a";
            case INT -> 1;
            case BIGINT -> 1L;
            case FLOAT -> 1.5;
            case DECIMAL -> new BigDecimal("1.5");
            case BOOLEAN -> true;
            case DATETIME -> LocalDateTime.parse("2026-01-01T12:00:00.250");
            case ENUM -> enumValue(f, schema);
            default -> throw new IllegalStateException("not orderable: " + kind);
        };
    }

    private static Object updateSample(Field f, ColumnKind kind, Schema schema) {
        return switch (kind) {
            case JSON -> "{\"a\": [1, 2]}";
            case BYTES -> new byte[] {1, 2, 3};
            case DATETIME -> Instant.parse("2026-01-01T12:00:00.250Z");
            default -> jdbcSample(f, kind, schema);
        };
    }

    private static String enumValue(Field f, Schema schema) {
        EnumType type = schema.enumType(((FieldType.EnumRef) f.type()).name()).orElseThrow();
        return type.values().getFirst().databaseName();
    }
}
