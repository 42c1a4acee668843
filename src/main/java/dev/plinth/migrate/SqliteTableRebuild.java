package dev.plinth.migrate;

import dev.plinth.sql.SqliteDialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Renders SQLite's procedure for the table changes {@code ALTER TABLE} cannot make
 * (https://www.sqlite.org/lang_altertable.html#otheralter): create {@code new_T} with the wanted
 * definition, copy the rows, drop {@code T}, rename {@code new_T} to {@code T}, then re-create the
 * indexes, triggers and views. Turning foreign keys off around the transaction and checking them
 * before commit (steps 1 and 10–12) is the {@link Migrator}'s part.
 */
final class SqliteTableRebuild {

    private final SqliteDialect sqlite;

    SqliteTableRebuild(SqliteDialect sqlite) {
        this.sqlite = sqlite;
    }

    /**
     * Renders the statements of one rebuild.
     *
     * @param live     the table as it is
     * @param want     the table as the schema wants it
     * @param fill     the value for existing rows of a column that became required, or was added
     *                 required without a default
     * @param triggers the table's {@code CREATE TRIGGER} statements (dropped with the old table)
     * @param views    name and {@code CREATE VIEW} statement of each view that names the table
     * @return the statements, in order
     */
    List<String> statements(TableSnapshot live, TableSnapshot want, Function<ColumnSnapshot, String> fill,
                            List<String> triggers, List<String[]> views) {
        String table = want.name();
        String temporary = "new_" + table;
        List<String> targets = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (ColumnSnapshot column : want.columns()) {
            Optional<ColumnSnapshot> old = live.column(column.name());
            if (old.isPresent()) {
                targets.add(sqlite.quote(column.name()));
                String source = sqlite.quote(column.name());
                if (old.get().nullable() && !column.nullable()) {
                    source = "COALESCE(" + source + ", " + column.defaultExpression().orElseGet(() -> fill.apply(column)) + ")";
                }
                sources.add(source);
            } else if (!column.nullable() && column.defaultExpression().isEmpty() && !column.autoincrement()) {
                targets.add(sqlite.quote(column.name()));
                sources.add(fill.apply(column));
            }
        }
        List<String> sql = new ArrayList<>();
        sql.add(sqlite.createTable(new TableSnapshot(temporary, want.columns(), want.primaryKey(), List.of(), want.foreignKeys(),
                want.checks())));
        if (!targets.isEmpty()) {
            sql.add("INSERT INTO " + sqlite.quote(temporary) + " (" + String.join(", ", targets) + ") SELECT "
                    + String.join(", ", sources) + " FROM " + sqlite.quote(table));
        }
        // A view naming the table would break the rename (SQLite re-checks views), so views are
        // dropped and re-created around the swap; triggers go with the old table and come back too.
        for (String[] view : views) {
            sql.add("DROP VIEW " + sqlite.quote(view[0]));
        }
        sql.add(sqlite.dropTable(table));
        sql.add(sqlite.renameTable(temporary, table));
        for (IndexSnapshot index : want.indexes()) {
            sql.add(sqlite.createIndex(table, index));
        }
        sql.addAll(triggers);
        for (String[] view : views) {
            sql.add(view[1]);
        }
        return sql;
    }
}
