package dev.plinth.migrate;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the drops and adds of a plan that look like renames ({@link RenameHint}): in one table, a column the
 * plan drops and a column it adds with the same type; a table the plan drops and a table it creates with the
 * same columns (names and types). Each pairing is offered; the user picks with {@code --rename}.
 */
final class RenameHints {

    private RenameHints() {
    }

    /**
     * Finds the hints.
     *
     * @param schema  the resolved schema
     * @param current the live database as the planned renames leave it
     * @param wanted  the schema's projection
     * @param steps   the plan's steps (its {@code DROP_TABLE} steps say which tables are really dropped)
     * @return the hints, in schema order
     */
    static List<RenameHint> find(Schema schema, Snapshot current, Snapshot wanted, List<MigrationStep> steps) {
        List<RenameHint> hints = new ArrayList<>();
        Set<String> droppedTables = steps.stream().filter(s -> s.action() == MigrationStep.Action.DROP_TABLE)
                .map(MigrationStep::table).collect(Collectors.toSet());
        for (Model model : schema.models()) {
            if (model.view()) {
                continue;
            }
            Optional<TableSnapshot> want = wanted.table(model.tableName());
            Optional<TableSnapshot> live = current.table(model.tableName());
            if (want.isEmpty()) {
                continue;
            }
            if (live.isEmpty()) {
                for (String dropped : droppedTables) {
                    TableSnapshot old = current.table(dropped).orElseThrow();
                    if (sameColumns(old, want.get()) && RenameRequest.NAME.matcher(dropped).matches()) {
                        hints.add(new RenameHint(dropped + "=" + model.name(), "table \"" + dropped + "\"",
                                "table \"" + model.tableName() + "\""));
                    }
                }
                continue;
            }
            List<ColumnSnapshot> dropped = live.get().columns().stream().filter(c -> want.get().column(c.name()).isEmpty()).toList();
            for (ColumnSnapshot added : want.get().columns()) {
                if (live.get().column(added.name()).isPresent()) {
                    continue;
                }
                Optional<Field> field = model.columnFields().stream().filter(f -> f.columnName().equals(added.name())).findFirst();
                for (ColumnSnapshot gone : dropped) {
                    if (field.isPresent() && gone.type().equalsIgnoreCase(added.type()) && RenameRequest.NAME.matcher(gone.name()).matches()) {
                        hints.add(new RenameHint(model.name() + "." + gone.name() + "=" + field.get().name(),
                                "column \"" + gone.name() + "\" of \"" + model.tableName() + "\"",
                                "column \"" + added.name() + "\" of \"" + model.tableName() + "\""));
                    }
                }
            }
        }
        return hints;
    }

    private static boolean sameColumns(TableSnapshot a, TableSnapshot b) {
        return signature(a).equals(signature(b));
    }

    private static Set<String> signature(TableSnapshot table) {
        return table.columns().stream().map(c -> c.name() + " " + c.type().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
