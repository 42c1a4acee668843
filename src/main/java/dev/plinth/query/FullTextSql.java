package dev.plinth.query;

import dev.plinth.sql.FullTextIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The SQL of a full-text search ({@code q}) inside a list statement, for {@link SqlRenderer}.
 *
 * <p>SQLite: {@code t.rowid IN (SELECT rowid FROM t_fts WHERE t_fts MATCH ?)}, or, for a page ranked
 * by relevance, a join with {@code (SELECT rowid, bm25(t_fts) … MATCH ?)} ordered by the bm25 score
 * (https://www.sqlite.org/fts5.html#the_bm25_function; lower is better). The MATCH text is
 * {@link FullTextQuery#toFts5()}: quoted strings only.
 *
 * <p>PostgreSQL: {@code to_tsvector(…) @@ tsquery}, the document expression being the one the GIN
 * index is built on ({@link FullTextIndex#postgresVector}); the tsquery combines one
 * {@code websearch_to_tsquery('simple', ?)} per word or phrase (a {@code to_tsquery} for a prefix
 * {@code word*}, which websearch syntax lacks) with {@code &&}, {@code ||} and {@code !!}. A ranked page
 * orders by {@code ts_rank} descending.
 *
 * <p>Each bind goes through the caller's binder, and the query's structure into the shape key. Without
 * {@code build} (the key-only walk of {@link SqlRenderer}) only those two happen: every method returns
 * null and creates no jOOQ object.
 */
final class FullTextSql {

    /** The alias of the ranked SQLite search's derived table and its columns. */
    static final String ALIAS = "plinth_fts";
    private static final String ROWID = "plinth_fts_rowid";
    private static final String RANK = "plinth_fts_rank";

    private final boolean sqlite;
    private final boolean build;
    private final Name table;
    private final FullTextSearch search;
    private final Function<String, Param<String>> binder;
    private final StringBuilder key;

    /**
     * @param sqlite true on SQLite
     * @param build  true to build the jOOQ objects; false to record only the key and the binds
     * @param table  the searched table's (possibly schema-qualified) name; unused without {@code build}
     * @param search the search
     * @param binder makes a text bind (recording it in the statement's binds); returns null without {@code build}
     * @param key    the shape key to append the search's structure to
     */
    FullTextSql(boolean sqlite, boolean build, Name table, FullTextSearch search, Function<String, Param<String>> binder,
                StringBuilder key) {
        this.sqlite = sqlite;
        this.build = build;
        this.table = table;
        this.search = search;
        this.binder = binder;
        this.key = key;
    }

    /** The condition selecting matching rows (for every statement but a ranked SQLite SELECT); null without build. */
    Condition condition() {
        key.append("&fts");
        if (sqlite) {
            Param<String> match = binder.apply(search.query().toFts5());
            if (!build) {
                return null;
            }
            Name fts = DSL.name(search.index().sqliteTable());
            return DSL.condition("{0}.rowid IN (SELECT rowid FROM {1} WHERE {1} MATCH {2})",
                    DSL.table(table), DSL.table(fts), match);
        }
        Field<Object> query = tsquery();
        return build ? DSL.condition("{0} @@ {1}", vector(), query) : null;
    }

    /** For a ranked SQLite SELECT: the table joined with its matching rows and their bm25 scores; null without build. */
    Table<?> rankedSqliteSource() {
        key.append("&ftsjoin");
        Param<String> match = binder.apply(search.query().toFts5());
        if (!build) {
            return null;
        }
        Name fts = DSL.name(search.index().sqliteTable());
        Table<?> matches = DSL.table("(SELECT rowid AS {0}, bm25({1}) AS {2} FROM {1} WHERE {1} MATCH {3})",
                DSL.name(ROWID), DSL.table(fts), DSL.name(RANK), match).as(ALIAS);
        return DSL.table(table).join(matches).on(DSL.condition("{0}.rowid = {1}", DSL.table(table), DSL.field(DSL.name(ALIAS, ROWID))));
    }

    /** The relevance order, best first; null without build. */
    SortField<?> relevance() {
        key.append("&rank");
        if (sqlite) {
            return build ? DSL.field(DSL.name(ALIAS, RANK)).asc() : null;
        }
        Field<Object> query = tsquery();
        return build ? DSL.field("ts_rank({0}, {1})", Double.class, vector(), query).desc() : null;
    }

    private Field<Object> vector() {
        List<String> placeholders = new ArrayList<>();
        List<QueryPart> columns = new ArrayList<>();
        for (String c : search.index().columns()) {
            placeholders.add("{" + columns.size() + "}");
            columns.add(DSL.field(DSL.name(c)));
        }
        return DSL.field(FullTextIndex.postgresVector(placeholders), Object.class, columns.toArray(QueryPart[]::new));
    }

    private Field<Object> tsquery() {
        StringBuilder sql = new StringBuilder("(");
        List<QueryPart> parts = new ArrayList<>();
        key.append("(");
        List<FullTextQuery.Group> groups = search.query().groups();
        for (int g = 0; g < groups.size(); g++) {
            if (g > 0) {
                sql.append(" || ");
                key.append('|');
            }
            sql.append('(');
            List<FullTextQuery.Clause> clauses = groups.get(g).clauses();
            for (int i = 0; i < clauses.size(); i++) {
                FullTextQuery.Clause c = clauses.get(i);
                if (i > 0) {
                    sql.append(" && ");
                }
                key.append(c.negated() ? '!' : '+').append(c.prefix() ? 'p' : 'w');
                String function = c.prefix() ? "to_tsquery" : "websearch_to_tsquery";
                sql.append(c.negated() ? "(!!" : "(").append(function).append("('simple'::regconfig, {").append(parts.size()).append("}))");
                parts.add(binder.apply(FullTextQuery.postgresText(c)));
            }
            sql.append(')');
        }
        key.append(")");
        sql.append(')');
        return build ? DSL.field(sql.toString(), Object.class, parts.toArray(QueryPart[]::new)) : null;
    }
}
