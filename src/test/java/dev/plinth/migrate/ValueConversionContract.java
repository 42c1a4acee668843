package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
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
 * Destructive type changes never leave values the API would misreport: removing an enum value that rows
 * hold is refused without {@code --force}, naming the value's rows, and with {@code --force} fails and
 * rolls back naming the first row; a forced narrowing (BigInt→Int, Float→Int, String→Int) either
 * converts every value exactly or fails the same way; every column of a table that holds such values is
 * named, with its own count and first row; and checking a schema that did not change counts no table's rows
 * (on PostgreSQL a COUNT(*) reads the whole table at every start). Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class ValueConversionContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget target();

    private Schema schema(String fieldType, String enumValues) {
        return SchemaLoader.parse("schema.prisma", """
                enum Stage {
                  %s
                }

                model Deal {
                  id    Int    @id @default(autoincrement())
                  stage Stage  @default(open)
                  value %s
                }
                """.formatted(enumValues, fieldType)).schema().orElseThrow();
    }

    private Migrator migrator() {
        return new Migrator(target().dialect());
    }

    private void migrate(Schema schema, boolean force) throws Exception {
        try (Connection c = target().connect()) {
            migrator().migrate(schema, c, force, MigrationListener.NONE);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private List<String> values(String column) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = target().connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"" + column + "\" FROM \"Deal\" ORDER BY \"id\"")) {
            while (r.next()) {
                values.add(r.getString(1));
            }
        }
        return values;
    }

    private int history() throws Exception {
        try (Connection c = target().connect()) {
            return migrator().history(c).size();
        }
    }

    @Test
    void removingAnEnumValueThatRowsHoldIsRefusedThenFailsNamingTheFirstRow() throws Exception {
        migrate(schema("String?", "open\n  won\n  lost"), false);
        StringBuilder rows = new StringBuilder("INSERT INTO \"Deal\" (\"stage\") VALUES ('won')");
        for (int i = 0; i < 100; i++) {
            rows.append(", ('lost')");
        }
        sql(rows.toString());
        Schema withoutLost = schema("String?", "open\n  won");

        assertThatThrownBy(() -> migrate(withoutLost, false)).isInstanceOf(MigrationRefusedException.class)
                .hasMessageContaining("100 rows of \"Deal\".\"stage\"").hasMessageContaining("enum Stage")
                .hasMessageContaining("first: id = 2 holds 'lost'");
        assertThatThrownBy(() -> migrate(withoutLost, true)).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("the row id = 2 holds 'lost'").hasMessageContaining("rolled back");
        assertThat(values("stage")).hasSize(101).filteredOn("lost"::equals).hasSize(100);
        assertThat(history()).isEqualTo(1);

        sql("UPDATE \"Deal\" SET \"stage\" = 'won' WHERE \"stage\" = 'lost'");
        migrate(withoutLost, false); // SQLite keeps the enum as TEXT: nothing to change, nothing recorded
        try (Connection c = target().connect()) {
            assertThat(migrator().plan(withoutLost, c).isEmpty()).isTrue();
        }
    }

    @Test
    void everyOffendingColumnOfATableIsNamedWithItsOwnRowsAndFirstRow() throws Exception {
        migrate(schema("BigInt?", "open\n  won\n  lost"), false);
        sql("INSERT INTO \"Deal\" (\"stage\", \"value\") VALUES ('lost', 1), ('lost', 2), ('lost', 3),"
                + " ('won', 3000000000), ('won', 3000000001), ('open', 7)");
        Schema narrower = schema("Int?", "open\n  won");

        assertThatThrownBy(() -> migrate(narrower, false)).isInstanceOfSatisfying(MigrationRefusedException.class, e ->
                assertThat(e.plan().destructiveSteps()).filteredOn(s -> s.action() == MigrationStep.Action.REQUIRE_NO_ROWS)
                        .map(s -> s.dataLoss().orElseThrow())
                        .satisfiesExactlyInAnyOrder(
                                loss -> assertThat(loss).contains("3 rows of \"Deal\".\"stage\"").contains("first: id = 1 holds 'lost'"),
                                loss -> assertThat(loss).contains("2 rows of \"Deal\".\"value\"").contains("first: id = 4 holds '3000000000'")));
        assertThat(history()).isEqualTo(1);
    }

    @Test
    void checkingAnUnchangedSchemaCountsNoTablesRows() throws Exception {
        Schema schema = schema("Int?", "open\n  won");
        migrate(schema, false);
        sql("INSERT INTO \"Deal\" (\"stage\", \"value\") VALUES ('won', 1), ('open', 2)");
        List<String> statements = new ArrayList<>();
        try (Connection c = target().connect()) {
            assertThat(migrator().plan(schema, recording(c, statements)).isEmpty()).isTrue();
        }
        // A start reads no table whole just to know its size: on PostgreSQL COUNT(*) reads every row.
        assertThat(statements).isNotEmpty().noneMatch(sql -> sql.contains("COUNT(*) FROM \"Deal\""));
    }

    /** The connection, recording the SQL of every statement it creates or prepares into {@code statements}. */
    private static Connection recording(Connection connection, List<String> statements) {
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args[0] instanceof String sql) {
                        statements.add(sql);
                    }
                    Object result = invoke(method, connection, args);
                    if (result instanceof Statement statement && !(result instanceof java.sql.PreparedStatement)) {
                        return java.lang.reflect.Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[]{Statement.class},
                                (p, m, a) -> {
                                    if (m.getName().startsWith("execute") && a != null && a[0] instanceof String sql) {
                                        statements.add(sql);
                                    }
                                    return invoke(m, statement, a);
                                });
                    }
                    return result;
                });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void aForcedFloatToIntFailsOnAFractionAndConvertsWholeNumbersExactly() throws Exception {
        assertNarrowing("Float?", "1.5", "2.0", "2");
    }

    @Test
    void aForcedStringToIntFailsOnText() throws Exception {
        assertNarrowing("String?", "'not-a-number-0'", "'42'", "42");
    }

    @Test
    void aForcedBigIntToIntFailsBeyondItsRange() throws Exception {
        assertNarrowing("BigInt?", "3000000000", "-2147483648", "-2147483648");
    }

    /** Migrates value from {@code from} to {@code Int?} over a bad value, then over only a good one. */
    private void assertNarrowing(String from, String bad, String good, String converted) throws Exception {
        migrate(schema(from, "open"), false);
        sql("INSERT INTO \"Deal\" (\"value\") VALUES (" + good + ")", "INSERT INTO \"Deal\" (\"value\") VALUES (" + bad + ")");
        Schema toInt = schema("Int?", "open");
        List<String> before = values("value");

        assertThatThrownBy(() -> migrate(toInt, true)).isInstanceOf(MigrationFailedException.class)
                .hasMessageContaining("the row id = 2 holds").hasMessageContaining("\"Deal\".\"value\"")
                .hasMessageContaining("not Int").hasMessageContaining("rolled back");
        assertThat(values("value")).isEqualTo(before);
        assertThat(history()).isEqualTo(1);

        sql("DELETE FROM \"Deal\" WHERE \"id\" = 2");
        migrate(toInt, true);
        assertThat(values("value")).containsExactly(converted);
        try (Connection c = target().connect()) {
            assertThat(migrator().plan(toInt, c).isEmpty()).isTrue();
        }
    }
}
