package dev.plinth.sql.ddl;

import java.util.List;
import java.util.Optional;

/**
 * A table: its columns, primary key, indexes and foreign keys.
 *
 * @param name        the table name
 * @param columns     the columns, in table order
 * @param primaryKey  the primary key, when it has one
 * @param indexes     the indexes (unique ones included), the primary key's own index excluded
 * @param foreignKeys the foreign keys
 * @param checks      the CHECK constraints ({@code @@check}), in declaration order for a projected table
 */
public record TableSnapshot(
        String name,
        List<ColumnSnapshot> columns,
        Optional<PrimaryKeySnapshot> primaryKey,
        List<IndexSnapshot> indexes,
        List<ForeignKeySnapshot> foreignKeys,
        List<CheckSnapshot> checks) {

    public TableSnapshot {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A table without CHECK constraints; parameters as for the record. */
    public TableSnapshot(String name, List<ColumnSnapshot> columns, Optional<PrimaryKeySnapshot> primaryKey,
                         List<IndexSnapshot> indexes, List<ForeignKeySnapshot> foreignKeys) {
        this(name, columns, primaryKey, indexes, foreignKeys, List.of());
    }

    /**
     * Finds a CHECK constraint by name.
     *
     * @param checkName the constraint name
     * @return the constraint, or empty
     */
    public Optional<CheckSnapshot> check(String checkName) {
        return checks.stream().filter(c -> c.name().equals(checkName)).findFirst();
    }

    /**
     * Finds a column by name.
     *
     * @param columnName the column name, case-sensitive
     * @return the column, or empty
     */
    public Optional<ColumnSnapshot> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /**
     * Finds an index by name.
     *
     * @param indexName the index name
     * @return the index, or empty
     */
    public Optional<IndexSnapshot> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }
}
