package dev.plinth.migrate;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Finds the stored values that the schema's new column types cannot hold exactly, and makes each such
 * column a destructive {@link MigrationStep.Action#REQUIRE_NO_ROWS} step that runs before any change: the
 * plan is then refused without {@code --force}, naming the column, how many rows and the first of them;
 * and with {@code --force} the migration fails on that step and rolls back, naming the first row, rather
 * than leaving values the API would misreport (a stored {@code 1.5} served as {@code 1}, a text served as
 * {@code 0}, a removed enum value that no filter accepts).
 *
 * <p>Checked: a column whose type narrows (any change that {@link MigrationPlanner#widening} does not
 * call widening) to {@code Int}, {@code BigInt}, {@code Float} or an enum; on PostgreSQL an enum losing
 * values; and on SQLite, which stores {@code Int}, {@code BigInt} and an enum all as {@code INTEGER} or
 * {@code TEXT} so that the DDL does not change, every {@code Int} column (32-bit range) and every enum
 * column (the enum's values) of a table with rows.
 */
final class ValueConversionChecks {

    private static final String INT_RANGE = "-2147483648 AND 2147483647";
    private static final String BIGINT_RANGE = "-9223372036854775808 AND 9223372036854775807";

    private final Dialect dialect;
    private final Connection connection;
    private final TableData data;

    ValueConversionChecks(Dialect dialect, Connection connection, TableData data) {
        this.dialect = dialect;
        this.connection = connection;
        this.data = data;
    }

    /**
     * Returns one step per column holding values its new type cannot hold exactly.
     *
     * @param schema  the resolved schema
     * @param current the live database
     * @param wanted  the schema's projection
     * @return the check steps, in schema order; empty when every value converts
     * @throws SQLException when the data cannot be read
     */
    List<MigrationStep> steps(Schema schema, Snapshot current, Snapshot wanted) throws SQLException {
        List<MigrationStep> steps = new ArrayList<>();
        boolean sqlite = dialect.kind() == DatabaseKind.SQLITE;
        for (Model model : schema.models()) {
            Optional<TableSnapshot> live = current.table(model.tableName());
            Optional<TableSnapshot> want = wanted.table(model.tableName());
            // No row count first: on PostgreSQL a table's COUNT(*) reads it whole, and most starts check nothing
            // there; where a column is checked, the one scan below finds an empty table's counts all zero.
            if (model.view() || model.ignored() || live.isEmpty() || want.isEmpty()) {
                continue;
            }
            List<ColumnCheck> checks = new ArrayList<>();
            for (Field field : model.fields()) {
                Optional<ColumnSnapshot> old = live.get().column(field.columnName());
                Optional<ColumnSnapshot> next = want.get().column(field.columnName());
                if (!field.isColumn() || field.list() || old.isEmpty() || next.isEmpty()) {
                    continue;
                }
                boolean narrows = !old.get().type().equalsIgnoreCase(next.get().type())
                        && !MigrationPlanner.widening(old.get().type(), next.get().type());
                check(schema, field, current, narrows, sqlite).ifPresent(c -> checks.add(new ColumnCheck(field.columnName(), c)));
            }
            steps.addAll(bad(model.tableName(), live.get(), checks));
        }
        return steps;
    }

    /** A condition true for a value the new type cannot hold exactly, and the type's name in messages. */
    private record Check(String condition, String type) {
    }

    /** A column of one table and the check its values must pass. */
    private record ColumnCheck(String column, Check check) {
    }

    private Optional<Check> check(Schema schema, Field field, Snapshot current, boolean narrows, boolean sqlite) {
        String column = dialect.quote(field.columnName());
        if (field.type() instanceof FieldType.EnumRef ref) {
            Optional<EnumType> type = schema.enumType(ref.name());
            if (type.isEmpty()) {
                return Optional.empty();
            }
            List<String> values = type.get().values().stream().map(EnumType.Value::databaseName).toList();
            boolean losesValues = current.enumType(type.get().databaseName()).map(EnumSnapshot::values)
                    .map(live -> !values.containsAll(live)).orElse(false);
            if (!(sqlite || narrows || losesValues) || values.isEmpty()) {
                return Optional.empty();
            }
            String in = values.stream().map(dialect::literal).collect(Collectors.joining(", "));
            return Optional.of(new Check(text(column) + " NOT IN (" + in + ")", "a value of enum " + type.get().name()));
        }
        Optional<ScalarType> scalar = field.scalarType();
        if (scalar.isEmpty()) {
            return Optional.empty();
        }
        return switch (scalar.get()) {
            case INT -> narrows || sqlite ? Optional.of(new Check(notWhole(column, INT_RANGE), "Int")) : Optional.empty();
            case BIGINT -> narrows ? Optional.of(new Check(notWhole(column, BIGINT_RANGE), "BigInt")) : Optional.empty();
            case FLOAT -> narrows ? Optional.of(new Check(notNumber(column), "Float")) : Optional.empty();
            default -> Optional.empty();
        };
    }

    private String text(String column) {
        return dialect.kind() == DatabaseKind.POSTGRESQL ? column + "::text" : column;
    }

    /**
     * A value that is not a whole number within range. On SQLite, casting to INTEGER and comparing with the
     * value (numeric affinity applies to a text operand) is true only for a value the INTEGER column keeps
     * exactly (https://www.sqlite.org/datatype3.html#comparisons); on PostgreSQL the value's text must be
     * an integer (a float's {@code 2} or a numeric's {@code 2.00} included) within range.
     */
    private String notWhole(String column, String range) {
        if (dialect.kind() == DatabaseKind.SQLITE) {
            return "NOT (CAST(" + column + " AS INTEGER) = " + column + " AND CAST(" + column + " AS INTEGER) BETWEEN " + range + ")";
        }
        // CASE, not AND: PostgreSQL does not promise to test the pattern before casting a text that is no number.
        return "NOT CASE WHEN " + column + "::text ~ '^\\s*-?[0-9]+(\\.0*)?\\s*$' THEN trunc(" + column + "::text::numeric) BETWEEN "
                + range + " ELSE false END";
    }

    /** A value that is not a number. */
    private String notNumber(String column) {
        if (dialect.kind() == DatabaseKind.SQLITE) {
            return "NOT (CAST(" + column + " AS REAL) = " + column + ")";
        }
        return "NOT (" + column + "::text ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$')";
    }

    /**
     * Counts the offending values of every checked column of one table in a single scan (on SQLite every
     * {@code Int} and enum column of a table with rows is checked at every start, so a table with several
     * is read once, not once per column), and makes a step for each column that has some, naming its first
     * offending row.
     */
    private List<MigrationStep> bad(String table, TableSnapshot live, List<ColumnCheck> checks) throws SQLException {
        if (checks.isEmpty()) {
            return List.of();
        }
        String counts = checks.stream().map(c -> "COUNT(CASE WHEN " + offending(c) + " THEN 1 END)").collect(Collectors.joining(", "));
        long[] rows = new long[checks.size()];
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery(data.inLiveNames(table, "SELECT " + counts + " FROM " + dialect.quote(table)))) {
            r.next();
            for (int i = 0; i < rows.length; i++) {
                rows[i] = r.getLong(i + 1);
            }
        }
        List<MigrationStep> steps = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] > 0) {
                steps.add(step(table, live, checks.get(i), rows[i]));
            }
        }
        return steps;
    }

    /** The condition true for a row whose value of the column fails the check. */
    private String offending(ColumnCheck c) {
        return dialect.quote(c.column()) + " IS NOT NULL AND " + c.check().condition();
    }

    private MigrationStep step(String table, TableSnapshot live, ColumnCheck c, long rows) throws SQLException {
        List<String> key = live.primaryKey().map(PrimaryKeySnapshot::columns).filter(k -> !k.isEmpty())
                .orElse(List.of(dialect.kind() == DatabaseKind.SQLITE ? "rowid" : "ctid"));
        String keyList = key.stream().map(k -> k.equals("rowid") || k.equals("ctid") ? k : dialect.quote(k)).collect(Collectors.joining(", "));
        String first = "SELECT " + keyList + ", " + dialect.quote(c.column()) + " FROM " + dialect.quote(table) + " WHERE "
                + offending(c) + " ORDER BY " + keyList + " LIMIT 1";
        String example;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(data.inLiveNames(table, first))) {
            r.next();
            example = describe(r);
        }
        String what = q(table) + "." + q(c.column());
        return new MigrationStep(MigrationStep.Action.REQUIRE_NO_ROWS, table, Safety.DESTRUCTIVE,
                "check that every value of " + what + " is " + c.check().type(),
                Optional.of(rows + " row" + (rows == 1 ? "" : "s") + " of " + what + " hold" + (rows == 1 ? "s" : "")
                        + " a value that is not " + c.check().type() + " (first: " + example + "); even with --force the"
                        + " migration fails on them and rolls back until they are changed"),
                List.of(first), rows);
    }

    /**
     * Describes the first offending row of a {@link MigrationStep.Action#REQUIRE_NO_ROWS} query, whose
     * columns are the row's key and then the value: e.g. {@code id = 7 holds '1.5'}.
     *
     * @param row the result set, on the row
     * @return the description
     * @throws SQLException when the row cannot be read
     */
    static String describe(ResultSet row) throws SQLException {
        int columns = row.getMetaData().getColumnCount();
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < columns; i++) {
            text.append(i == 1 ? "" : ", ").append(row.getMetaData().getColumnName(i)).append(" = ").append(row.getString(i));
        }
        return text.append(" holds '").append(row.getString(columns)).append("'").toString();
    }

    private static String q(String name) {
        return "\"" + name + "\"";
    }
}
