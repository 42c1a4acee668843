package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Tables and columns a migration renames in place, keeping every row: {@code ALTER TABLE … RENAME TO …}
 * and {@code ALTER TABLE … RENAME COLUMN … TO …}, which SQLite (3.25+) and PostgreSQL both run without
 * copying data and which carry indexes, keys and the foreign keys of other tables along
 * (https://www.sqlite.org/lang_altertable.html, https://www.postgresql.org/docs/current/sql-altertable.html).
 *
 * <p>Planning with renames works on the live snapshot as it will be after them ({@link #apply}), so the rest of
 * the plan diffs as if the names had always been the new ones, and questions about the live rows are asked of
 * the old names ({@link #liveTable}, {@link #liveColumn}).
 *
 * @param tables  tables renamed, each from its live name to the schema's
 * @param columns columns renamed, each named by its table's new name
 */
public record Renames(List<TableRename> tables, List<ColumnRename> columns) {

    /** No renames. */
    public static final Renames NONE = new Renames(List.of(), List.of());

    public Renames {
        tables = List.copyOf(tables);
        columns = List.copyOf(columns);
    }

    /**
     * A table renamed.
     *
     * @param from the live name
     * @param to   the schema's name
     */
    public record TableRename(String from, String to) {
    }

    /**
     * A column renamed.
     *
     * @param table the table's name after the table renames
     * @param from  the live column name
     * @param to    the schema's column name
     */
    public record ColumnRename(String table, String from, String to) {
    }

    /**
     * Returns these renames followed by others found on the database as these leave it (their table renames
     * name tables these do not touch; their column renames name tables by their new names).
     *
     * @param later renames found after these
     * @return both, these first
     */
    Renames and(Renames later) {
        List<TableRename> t = new ArrayList<>(tables);
        t.addAll(later.tables());
        List<ColumnRename> c = new ArrayList<>(columns);
        c.addAll(later.columns());
        return new Renames(t, c);
    }

    /** Returns true when nothing is renamed. */
    public boolean isEmpty() {
        return tables.isEmpty() && columns.isEmpty();
    }

    /**
     * Returns the live name of a table named as the schema names it.
     *
     * @param table a table name after the renames
     * @return its name in the database now
     */
    public String liveTable(String table) {
        return tables.stream().filter(r -> r.to().equals(table)).map(TableRename::from).findFirst().orElse(table);
    }

    /**
     * Returns the live name of a column named as the schema names it.
     *
     * @param table  the table's name after the renames
     * @param column the column's name after the renames
     * @return its name in the database now
     */
    public String liveColumn(String table, String column) {
        return columns.stream().filter(r -> r.table().equals(table) && r.to().equals(column))
                .map(ColumnRename::from).findFirst().orElse(column);
    }

    /**
     * Returns a live snapshot as it will be once the renames have run: tables and columns under their new
     * names, and so every index, key and foreign key that names them; constraint and index names are
     * unchanged (the databases keep them), so the rest of the plan renames or re-creates those it must.
     *
     * @param live the introspected database
     * @return the snapshot after the renames
     */
    public Snapshot apply(Snapshot live) {
        if (isEmpty()) {
            return live;
        }
        List<TableSnapshot> out = new ArrayList<>();
        for (TableSnapshot t : live.tables()) {
            String name = newTable(t.name());
            List<ColumnSnapshot> columns = t.columns().stream()
                    .map(c -> new ColumnSnapshot(newColumn(name, c.name()), c.type(), c.nullable(), c.defaultExpression(), c.autoincrement()))
                    .toList();
            Optional<PrimaryKeySnapshot> pk = t.primaryKey()
                    .map(p -> new PrimaryKeySnapshot(p.name(), p.columns().stream().map(c -> newColumn(name, c)).toList()));
            List<IndexSnapshot> indexes = t.indexes().stream().map(i -> new IndexSnapshot(i.name(),
                    i.columns().stream().map(c -> new IndexColumn(newColumn(name, c.name()), c.descending(), c.operatorClass(), c.jsonPath())).toList(),
                    i.unique(), i.method())).toList();
            List<ForeignKeySnapshot> fks = t.foreignKeys().stream().map(fk -> {
                String target = newTable(fk.referencedTable());
                return new ForeignKeySnapshot(fk.name(), fk.columns().stream().map(c -> newColumn(name, c)).toList(), target,
                        fk.referencedColumns().stream().map(c -> newColumn(target, c)).toList(), fk.onDelete(), fk.onUpdate());
            }).toList();
            out.add(new TableSnapshot(name, columns, pk, indexes, fks, t.checks()));
        }
        return new Snapshot(out, live.enums());
    }

    /**
     * Returns the steps that make the renames, table renames first. Each is additive: the rows stay.
     *
     * @param dialect the database's dialect
     * @param data    the live rows, for the count shown with each step
     * @return the steps
     * @throws java.sql.SQLException when the rows cannot be counted
     */
    List<MigrationStep> steps(Dialect dialect, TableData data) throws java.sql.SQLException {
        List<MigrationStep> steps = new ArrayList<>();
        for (TableRename r : tables) {
            List<String> sql = new ArrayList<>();
            if (dialect.kind() == DatabaseKind.SQLITE && r.from().toLowerCase(Locale.ROOT).equals(r.to().toLowerCase(Locale.ROOT))) {
                // SQLite compares table names without case: a rename that changes only the case goes through another name
                String between = "_plinth_rename_" + r.to();
                sql.add(dialect.renameTable(r.from(), between));
                sql.add(dialect.renameTable(between, r.to()));
            } else {
                sql.add(dialect.renameTable(r.from(), r.to()));
            }
            long rows = data.rows(r.from());
            steps.add(new MigrationStep(MigrationStep.Action.RENAME_TABLE, r.to(), Safety.ADDITIVE,
                    "rename table " + dialect.quote(r.from()) + " to " + dialect.quote(r.to()) + " (" + rows + " row"
                            + (rows == 1 ? "" : "s") + " kept)", Optional.empty(), sql, rows));
        }
        for (ColumnRename r : columns) {
            steps.add(new MigrationStep(MigrationStep.Action.RENAME_COLUMN, r.table(), Safety.ADDITIVE,
                    "rename column " + dialect.quote(r.from()) + " of " + dialect.quote(r.table()) + " to " + dialect.quote(r.to()),
                    Optional.empty(), List.of("ALTER TABLE " + dialect.quote(r.table()) + " RENAME COLUMN " + dialect.quote(r.from())
                    + " TO " + dialect.quote(r.to())), 0));
        }
        return steps;
    }

    private String newTable(String live) {
        return tables.stream().filter(r -> r.from().equals(live)).map(TableRename::to).findFirst().orElse(live);
    }

    private String newColumn(String table, String live) {
        return columns.stream().filter(r -> r.table().equals(table) && r.from().equals(live))
                .map(ColumnRename::to).findFirst().orElse(live);
    }
}
