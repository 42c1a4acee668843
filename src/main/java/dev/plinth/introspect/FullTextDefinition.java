package dev.plinth.introspect;

import java.util.List;

/**
 * A full-text index that Plinth keeps for a model with {@code @@fulltext} ({@link dev.plinth.sql.FullTextIndex}),
 * recognised in a live database.
 *
 * @param table     the indexed table
 * @param columns   the indexed columns, in order
 * @param structure the database object that holds it: the SQLite FTS5 table {@code {table}_fts} or the PostgreSQL
 *                  GIN index {@code {table}_fts_idx}
 */
public record FullTextDefinition(String table, List<String> columns, String structure) {
    public FullTextDefinition {
        columns = List.copyOf(columns);
    }
}
