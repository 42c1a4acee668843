package dev.plinth.migrate;

import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.CheckConstraintSql;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.CheckSnapshot;
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
 * Finds the existing rows that a CHECK constraint being added (or changed) would refuse, and makes each such
 * constraint a destructive {@link MigrationStep.Action#REQUIRE_NO_ROWS} step that runs before any change: the
 * plan is then refused without {@code --force}, with the number of rows and the first of them by key; and with
 * {@code --force} the migration fails on that step and rolls back, naming the row, rather than leaving rows that
 * break the constraint (the database would refuse the constraint anyway; this names the row in Plinth's words).
 *
 * <p>A row breaks a constraint when its condition is false; a condition that is unknown because a value is NULL
 * is met, as the database counts it. A constraint naming a column this same migration adds is not counted
 * beforehand (the column does not exist yet): if rows break it, applying fails and rolls back, naming the
 * constraint.
 */
final class CheckViolations {

    private final Dialect dialect;
    private final Connection connection;
    private final TableData data;

    CheckViolations(Dialect dialect, Connection connection, TableData data) {
        this.dialect = dialect;
        this.connection = connection;
        this.data = data;
    }

    /**
     * Returns one step per new or changed CHECK constraint that existing rows break.
     *
     * @param schema  the resolved schema
     * @param current the live database (after the planned renames)
     * @param wanted  the schema's projection
     * @return the check steps, in schema order; empty when every row meets every new constraint
     * @throws SQLException when the data cannot be read
     */
    List<MigrationStep> steps(Schema schema, Snapshot current, Snapshot wanted) throws SQLException {
        List<MigrationStep> steps = new ArrayList<>();
        for (Model model : schema.models()) {
            if (model.checks().isEmpty() || model.view()) {
                continue;
            }
            Optional<TableSnapshot> live = current.table(model.tableName());
            Optional<TableSnapshot> want = wanted.table(model.tableName());
            // No row count first: a check the table already has needs no reading, and a new one's count of
            // violations is zero on an empty table.
            if (live.isEmpty() || want.isEmpty()) {
                continue;
            }
            CheckConstraintSql render = new CheckConstraintSql(dialect, model, schema);
            for (CheckConstraint check : model.checks()) {
                CheckSnapshot wanted1 = new CheckSnapshot(dialect.truncate(check.name()), render.expression(check));
                if (live.get().checks().contains(wanted1)) {
                    continue;
                }
                List<Field> fields = CheckConstraintSql.fields(check, model);
                if (!fields.stream().allMatch(f -> live.get().column(f.columnName()).isPresent())) {
                    continue;
                }
                violations(model, live.get(), check, wanted1, fields).ifPresent(steps::add);
            }
        }
        return steps;
    }

    private Optional<MigrationStep> violations(Model model, TableSnapshot live, CheckConstraint check, CheckSnapshot snapshot,
                                               List<Field> fields) throws SQLException {
        String table = model.tableName();
        String where = " FROM " + dialect.quote(table) + " WHERE NOT (" + snapshot.expression() + ")";
        long rows;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(data.inLiveNames(table, "SELECT COUNT(*)" + where))) {
            r.next();
            rows = r.getLong(1);
        }
        if (rows == 0) {
            return Optional.empty();
        }
        List<String> key = live.primaryKey().map(PrimaryKeySnapshot::columns).filter(k -> !k.isEmpty())
                .orElse(List.of(dialect.kind() == DatabaseKind.SQLITE ? "rowid" : "ctid"));
        String keyList = key.stream().map(k -> k.equals("rowid") || k.equals("ctid") ? k : dialect.quote(k)).collect(Collectors.joining(", "));
        // The last column is what the row holds in the constraint's fields, e.g. 'price = -1, stock = 3'.
        String values = fields.stream().map(Field::columnName).distinct()
                .map(c -> dialect.literal(c + " = ") + " || COALESCE(CAST(" + dialect.quote(c) + " AS TEXT), 'null')")
                .collect(Collectors.joining(" || ', ' || "));
        String first = "SELECT " + keyList + ", " + (values.isEmpty() ? "''" : values) + where + " ORDER BY " + keyList + " LIMIT 1";
        String example;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(data.inLiveNames(table, first))) {
            r.next();
            example = ValueConversionChecks.describe(r);
        }
        String what = "the CHECK constraint \"" + snapshot.name() + "\" (" + check.text() + ")";
        return Optional.of(new MigrationStep(MigrationStep.Action.REQUIRE_NO_ROWS, table, Safety.DESTRUCTIVE,
                "check that every row of \"" + table + "\" meets " + what,
                Optional.of(rows + " row" + (rows == 1 ? "" : "s") + " of \"" + table + "\" break" + (rows == 1 ? "s" : "") + " "
                        + what + " (first: " + example + "); even with --force the migration fails on them and rolls back"
                        + " until they are changed"),
                List.of(first), rows));
    }
}
