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
 */
public record TableSnapshot(
        String name,
        List<ColumnSnapshot> columns,
        Optional<PrimaryKeySnapshot> primaryKey,
        List<IndexSnapshot> indexes,
        List<ForeignKeySnapshot> foreignKeys) {

    public TableSnapshot {
        columns = List.copyOf(columns);
        indexes = List.copyOf(indexes);
        foreignKeys = List.copyOf(foreignKeys);
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
