package dev.plinth.migrate;

import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table or column that a {@code down.sql} drops because its {@code migration.sql} created it: reverting loses
 * whatever rows or values were written there since the migration was applied. {@code plinth migrate diff} writes one
 * {@value #PREFIX} line per drop at the top of {@code down.sql}; {@code plinth migrate down} counts them in the live
 * database and refuses, unless forced, when any holds data (docs/migrations.md, "Production").
 *
 * @param table  the table, named as in the database once {@code migration.sql} ran
 * @param column the column, for a dropped column; empty for a dropped table
 */
public record DownDrop(String table, Optional<String> column) {

    /** The line prefix in {@code down.sql}. */
    public static final String PREFIX = "-- drops:";

    private static final Pattern LINE = Pattern.compile("^-- drops: (table|column) \"((?:[^\"]|\"\")*)\"(?:\\.\"((?:[^\"]|\"\")*)\")?\\s*$");

    /**
     * Returns the drops a down script makes: the tables the up plan created and the columns it added to tables that
     * were there before (renamed ones matched through their renames).
     *
     * @param before the structure before {@code migration.sql}
     * @param after  the structure after it
     * @param back   the renames {@code down.sql} makes (the up plan's, reversed: from the after name to the before name)
     * @return the drops, tables first
     */
    static List<DownDrop> between(Snapshot before, Snapshot after, Renames back) {
        List<DownDrop> drops = new ArrayList<>();
        List<DownDrop> columns = new ArrayList<>();
        for (TableSnapshot table : after.tables()) {
            if (table.name().equals(MigrationHistory.TABLE) || table.name().equals(PrismaMigrationHistory.TABLE)) {
                continue;
            }
            String beforeName = back.tables().stream().filter(r -> r.from().equals(table.name())).map(Renames.TableRename::to)
                    .findFirst().orElse(table.name());
            Optional<TableSnapshot> old = before.table(beforeName);
            if (old.isEmpty()) {
                drops.add(new DownDrop(table.name(), Optional.empty()));
                continue;
            }
            for (ColumnSnapshot column : table.columns()) {
                String oldColumn = back.columns().stream().filter(c -> c.table().equals(beforeName) && c.from().equals(column.name()))
                        .map(Renames.ColumnRename::to).findFirst().orElse(column.name());
                if (old.get().columns().stream().noneMatch(c -> c.name().equals(oldColumn))) {
                    columns.add(new DownDrop(table.name(), Optional.of(column.name())));
                }
            }
        }
        drops.addAll(columns);
        return drops;
    }

    /**
     * Reads the drops a down script names.
     *
     * @param downScript the text of {@code down.sql}
     * @return its {@value #PREFIX} lines, read; an older script without them gives none
     */
    public static List<DownDrop> in(String downScript) {
        List<DownDrop> drops = new ArrayList<>();
        downScript.lines().forEach(line -> {
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                drops.add(new DownDrop(m.group(2).replace("\"\"", "\""),
                        m.group(1).equals("column") ? Optional.ofNullable(m.group(3)).map(c -> c.replace("\"\"", "\"")) : Optional.empty()));
            }
        });
        return drops;
    }

    /** Returns the {@value #PREFIX} line, e.g. {@code -- drops: column "Contact"."phone"}. */
    public String line() {
        String quoted = "\"" + table.replace("\"", "\"\"") + "\"";
        return column.map(c -> PREFIX + " column " + quoted + ".\"" + c.replace("\"", "\"\"") + "\"").orElse(PREFIX + " table " + quoted);
    }

    /**
     * Counts what the drop would lose in the live database: the table's rows, or the column's non-null values.
     *
     * @param connection an open connection
     * @param dialect    the database's dialect
     * @return the count; empty when the table or column is not there (a later migration changed it)
     * @throws SQLException when the database cannot be read
     */
    public Optional<Long> count(Connection connection, Dialect dialect) throws SQLException {
        if (!MigrationHistory.tableExists(connection, dialect, table)) {
            return Optional.empty();
        }
        String sql = "SELECT COUNT(*) FROM " + dialect.quote(table) + column.map(c -> " WHERE " + dialect.quote(c) + " IS NOT NULL").orElse("");
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
        } catch (SQLException e) {
            // The column is gone or renamed by a later migration: nothing of it to count.
            return Optional.empty();
        }
    }

    /** Returns what is lost in words, e.g. {@code column "Contact"."phone" holding 3 values}. */
    String describe(long count) {
        return column.map(c -> "column \"" + table + "\".\"" + c + "\" holding " + count + " value" + (count == 1 ? "" : "s"))
                .orElse("table \"" + table + "\" holding " + count + " row" + (count == 1 ? "" : "s"));
    }
}
