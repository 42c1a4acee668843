package dev.plinth.migrate;

import dev.plinth.sql.ddl.TableSnapshot;

/**
 * A destructive change that a migration run with {@code --hold-destructive} holds instead of applying
 * (docs/migrations.md, "Held destructive changes and orphaned tables"): the schema no longer describes a
 * column or a table that Plinth manages, so the plan would drop it; held, it stays in the database with its
 * values, and the plan keeps proposing the drop on every later start until {@code --force} applies it.
 */
public sealed interface HeldChange permits HeldChange.DroppedColumn, HeldChange.OrphanedTable {

    /** Returns the table the change is about. */
    String table();

    /** Returns the machine name of the held change: {@code drop_column} or {@code drop_table}. */
    String kind();

    /**
     * Returns the held change in words, e.g. {@code drop column "phone" of "Contact" (3 values kept)}.
     *
     * @return one line, without a trailing period
     */
    String description();

    /**
     * A column of a table the schema still describes that the schema's model no longer has (a removed
     * field). It stays in the table and keeps its values; the API no longer serves it, since it serves the
     * schema.
     *
     * @param table        the table
     * @param column       the column
     * @param type         its type as introspected, e.g. {@code TEXT}
     * @param values       its non-null values when planned (what a forced drop would lose)
     * @param madeOptional true when this plan makes the column nullable (it was {@code NOT NULL} without a
     *                     default, which would make every insert of the served schema fail)
     */
    record DroppedColumn(String table, String column, String type, long values, boolean madeOptional) implements HeldChange {

        @Override
        public String kind() {
            return "drop_column";
        }

        @Override
        public String description() {
            return "drop column \"" + column + "\" of \"" + table + "\" (held: the column stays with its " + values
                    + " value" + (values == 1 ? "" : "s") + " and is no longer served"
                    + (madeOptional ? "; made optional so that inserts keep working" : "") + ")";
        }
    }

    /**
     * A table Plinth manages (named in the history's {@code tables}) that the schema no longer describes (a
     * removed model): orphaned. It stays, is never dropped while held, and is served read-only to admins
     * under {@code /api/_orphaned/<table>}.
     *
     * @param snapshot the table as introspected (columns with their types, primary key)
     * @param rows     its rows when planned (what a forced drop would lose)
     */
    record OrphanedTable(TableSnapshot snapshot, long rows) implements HeldChange {

        @Override
        public String table() {
            return snapshot.name();
        }

        @Override
        public String kind() {
            return "drop_table";
        }

        @Override
        public String description() {
            return "drop table \"" + table() + "\" (held: the orphaned table stays with its " + rows + " row"
                    + (rows == 1 ? "" : "s") + ", served read-only to admins under /api/_orphaned/" + table() + ")";
        }
    }
}
