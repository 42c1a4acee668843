package dev.plinth.migrate;

import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Partitions a migration into what is applied and what is held, for {@link DestructiveChanges#HOLD}
 * (docs/migrations.md, "Held destructive changes and orphaned tables").
 *
 * <p>The partition is made on the snapshots, before planning, rather than on the planned steps: on SQLite a
 * dropped column is one change among others inside a table rebuild, so a step cannot simply be left out.
 * The schema's wanted snapshot becomes a <em>target</em> that keeps what is held:
 * <ul>
 *   <li>a column the live table has and the schema's table lacks stays, as it is — except that a
 *       {@code NOT NULL} column without a default (nor autoincrement) becomes nullable, because the served
 *       schema no longer writes it and every insert would fail; making a column nullable keeps every value,
 *       so that step is additive (PostgreSQL {@code ALTER COLUMN … DROP NOT NULL}, SQLite the table rebuild,
 *       https://www.sqlite.org/lang_altertable.html#otheralter). A column of the live primary key is not
 *       held: dropping it changes the key, which cannot be held;</li>
 *   <li>a table Plinth manages (named in the last history entry's {@code tables}) that the schema no longer
 *       describes stays exactly as it is: an orphaned table.</li>
 * </ul>
 * The planner diffs the live database against that target, so the resulting plan holds no drop of those
 * columns and tables; whatever destructive step remains (a type change, a primary key change, an enum value
 * removed while rows hold it, rows breaking a new CHECK, a narrowing conversion…) cannot be held and still
 * refuses the plan. On the next start the held column is already nullable and nothing is planned for it;
 * the orphaned table stays managed, since the plan records the target's tables in the history.
 */
final class HeldChanges {

    private final List<HeldChange> changes;
    private final Snapshot target;

    private HeldChanges(List<HeldChange> changes, Snapshot target) {
        this.changes = List.copyOf(changes);
        this.target = target;
    }

    /**
     * Finds the held changes of a migration.
     *
     * @param current the live database (after the renames the plan makes first)
     * @param wanted  the schema's projection
     * @param managed the tables Plinth manages (from the history)
     * @param data    counts the values and rows kept, for the descriptions
     * @return the held changes and the target to plan against
     * @throws SQLException when the rows cannot be counted
     */
    static HeldChanges find(Snapshot current, Snapshot wanted, Set<String> managed, TableData data) throws SQLException {
        List<HeldChange> held = new ArrayList<>();
        List<TableSnapshot> tables = new ArrayList<>();
        for (TableSnapshot want : wanted.tables()) {
            Optional<TableSnapshot> live = current.table(want.name());
            tables.add(live.isEmpty() ? want : keepDroppedColumns(live.get(), want, held, data));
        }
        for (TableSnapshot live : current.tables()) {
            if (wanted.table(live.name()).isEmpty() && managed.contains(live.name())) {
                held.add(new HeldChange.OrphanedTable(live, data.rows(live.name())));
                tables.add(live);
            }
        }
        return new HeldChanges(held, new Snapshot(tables, wanted.enums()));
    }

    /** The wanted table with the live table's dropped columns kept, in the live table's column order. */
    private static TableSnapshot keepDroppedColumns(TableSnapshot live, TableSnapshot want, List<HeldChange> held,
                                                    TableData data) throws SQLException {
        List<String> key = live.primaryKey().map(PrimaryKeySnapshot::columns).orElse(List.of());
        List<ColumnSnapshot> columns = new ArrayList<>();
        boolean kept = false;
        for (ColumnSnapshot column : live.columns()) {
            Optional<ColumnSnapshot> wanted = want.column(column.name());
            if (wanted.isPresent()) {
                columns.add(wanted.get());
            } else if (!key.contains(column.name())) {
                boolean blocksInserts = !column.nullable() && column.defaultExpression().isEmpty() && !column.autoincrement();
                columns.add(blocksInserts
                        ? new ColumnSnapshot(column.name(), column.type(), true, Optional.empty(), false)
                        : column);
                held.add(new HeldChange.DroppedColumn(want.name(), column.name(), column.type(),
                        data.values(want.name(), column.name()), blocksInserts));
                kept = true;
            }
        }
        if (!kept) {
            return want;
        }
        for (ColumnSnapshot column : want.columns()) {
            if (live.column(column.name()).isEmpty()) {
                columns.add(column);
            }
        }
        return new TableSnapshot(want.name(), columns, want.primaryKey(), want.indexes(), want.foreignKeys(), want.checks());
    }

    /** Returns the held changes: dropped columns first, in table order, then orphaned tables. */
    List<HeldChange> changes() {
        return changes;
    }

    /** Returns the snapshot to plan against: the schema's, with what is held kept. */
    Snapshot target() {
        return target;
    }
}
