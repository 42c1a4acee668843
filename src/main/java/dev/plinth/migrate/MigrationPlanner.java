package dev.plinth.migrate;

import dev.plinth.sql.DefaultExpressions;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.PostgresDialect;
import dev.plinth.sql.SqliteDialect;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.EnumSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Diffs a live database's snapshot against the snapshot a schema projects, into the steps that turn
 * one into the other, each classified additive or destructive with the reason in words.
 *
 * <p>On PostgreSQL every change is an {@code ALTER}. On SQLite, whose {@code ALTER TABLE} can only add
 * a nullable (or constant-default) column, rename and drop, every other change to an existing table
 * is made by the table rebuild SQLite documents (https://www.sqlite.org/lang_altertable.html#otheralter):
 * create {@code new_T} with the wanted definition, copy the rows, drop {@code T}, rename {@code new_T}
 * to {@code T}, re-create its indexes and triggers.
 */
final class MigrationPlanner {

    private static final Pattern LENGTH = Pattern.compile("^(VARCHAR|CHAR|TIMESTAMP|TIMESTAMPTZ|TIME|TIMETZ)\\((\\d+)\\)$");

    private final Dialect dialect;
    private final TableData data;

    /** The steps, by the phase in which they run (see {@link #plan}). */
    private final List<MigrationStep> dropForeignKeys = new ArrayList<>();
    private final List<MigrationStep> enumSteps = new ArrayList<>();
    private final List<MigrationStep> dropIndexes = new ArrayList<>();
    private final List<MigrationStep> dropTables = new ArrayList<>();
    private final List<MigrationStep> createTables = new ArrayList<>();
    private final List<MigrationStep> columnSteps = new ArrayList<>();
    private final List<MigrationStep> createIndexes = new ArrayList<>();
    private final List<MigrationStep> addForeignKeys = new ArrayList<>();
    private final List<MigrationStep> addChecks = new ArrayList<>();
    private final List<MigrationStep> dropEnums = new ArrayList<>();
    private Snapshot wanted = new Snapshot(List.of(), List.of());

    MigrationPlanner(Dialect dialect, TableData data) {
        this.dialect = dialect;
        this.data = data;
    }

    /**
     * Plans the migration.
     *
     * @param current the live database
     * @param wanted  the schema's projection
     * @param managed the tables Plinth manages (from the history); other tables absent from the schema are left alone
     * @param checksum the schema checksum to record
     * @return the plan
     * @throws SQLException when the data cannot be inspected
     */
    MigrationPlan plan(Snapshot current, Snapshot wanted, Set<String> managed, String checksum) throws SQLException {
        this.wanted = wanted;
        List<String> unknown = new ArrayList<>();
        if (dialect instanceof PostgresDialect pg) {
            planEnums(pg, current, wanted, managed);
        }
        for (TableSnapshot table : current.tables()) {
            if (wanted.table(table.name()).isPresent()) {
                continue;
            }
            if (managed.contains(table.name())) {
                long rows = data.rows(table.name());
                if (dialect instanceof PostgresDialect pg) {
                    for (TableSnapshot other : current.tables()) {
                        for (ForeignKeySnapshot fk : other.foreignKeys()) {
                            // A table that stays, or one this plan drops too (PostgreSQL refuses to drop a table
                            // another table's foreign key references, whatever the order of the drops).
                            boolean keptOrDropped = wanted.table(other.name()).isPresent() || managed.contains(other.name());
                            if (fk.referencedTable().equals(table.name()) && !other.name().equals(table.name())
                                    && keptOrDropped && fk.name().isPresent()) {
                                // Dropped here; re-added by the diff of that table if the schema still wants it.
                                dropForeignKeys.add(step(MigrationStep.Action.DROP_FOREIGN_KEY, other.name(), Safety.ADDITIVE,
                                        "drop foreign key " + q(fk.name().get()) + " of " + q(other.name()), null,
                                        List.of(pg.dropConstraint(other.name(), fk.name().get())), 0));
                            }
                        }
                    }
                }
                dropTables.add(step(MigrationStep.Action.DROP_TABLE, table.name(), Safety.DESTRUCTIVE,
                        "drop table " + q(table.name()) + " (not in the schema)",
                        "the table " + q(table.name()) + " and its " + rows + " row" + (rows == 1 ? "" : "s"),
                        List.of(dialect.dropTable(table.name())), rows));
            } else {
                unknown.add(table.name());
            }
        }
        for (TableSnapshot table : wanted.tables()) {
            Optional<TableSnapshot> live = current.table(table.name());
            if (live.isEmpty()) {
                createTable(table);
            } else if (dialect instanceof PostgresDialect pg) {
                alterPostgres(pg, live.get(), table, current);
            } else {
                alterSqlite((SqliteDialect) dialect, live.get(), table);
            }
        }
        List<MigrationStep> steps = new ArrayList<>();
        steps.addAll(dropForeignKeys);
        steps.addAll(enumSteps);
        steps.addAll(dropIndexes);
        steps.addAll(dropTables);
        steps.addAll(createTables);
        steps.addAll(columnSteps);
        steps.addAll(createIndexes);
        steps.addAll(addForeignKeys);
        steps.addAll(addChecks);
        steps.addAll(dropEnums);
        return new MigrationPlan(dialect.kind(), steps, unknown, wanted.tables().stream().map(TableSnapshot::name).toList(), checksum);
    }

    // ---- enums (PostgreSQL) ----

    private void planEnums(PostgresDialect pg, Snapshot current, Snapshot wanted, Set<String> managed) throws SQLException {
        for (EnumSnapshot type : wanted.enums()) {
            Optional<EnumSnapshot> live = current.enumType(type.name());
            if (live.isEmpty()) {
                enumSteps.add(step(MigrationStep.Action.CREATE_ENUM, type.name(), Safety.ADDITIVE,
                        "create enum type " + q(type.name()), null, List.of(pg.createEnum(type)), 0));
                continue;
            }
            List<String> removed = live.get().values().stream().filter(v -> !type.values().contains(v)).toList();
            List<String> added = type.values().stream().filter(v -> !live.get().values().contains(v)).toList();
            // A label added by ALTER TYPE … ADD VALUE cannot be used before the transaction commits
            // (PostgreSQL, "ALTER TYPE", notes); when a default uses one, the type is re-created instead.
            boolean addedValueUsed = added.stream().anyMatch(v -> usesValue(pg, wanted, type.name(), v));
            if (removed.isEmpty() && !addedValueUsed) {
                for (String value : added) {
                    enumSteps.add(step(MigrationStep.Action.ALTER_ENUM, type.name(), Safety.ADDITIVE,
                            "add value '" + value + "' to enum type " + q(type.name()), null, List.of(pg.addEnumValue(type.name(), value)), 0));
                }
                continue;
            }
            // PostgreSQL cannot remove an enum label: the type is re-created and every column converted.
            String old = pg.truncate(type.name() + "_old");
            List<String> sql = new ArrayList<>(List.of(pg.renameEnum(type.name(), old), pg.createEnum(type)));
            long affected = 0;
            for (TableSnapshot table : current.tables()) {
                for (ColumnSnapshot column : table.columns()) {
                    String quoted = pg.quote(type.name());
                    if (column.type().equals(quoted) || column.type().equals(quoted + "[]")) {
                        if (!column.type().endsWith("[]")) {
                            affected += data.rowsWithValues(table.name(), column.name(), removed);
                        }
                        if (column.defaultExpression().isPresent()) {
                            sql.add(pg.setDefault(table.name(), column.name(), Optional.empty()));
                        }
                        sql.add(pg.alterColumnType(table.name(), column.name(), column.type()));
                        Optional<String> wantedDefault = wanted.table(table.name()).flatMap(t -> t.column(column.name()))
                                .flatMap(ColumnSnapshot::defaultExpression);
                        if (wantedDefault.isPresent()) {
                            sql.add(pg.setDefault(table.name(), column.name(), wantedDefault));
                        }
                    }
                }
            }
            sql.add(pg.dropEnum(old));
            enumSteps.add(step(MigrationStep.Action.ALTER_ENUM, type.name(), affected > 0 ? Safety.DESTRUCTIVE : Safety.ADDITIVE,
                    "re-create enum type " + q(type.name())
                            + (removed.isEmpty() ? "" : " without " + quoteValues(removed))
                            + (added.isEmpty() ? "" : (removed.isEmpty() ? " with " : " and with ") + quoteValues(added)),
                    affected > 0 ? affected + " rows hold the removed value" + (removed.size() == 1 ? "" : "s")
                            + " and cannot be converted; the step fails until they are changed" : null, sql, 0));
        }
        Set<String> stillUsed = new HashSet<>();
        for (TableSnapshot table : current.tables()) {
            // A table left alone keeps its enum types; one this plan drops (managed, not in the schema) does not.
            if (wanted.table(table.name()).isEmpty() && !managed.contains(table.name())) {
                table.columns().forEach(c -> stillUsed.add(c.type().replace("[]", "")));
            }
        }
        for (TableSnapshot table : wanted.tables()) {
            table.columns().forEach(c -> stillUsed.add(c.type().replace("[]", "")));
        }
        for (EnumSnapshot type : current.enums()) {
            if (wanted.enumType(type.name()).isEmpty() && !stillUsed.contains(pg.quote(type.name()))) {
                dropEnums.add(step(MigrationStep.Action.DROP_ENUM, type.name(), Safety.ADDITIVE,
                        "drop enum type " + q(type.name()) + " (no column uses it)", null, List.of(pg.dropEnum(type.name())), 0));
            }
        }
    }

    private static boolean usesValue(PostgresDialect pg, Snapshot wanted, String type, String value) {
        String quoted = pg.quote(type);
        String literal = DefaultExpressions.canonical(pg.literal(value));
        return wanted.tables().stream().flatMap(t -> t.columns().stream())
                .filter(c -> c.type().equals(quoted) || c.type().equals(quoted + "[]"))
                .anyMatch(c -> c.defaultExpression().map(d -> DefaultExpressions.canonical(d).contains(literal)).orElse(false));
    }

    private static String quoteValues(List<String> values) {
        return String.join(", ", values.stream().map(v -> "'" + v + "'").toList());
    }

    // ---- new tables ----

    private void createTable(TableSnapshot table) {
        List<String> sql = new ArrayList<>();
        sql.add(dialect.createTable(table));
        for (IndexSnapshot index : table.indexes()) {
            sql.add(dialect.createIndex(table.name(), index));
        }
        if (dialect instanceof PostgresDialect pg) {
            for (CheckSnapshot check : table.checks()) {
                sql.add(pg.commentOnCheck(table.name(), check));
            }
        }
        createTables.add(step(MigrationStep.Action.CREATE_TABLE, table.name(), Safety.ADDITIVE,
                "create table " + q(table.name()), null, sql, 0));
        if (dialect instanceof PostgresDialect pg) {
            for (ForeignKeySnapshot fk : table.foreignKeys()) {
                addForeignKeys.add(addForeignKey(pg, table.name(), fk));
            }
        }
    }

    private MigrationStep addForeignKey(PostgresDialect pg, String table, ForeignKeySnapshot fk) {
        return step(MigrationStep.Action.ADD_FOREIGN_KEY, table, Safety.ADDITIVE,
                "add foreign key " + q(fk.name().orElse("")) + " (" + String.join(", ", fk.columns()) + ") of " + q(table)
                        + " to " + q(fk.referencedTable()), null, List.of(pg.addForeignKey(table, fk)), 0);
    }

    // ---- PostgreSQL: ALTER ----

    private void alterPostgres(PostgresDialect pg, TableSnapshot live, TableSnapshot want, Snapshot current) throws SQLException {
        String table = want.name();
        // Foreign keys first: a changed or removed key is dropped before columns and indexes change.
        for (ForeignKeySnapshot fk : live.foreignKeys()) {
            if (!want.foreignKeys().contains(fk) && fk.name().isPresent() && !alreadyDropped(table, fk.name().get())) {
                dropForeignKeys.add(step(MigrationStep.Action.DROP_FOREIGN_KEY, table, Safety.ADDITIVE,
                        "drop foreign key " + q(fk.name().get()) + " of " + q(table), null,
                        List.of(pg.dropConstraint(table, fk.name().get())), 0));
            }
        }
        for (ForeignKeySnapshot fk : want.foreignKeys()) {
            if (!live.foreignKeys().contains(fk) || droppedBecauseTargetDropped(table, fk)) {
                addForeignKeys.add(addForeignKey(pg, table, fk));
            }
        }
        for (ColumnSnapshot column : want.columns()) {
            Optional<ColumnSnapshot> existing = live.column(column.name());
            if (existing.isEmpty()) {
                addColumnPostgres(pg, table, column);
            } else {
                alterColumnPostgres(pg, table, existing.get(), column);
            }
        }
        for (ColumnSnapshot column : live.columns()) {
            if (want.column(column.name()).isEmpty()) {
                long values = data.values(table, column.name());
                columnSteps.add(step(MigrationStep.Action.DROP_COLUMN, table, Safety.DESTRUCTIVE,
                        "drop column " + q(column.name()) + " of " + q(table) + " (not in the schema)",
                        "the column " + q(table) + "." + q(column.name()) + " and its " + values + " non-null value" + (values == 1 ? "" : "s"),
                        List.of(pg.dropColumn(table, column.name())), data.rows(table)));
            }
        }
        if (renamedPrimaryKey(live.primaryKey(), want.primaryKey())) {
            // Same columns, another name (a table renamed, or @id(map:) changed): the constraint and its index are
            // renamed in place, so foreign keys depending on the key stay valid.
            String from = live.primaryKey().flatMap(PrimaryKeySnapshot::name).orElseThrow();
            String to = want.primaryKey().flatMap(PrimaryKeySnapshot::name).orElseThrow();
            columnSteps.add(step(MigrationStep.Action.ALTER_PRIMARY_KEY, table, Safety.ADDITIVE,
                    "rename the primary key " + q(from) + " of " + q(table) + " to " + q(to), null,
                    List.of("ALTER TABLE " + pg.quote(table) + " RENAME CONSTRAINT " + pg.quote(from) + " TO " + pg.quote(to)), 0));
        } else if (!samePrimaryKey(live.primaryKey(), want.primaryKey())) {
            List<String> sql = new ArrayList<>();
            live.primaryKey().flatMap(PrimaryKeySnapshot::name).ifPresent(n -> sql.add(pg.dropConstraint(table, n)));
            want.primaryKey().ifPresent(pk -> sql.add(pg.addPrimaryKey(table, pk.name().orElse(pg.truncate(table + "_pkey")), pk.columns())));
            boolean sameColumns = live.primaryKey().map(PrimaryKeySnapshot::columns).equals(want.primaryKey().map(PrimaryKeySnapshot::columns));
            long rows = data.rows(table);
            boolean risky = !sameColumns && rows > 0 && want.primaryKey().isPresent();
            columnSteps.add(step(MigrationStep.Action.ALTER_PRIMARY_KEY, table, risky ? Safety.DESTRUCTIVE : Safety.ADDITIVE,
                    "change the primary key of " + q(table) + " to (" + want.primaryKey().map(p -> String.join(", ", p.columns())).orElse("none") + ")",
                    risky ? "the " + rows + " existing rows must be unique and non-null on the new key, or the step fails" : null, sql, rows));
        }
        for (IndexSnapshot index : live.indexes()) {
            Optional<IndexSnapshot> wanted = want.index(index.name());
            if (wanted.isEmpty() || !wanted.get().equals(index)) {
                String drop = index.unique() && data.isUniqueConstraint(table, index.name())
                        ? pg.dropConstraint(table, index.name()) : pg.dropIndex(index.name());
                dropIndexes.add(step(MigrationStep.Action.DROP_INDEX, table, Safety.ADDITIVE,
                        "drop index " + q(index.name()) + " of " + q(table) + (wanted.isEmpty() ? " (not in the schema)" : " (changed)"),
                        null, List.of(drop), 0));
            }
        }
        for (IndexSnapshot index : want.indexes()) {
            Optional<IndexSnapshot> existing = live.index(index.name());
            if (existing.isEmpty() || !existing.get().equals(index)) {
                createIndexes.add(createIndex(table, index));
            }
        }
        checksPostgres(pg, live, want);
    }

    /**
     * CHECK constraints on PostgreSQL: a removed or changed one is dropped before the columns change (dropping a
     * column drops the constraints over it), a new or changed one is added at the end, with the comment that keeps
     * its expression for the next comparison. Rows that would break one are found by {@link CheckViolations}.
     */
    private void checksPostgres(PostgresDialect pg, TableSnapshot live, TableSnapshot want) throws SQLException {
        String table = want.name();
        for (CheckSnapshot check : live.checks()) {
            if (!want.checks().contains(check)) {
                boolean changed = want.check(check.name()).isPresent();
                dropIndexes.add(step(MigrationStep.Action.DROP_CHECK, table, Safety.ADDITIVE,
                        "drop CHECK constraint " + q(check.name()) + " of " + q(table) + (changed ? " (changed)" : " (not in the schema)"),
                        null, List.of(pg.dropConstraint(table, check.name())), 0));
            }
        }
        for (CheckSnapshot check : want.checks()) {
            if (!live.checks().contains(check)) {
                addChecks.add(step(MigrationStep.Action.ADD_CHECK, table, Safety.ADDITIVE,
                        "add CHECK constraint " + q(check.name()) + " to " + q(table) + ": " + check.expression(), null,
                        List.of(pg.addCheck(table, check), pg.commentOnCheck(table, check)), data.rows(table)));
            }
        }
    }

    private boolean alreadyDropped(String table, String name) {
        return dropForeignKeys.stream().anyMatch(s -> s.table().equals(table) && s.description().startsWith("drop foreign key " + q(name) + " "));
    }

    private boolean droppedBecauseTargetDropped(String table, ForeignKeySnapshot fk) {
        return fk.name().isPresent() && alreadyDropped(table, fk.name().get())
                && dropTables.stream().anyMatch(s -> s.table().equals(fk.referencedTable()));
    }

    private MigrationStep createIndex(String table, IndexSnapshot index) throws SQLException {
        long rows = data.rows(table);
        long duplicates = 0;
        if (index.unique() && rows > 1) {
            duplicates = duplicatesFor(table, index, rows);
        }
        String what = (index.unique() ? "unique index " : "index ") + q(index.name()) + " on " + q(table)
                + " (" + String.join(", ", index.columnNames()) + ")";
        return step(MigrationStep.Action.CREATE_INDEX, table, duplicates > 0 ? Safety.DESTRUCTIVE : Safety.ADDITIVE,
                "create " + what, duplicates > 0 ? duplicates + " value" + (duplicates == 1 ? "" : "s") + " of ("
                        + String.join(", ", index.columnNames()) + ") occur in more than one row; the unique index cannot be created until they are made unique"
                        : null, List.of(dialect.createIndex(table, index)), rows);
    }

    private final Set<String> knownColumns = new HashSet<>();

    /**
     * Counts the key values a new unique index would meet more than once. A column added by this plan
     * holds one value in every existing row (its default, or the zero value) — or NULL, which never
     * collides — so only the existing columns of the key are counted.
     */
    private long duplicatesFor(String table, IndexSnapshot index, long rows) throws SQLException {
        List<String> existing = new ArrayList<>();
        for (String column : index.columnNames()) {
            if (columnExists(table, column)) {
                existing.add(column);
                continue;
            }
            Optional<ColumnSnapshot> added = wanted.table(table).flatMap(t -> t.column(column));
            if (added.isEmpty() || added.get().autoincrement()
                    || added.get().nullable() && added.get().defaultExpression().isEmpty()) {
                return 0;
            }
        }
        return existing.isEmpty() ? 1 : data.duplicates(table, existing);
    }

    private boolean columnExists(String table, String column) {
        return knownColumns.contains(table + "\u0000" + column);
    }

    private void addColumnPostgres(PostgresDialect pg, String table, ColumnSnapshot column) throws SQLException {
        long rows = data.rows(table);
        if (column.nullable() || column.defaultExpression().isPresent() || column.autoincrement() || rows == 0) {
            columnSteps.add(step(MigrationStep.Action.ADD_COLUMN, table, Safety.ADDITIVE,
                    "add column " + q(column.name()) + " to " + q(table), null, List.of(pg.addColumn(table, column)), rows));
            return;
        }
        String fill = fill(column);
        ColumnSnapshot filled = new ColumnSnapshot(column.name(), column.type(), false, Optional.of(fill), false);
        columnSteps.add(step(MigrationStep.Action.ADD_COLUMN, table, Safety.DESTRUCTIVE,
                "add required column " + q(column.name()) + " to " + q(table),
                "the column is required and has no default, and " + rows + " existing row" + (rows == 1 ? "" : "s")
                        + " would get the value " + fill,
                List.of(pg.addColumn(table, filled), pg.setDefault(table, column.name(), Optional.empty())), rows));
    }

    private void alterColumnPostgres(PostgresDialect pg, String table, ColumnSnapshot live, ColumnSnapshot want) throws SQLException {
        knownColumns.add(table + "\u0000" + want.name());
        List<String> sql = new ArrayList<>();
        List<String> changes = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        boolean typeChanged = !live.type().equalsIgnoreCase(want.type());
        boolean defaultChanged = !DefaultExpressions.same(live.defaultExpression(), want.defaultExpression());
        if (typeChanged) {
            if (live.defaultExpression().isPresent() || live.autoincrement()) {
                sql.add(pg.setDefault(table, want.name(), Optional.empty()));
                defaultChanged = want.defaultExpression().isPresent();
            }
            sql.add(pg.alterColumnType(table, want.name(), want.type()));
            changes.add("type " + live.type() + " to " + want.type());
            long values = data.values(table, want.name());
            if (!widening(live.type(), want.type()) && values > 0) {
                losses.add(values + " value" + (values == 1 ? "" : "s") + " of " + q(table) + "." + q(want.name())
                        + " converted from " + live.type() + " to " + want.type() + " (values that do not convert make the step fail)");
            }
        }
        if (want.autoincrement() != live.autoincrement()) {
            if (want.autoincrement()) {
                String sequence = pg.truncate(table + "_" + want.name() + "_seq");
                sql.add("CREATE SEQUENCE IF NOT EXISTS " + pg.quote(sequence) + " OWNED BY " + pg.quote(table) + "." + pg.quote(want.name()));
                sql.add(pg.setDefault(table, want.name(), Optional.of("nextval(" + pg.literal(pg.quote(sequence)) + "::regclass)")));
                sql.add("SELECT setval(" + pg.literal(pg.quote(sequence)) + ", COALESCE(MAX(" + pg.quote(want.name()) + "), 0) + 1, false) FROM " + pg.quote(table));
                changes.add("autoincrement");
            } else {
                sql.add(pg.setDefault(table, want.name(), Optional.empty()));
                changes.add("no autoincrement");
            }
        } else if (defaultChanged && !want.autoincrement()) {
            sql.add(pg.setDefault(table, want.name(), want.defaultExpression()));
            changes.add(want.defaultExpression().map(d -> "default " + d).orElse("no default"));
        }
        if (live.nullable() != want.nullable()) {
            if (want.nullable()) {
                sql.add(pg.setNullable(table, want.name(), true));
                changes.add("optional");
            } else {
                long nulls = data.nulls(table, want.name());
                if (nulls > 0) {
                    String fill = want.defaultExpression().orElseGet(() -> fill(want));
                    sql.add("UPDATE " + pg.quote(table) + " SET " + pg.quote(want.name()) + " = " + fill + " WHERE " + pg.quote(want.name()) + " IS NULL");
                    losses.add(nulls + " row" + (nulls == 1 ? "" : "s") + " with no value in " + q(table) + "." + q(want.name())
                            + " would get " + fill);
                }
                sql.add(pg.setNullable(table, want.name(), false));
                changes.add("required");
            }
        }
        if (!sql.isEmpty()) {
            columnSteps.add(step(MigrationStep.Action.ALTER_COLUMN, table, losses.isEmpty() ? Safety.ADDITIVE : Safety.DESTRUCTIVE,
                    "alter column " + q(want.name()) + " of " + q(table) + ": " + String.join(", ", changes),
                    losses.isEmpty() ? null : String.join("; ", losses), sql, data.rows(table)));
        }
    }

    // ---- SQLite: ADD COLUMN or rebuild ----

    private void alterSqlite(SqliteDialect sqlite, TableSnapshot live, TableSnapshot want) throws SQLException {
        String table = want.name();
        // The row count (COUNT(*), a read of the whole table) only where a change needs it: not at every start.
        List<String> changes = new ArrayList<>();
        List<String> losses = new ArrayList<>();
        List<ColumnSnapshot> simpleAdds = new ArrayList<>();
        boolean rebuild = false;
        Set<String> foreignKeyColumns = new HashSet<>();
        want.foreignKeys().forEach(fk -> foreignKeyColumns.addAll(fk.columns()));
        for (ColumnSnapshot column : want.columns()) {
            Optional<ColumnSnapshot> existing = live.column(column.name());
            existing.ifPresent(c -> knownColumns.add(table + "\u0000" + c.name()));
            if (existing.isEmpty()) {
                boolean inKey = want.primaryKey().map(pk -> pk.columns().contains(column.name())).orElse(false);
                if (sqlite.canAddColumn(column) && !inKey && !foreignKeyColumns.contains(column.name())) {
                    simpleAdds.add(column);
                } else {
                    rebuild = true;
                    changes.add("add column " + q(column.name()));
                    if (!column.nullable() && column.defaultExpression().isEmpty() && !column.autoincrement()) {
                        long rows = data.rows(table);
                        if (rows > 0) {
                            losses.add("the new column " + q(column.name()) + " is required and has no default; " + rows
                                    + " existing row" + (rows == 1 ? "" : "s") + " would get " + fill(column));
                        }
                    }
                }
                continue;
            }
            ColumnSnapshot old = existing.get();
            if (!old.type().equalsIgnoreCase(column.type())) {
                rebuild = true;
                changes.add("change the type of " + q(column.name()) + " from " + old.type() + " to " + column.type());
                long values = data.values(table, column.name());
                if (values > 0 && !widening(old.type(), column.type())) {
                    losses.add(values + " value" + (values == 1 ? "" : "s") + " of " + q(table) + "." + q(column.name())
                            + " change type from " + old.type() + " to " + column.type());
                }
            }
            if (old.nullable() != column.nullable()) {
                rebuild = true;
                changes.add(column.nullable() ? "make " + q(column.name()) + " optional" : "make " + q(column.name()) + " required");
                if (!column.nullable()) {
                    long nulls = data.nulls(table, column.name());
                    if (nulls > 0) {
                        losses.add(nulls + " row" + (nulls == 1 ? "" : "s") + " with no value in " + q(table) + "." + q(column.name())
                                + " would get " + column.defaultExpression().orElseGet(() -> fill(column)));
                    }
                }
            }
            if (!DefaultExpressions.same(old.defaultExpression(), column.defaultExpression())) {
                rebuild = true;
                changes.add("change the default of " + q(column.name()) + " to " + column.defaultExpression().orElse("none"));
            }
            if (old.autoincrement() != column.autoincrement()) {
                rebuild = true;
                changes.add((column.autoincrement() ? "autoincrement " : "no autoincrement on ") + q(column.name()));
            }
        }
        for (ColumnSnapshot column : live.columns()) {
            if (want.column(column.name()).isEmpty()) {
                rebuild = true;
                changes.add("drop column " + q(column.name()));
                long values = data.values(table, column.name());
                losses.add("the column " + q(table) + "." + q(column.name()) + " and its " + values + " non-null value" + (values == 1 ? "" : "s"));
            }
        }
        if (!live.primaryKey().map(PrimaryKeySnapshot::columns).equals(want.primaryKey().map(PrimaryKeySnapshot::columns))) {
            rebuild = true;
            changes.add("change the primary key to (" + want.primaryKey().map(p -> String.join(", ", p.columns())).orElse("none") + ")");
            long rows = want.primaryKey().isPresent() ? data.rows(table) : 0;
            if (rows > 0) {
                losses.add("the " + rows + " existing rows must be unique on the new primary key, or the rebuild fails");
            }
        }
        if (!new HashSet<>(live.foreignKeys()).equals(new HashSet<>(want.foreignKeys()))) {
            rebuild = true;
            changes.add("change the foreign keys");
        }
        for (CheckSnapshot check : live.checks()) {
            if (!want.checks().contains(check)) {
                rebuild = true;
                changes.add((want.check(check.name()).isPresent() ? "change" : "drop") + " the CHECK constraint " + q(check.name()));
            }
        }
        for (CheckSnapshot check : want.checks()) {
            if (live.check(check.name()).isEmpty()) {
                rebuild = true;
                changes.add("add the CHECK constraint " + q(check.name()));
            }
        }
        if (rebuild) {
            List<MigrationStep> indexSteps = new ArrayList<>();
            for (IndexSnapshot index : want.indexes()) {
                Optional<IndexSnapshot> existing = live.index(index.name());
                if (existing.isEmpty() || !existing.get().equals(index)) {
                    indexSteps.add(createIndex(table, index));
                }
            }
            for (MigrationStep index : indexSteps) {
                if (index.destructive()) {
                    losses.add(index.dataLoss().orElse(""));
                }
            }
            columnSteps.add(rebuild(sqlite, live, want, changes, losses, data.rows(table)));
            return;
        }
        for (ColumnSnapshot column : simpleAdds) {
            columnSteps.add(step(MigrationStep.Action.ADD_COLUMN, table, Safety.ADDITIVE,
                    "add column " + q(column.name()) + " to " + q(table), null, List.of(sqlite.addColumn(table, column)), data.rows(table)));
        }
        for (IndexSnapshot index : live.indexes()) {
            Optional<IndexSnapshot> wanted = want.index(index.name());
            if (wanted.isEmpty() || !wanted.get().equals(index)) {
                dropIndexes.add(step(MigrationStep.Action.DROP_INDEX, table, Safety.ADDITIVE,
                        "drop index " + q(index.name()) + " of " + q(table) + (wanted.isEmpty() ? " (not in the schema)" : " (changed)"),
                        null, List.of(sqlite.dropIndex(index.name())), 0));
            }
        }
        for (IndexSnapshot index : want.indexes()) {
            Optional<IndexSnapshot> existing = live.index(index.name());
            if (existing.isEmpty() || !existing.get().equals(index)) {
                createIndexes.add(createIndex(table, index));
            }
        }
    }

    private MigrationStep rebuild(SqliteDialect sqlite, TableSnapshot live, TableSnapshot want, List<String> changes,
                                  List<String> losses, long rows) throws SQLException {
        String table = want.name();
        List<String> sql = new SqliteTableRebuild(sqlite).statements(live, want, this::fill,
                data.sqliteTriggers(table), data.sqliteViewsMentioning(table));
        return step(MigrationStep.Action.REBUILD_TABLE, table, losses.isEmpty() ? Safety.ADDITIVE : Safety.DESTRUCTIVE,
                "rebuild table " + q(table) + " (" + rows + " row" + (rows == 1 ? "" : "s") + "): " + String.join(", ", changes),
                losses.isEmpty() ? null : String.join("; ", losses), sql, rows);
    }

    // ---- helpers ----

    /** The value given to existing rows of a new or newly required column without default: an enum's first value, else the type's zero. */
    private String fill(ColumnSnapshot column) {
        if (column.type().startsWith("\"") && !column.type().endsWith("[]")) {
            String name = column.type().substring(1, column.type().length() - 1).replace("\"\"", "\"");
            Optional<EnumSnapshot> type = wanted.enumType(name);
            if (type.isPresent() && !type.get().values().isEmpty()) {
                return dialect.literal(type.get().values().get(0));
            }
        }
        return dialect.fillValue(column);
    }

    private static boolean renamedPrimaryKey(Optional<PrimaryKeySnapshot> live, Optional<PrimaryKeySnapshot> want) {
        return live.isPresent() && want.isPresent() && live.get().columns().equals(want.get().columns())
                && live.get().name().isPresent() && want.get().name().isPresent()
                && !live.get().name().equals(want.get().name());
    }

    private static boolean samePrimaryKey(Optional<PrimaryKeySnapshot> live, Optional<PrimaryKeySnapshot> want) {
        if (live.isEmpty() || want.isEmpty()) {
            return live.isEmpty() && want.isEmpty();
        }
        return live.get().columns().equals(want.get().columns())
                && (want.get().name().isEmpty() || live.get().name().equals(want.get().name()));
    }

    /**
     * Tells whether every value of one type fits the other unchanged: a wider integer, a longer or
     * unlimited text, a timestamp with more precision, an integer to a floating type.
     */
    static boolean widening(String from, String to) {
        String a = from.toUpperCase(Locale.ROOT);
        String b = to.toUpperCase(Locale.ROOT);
        List<String> integers = List.of("SMALLINT", "INTEGER", "BIGINT");
        if (integers.contains(a) && integers.contains(b)) {
            return integers.indexOf(a) <= integers.indexOf(b);
        }
        if (integers.contains(a) && (b.equals("DOUBLE PRECISION") || b.equals("REAL") && !a.equals("BIGINT") || b.startsWith("DECIMAL"))) {
            return true;
        }
        if (a.equals("REAL") && b.equals("DOUBLE PRECISION")) {
            return true;
        }
        if ((a.startsWith("VARCHAR") || a.startsWith("CHAR") || a.equals("TEXT") || a.equals("CITEXT")) && b.equals("TEXT")) {
            return true;
        }
        Matcher ma = LENGTH.matcher(a);
        Matcher mb = LENGTH.matcher(b);
        if (ma.matches() && mb.matches() && ma.group(1).equals(mb.group(1))) {
            return Integer.parseInt(ma.group(2)) <= Integer.parseInt(mb.group(2));
        }
        return a.startsWith("VARCHAR(") && b.equals("VARCHAR");
    }

    private String q(String name) {
        return "\"" + name + "\"";
    }

    private static MigrationStep step(MigrationStep.Action action, String table, Safety safety, String description,
                                      String dataLoss, List<String> sql, long rows) {
        return new MigrationStep(action, table, safety, description, Optional.ofNullable(dataLoss), sql, rows);
    }
}
