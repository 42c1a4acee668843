package dev.plinth.query;

import dev.plinth.sql.FullTextIndex;

/**
 * The {@code q} of a list request on a model with {@code @@fulltext}: what to search, where, and
 * whether rows come in order of relevance.
 *
 * <p>Rows are ranked by relevance when the request gives no {@code orderBy} and pages by number. A
 * keyset page ({@code cursor}/{@code limit}) is ordered by {@code orderBy} or the primary key instead:
 * a relevance score is no stable column to resume after (SQLite's bm25 changes with every insert into
 * the table), so a cursor over it could skip or repeat rows; see docs/search-and-relations.md.
 *
 * @param query       the parsed text
 * @param index       the model's full-text structure (its columns, the SQLite FTS5 table)
 * @param byRelevance true when the page is ordered by relevance first (then the primary key)
 */
public record FullTextSearch(FullTextQuery query, FullTextIndex index, boolean byRelevance) {

    /** Returns the text as sent. */
    public String text() {
        return query.text();
    }
}
