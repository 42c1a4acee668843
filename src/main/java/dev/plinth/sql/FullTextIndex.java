package dev.plinth.sql;

import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.Model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The full-text structures Plinth keeps for a model with {@code @@fulltext}: their names and the SQL
 * both the migration (which creates them) and the query renderer (which searches them) must agree on.
 *
 * <p>SQLite: an FTS5 external-content table {@code {table}_fts} over the indexed columns, whose rowid
 * is the table's rowid, kept in sync by three triggers {@code {table}_fts_ai}, {@code _ad},
 * {@code _au} exactly as https://www.sqlite.org/fts5.html#external_content_tables shows.
 *
 * <p>PostgreSQL: a GIN expression index {@code {table}_fts_idx} on
 * {@code to_tsvector('simple'::regconfig, regexp_replace(coalesce(a, '') || ' ' || coalesce(b, ''), '[^[:alnum:]]+', ' ', 'g'))};
 * punctuation is made a word break first, so {@code ada@acme.test} holds the words ada, acme and test as
 * on SQLite (PostgreSQL's parser would keep an e-mail address or host name as one word). The search
 * repeats that expression so the planner uses the index (an expression index rather than a generated
 * column, so the table's columns stay exactly what Prisma would create). The {@code simple}
 * configuration lowercases words without stemming or stop words, close to SQLite's {@code unicode61}
 * tokenizer, so both databases find the same rows. The index carries the comment
 * {@link #postgresComment()} so that a later migration recognises it.
 *
 * @param table   the model's table
 * @param columns the indexed columns: those of every {@code @@fulltext} of the model, in order, without repeats
 */
public record FullTextIndex(String table, List<String> columns) {

    /** The comment prefix that marks Plinth's PostgreSQL full-text indexes. */
    public static final String COMMENT_PREFIX = "plinth fulltext: ";

    public FullTextIndex {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a full-text index needs at least one column");
        }
    }

    /**
     * Returns the full-text structure of a model, when it has {@code @@fulltext} and is served (not a
     * view, not ignored) in the database's default schema (not {@code @@schema}).
     *
     * @param model the model
     * @return the structure, or empty
     */
    public static Optional<FullTextIndex> of(Model model) {
        if (model.view() || model.ignored() || model.databaseSchema().isPresent()) {
            // Multi-schema models (PostgreSQL @@schema) are not indexed: the live index is looked up in the current schema.
            return Optional.empty();
        }
        Set<String> columns = new LinkedHashSet<>();
        for (Index index : model.indexes()) {
            if (index.kind() == Index.Kind.FULLTEXT) {
                columns.addAll(index.columnNames());
            }
        }
        return columns.isEmpty() ? Optional.empty() : Optional.of(new FullTextIndex(model.tableName(), new ArrayList<>(columns)));
    }

    /** Returns the SQLite FTS5 table's name. */
    public String sqliteTable() {
        return table + "_fts";
    }

    /** Returns the names of the SQLite triggers that keep the FTS5 table in sync: after insert, delete, update. */
    public List<String> sqliteTriggers() {
        return List.of(table + "_fts_ai", table + "_fts_ad", table + "_fts_au");
    }

    /**
     * Returns the PostgreSQL index name, shortened to PostgreSQL's 63 bytes as {@code dialect} does.
     *
     * @param dialect the PostgreSQL dialect
     */
    public String postgresIndex(Dialect dialect) {
        return dialect.truncate(table + "_fts_idx");
    }

    /** Returns the comment on the PostgreSQL index: the prefix and the columns, so a change of columns is seen. */
    public String postgresComment() {
        return COMMENT_PREFIX + String.join(",", columns);
    }

    /**
     * Returns the PostgreSQL document expression, {@code to_tsvector('simple'::regconfig, …)}, with the
     * columns as given.
     *
     * @param quotedColumns the columns, each already quoted (and qualified if needed)
     * @return the SQL text
     */
    public static String postgresVector(List<String> quotedColumns) {
        return "to_tsvector('simple'::regconfig, regexp_replace(" + quotedColumns.stream()
                .map(c -> "coalesce(" + c + "::text, '')")
                .collect(Collectors.joining(" || ' ' || ")) + ", '[^[:alnum:]]+', ' ', 'g'))";
    }
}
