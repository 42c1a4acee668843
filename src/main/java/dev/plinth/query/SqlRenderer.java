package dev.plinth.query;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.conf.ParamType;
import org.jooq.conf.RenderKeywordCase;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Renders parsed list queries as SQL for SQLite or PostgreSQL: the page SELECT, its COUNT, and the
 * UPDATE and DELETE of collection PATCH/DELETE, all with the same WHERE.
 *
 * <p>The WHERE is the request's filter ANDed with the caller's {@link ScopePredicate}s and, unless
 * {@code with_deleted=true}, {@code deleted_at IS NULL} on soft-delete tables ({@link SoftDelete}).
 * Identifiers come from the {@link Schema} only and are always quoted; every value is a bind.
 * SQL is built with jOOQ ({@code DSL.using(SQLDialect.SQLITE | POSTGRES)}).
 *
 * <p>SQL text depends only on a query's shape (statement kind, columns, operators, group structure,
 * list lengths rounded up to a power of two, order, page kind, which cursor values are NULL), never on
 * its values; it is rendered once per shape and kept. A request first walks its statement without
 * building any jOOQ object, recording only the shape key and the binds; the jOOQ model is built and
 * rendered only when that key is not cached yet (JFR had the model's construction at 11.5 % of the CPU
 * samples of a PostgreSQL list request with the SQL text cached: docs/benchmarks.md, "Findings", 4).
 * At most {@value #MAX_CACHED_SHAPES} shapes are kept; further shapes are rendered each time.
 *
 * <p>Comparisons that differ between the databases, and the choices made (see docs/query.md):
 * <ul>
 *   <li>{@code __contains/__startswith/__endswith} are case-sensitive: {@code GLOB} on SQLite (whose
 *       {@code LIKE} ignores ASCII case), {@code LIKE … ESCAPE '!'} on PostgreSQL.
 *       {@code __icontains} is {@code lower(col) LIKE lower(?) ESCAPE '!'} on SQLite (ASCII case
 *       folding, SQLite's documented limit: https://www.sqlite.org/lang_expr.html#like) and
 *       {@code ILIKE} on PostgreSQL. Wildcards in the user's text are escaped.</li>
 *   <li>Enum values are text on SQLite and are cast to the native enum type on PostgreSQL
 *       ({@code ?::"Role"}), so the enum's index and order apply.</li>
 *   <li>NULLs sort as larger than any value: PostgreSQL's default; on SQLite, nullable order
 *       columns get {@code NULLS LAST} (ascending) or {@code NULLS FIRST} (descending).</li>
 *   <li>Lookups on Json fields and paths inside them, and ordering by a path, are {@link JsonSql}'s:
 *       typed by the value, NULL for JSON null and missing keys, {@code @>} emulated on SQLite.</li>
 *   <li>The keyset condition is a row-value comparison {@code (a, b) > (?, ?)} when every order
 *       column is required and all go the same way, and otherwise is expanded into
 *       {@code a > ? OR (a = ? AND b < ?) …} with NULL-aware terms; when the first column is required,
 *       {@code a >= ? AND (…)} (or {@code a <= ?} descending) so that an index on it seeks to the position.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class SqlRenderer {

    /** The most query shapes whose SQL is kept. */
    public static final int MAX_CACHED_SHAPES = 4096;

    private static final char LIKE_ESCAPE = '!';

    private final DSLContext dsl;
    private final boolean sqlite;
    private final Schema schema;
    private final JdbcBinding binding;
    private final ConcurrentHashMap<String, Shape> shapes = new ConcurrentHashMap<>();
    /** Walks that built a jOOQ model, i.e. statements whose shape was not cached. */
    private final LongAdder renders = new LongAdder();

    /**
     * @param dialect {@link SQLDialect#SQLITE} or {@link SQLDialect#POSTGRES}
     * @param schema  the schema the queries' models belong to (for enum types)
     * @param storage how SQLite DateTime columns are stored; ignored on PostgreSQL
     * @throws IllegalArgumentException for another dialect
     */
    public SqlRenderer(SQLDialect dialect, Schema schema, DateTimeStorage storage) {
        if (dialect.family() != SQLDialect.SQLITE && dialect.family() != SQLDialect.POSTGRES) {
            throw new IllegalArgumentException("Plinth renders SQL for SQLite and PostgreSQL, not " + dialect);
        }
        this.sqlite = dialect.family() == SQLDialect.SQLITE;
        this.schema = schema;
        this.binding = new JdbcBinding(sqlite, storage);
        this.dsl = DSL.using(dialect, new Settings()
                .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
                .withRenderKeywordCase(RenderKeywordCase.UPPER)
                .withParamType(ParamType.INDEXED)
                .withRenderFormatted(false)
                .withRenderSchema(true));
    }

    /**
     * A renderer whose SQLite DateTime columns hold ISO-8601 text (databases Plinth creates).
     *
     * @param dialect {@link SQLDialect#SQLITE} or {@link SQLDialect#POSTGRES}
     * @param schema  the schema the queries' models belong to
     */
    public SqlRenderer(SQLDialect dialect, Schema schema) {
        this(dialect, schema, DateTimeStorage.ISO_TEXT);
    }

    /**
     * Renders the SELECT of one page.
     *
     * @param query the parsed query
     * @param scope conditions to AND in (owner scoping, …); may be empty
     * @return the SQL, its binds and how to read the rows
     * @throws IllegalArgumentException when a scope column is not served
     */
    public SelectSql select(ListQuery query, List<ScopePredicate> scope) {
        return select(query, scope, false);
    }

    /**
     * Renders the SELECT of one page, on SQLite optionally read from the table {@code NOT INDEXED}: no
     * index serves the WHERE, so SQLite walks the table in rowid order and stops once the page is full
     * (https://www.sqlite.org/lang_indexedby.html). {@code KeyOrderScan} in the API decides when that pays:
     * a filter that matches many rows, through an index that does not deliver the key order, would
     * otherwise sort every matching row for a small page (docs/query.md, "How pages are read").
     *
     * @param query       the parsed query
     * @param scope       conditions to AND in (owner scoping, …); may be empty
     * @param notIndexed  true for {@code FROM table NOT INDEXED} (SQLite, without a ranked search); ignored
     *                    on PostgreSQL and with a ranked search
     * @return the SQL, its binds and how to read the rows
     * @throws IllegalArgumentException when a scope column is not served
     */
    public SelectSql select(ListQuery query, List<ScopePredicate> scope, boolean notIndexed) {
        List<Field> columns = new ArrayList<>(query.selection());
        List<Integer> cursorColumns = new ArrayList<>();
        if (query.pagination() instanceof Pagination.Keyset) {
            for (OrderTerm t : query.order()) {
                int at = columns.indexOf(t.field());
                if (at < 0) {
                    columns.add(t.field());
                    at = columns.size() - 1;
                }
                cursorColumns.add(at + 1);
            }
        }
        Optional<FullTextSearch> ranked = query.search().filter(FullTextSearch::byRelevance);
        Optional<KeysetPosition> after = query.pagination() instanceof Pagination.Keyset k ? k.after() : Optional.empty();
        int fetch = switch (query.pagination()) {
            case Pagination.Offset o -> o.perPage();
            case Pagination.Keyset k -> k.limit() + 1;
        };
        RenderedSql sql = rendered(query.model(), "select", w -> {
            w.key.append("cols");
            columns.forEach(w::name);
            if (ranked.isPresent() && sqlite) {
                w.joinRanked(ranked.get());
            } else if (notIndexed && sqlite) {
                w.notIndexed();
            }
            Condition where = w.where(query, scope);
            if (after.isPresent()) {
                where = w.and(where, w.after(query.order(), after.get().values()));
            }
            List<SortField<?>> orderBy = new ArrayList<>();
            w.key.append("|order");
            ranked.ifPresent(s -> orderBy.add(w.fullText(s).relevance()));
            for (OrderTerm t : query.order()) {
                w.orderName(t).append(t.descending() ? "d" : "a");
                orderBy.addAll(w.sorts(t));
            }
            w.key.append(query.pagination() instanceof Pagination.Offset ? "|offset" : "|keyset");
            Param<Integer> limit = w.bindLimit(fetch);
            Param<Long> offset = query.pagination() instanceof Pagination.Offset o ? w.bindOffset(o.offset()) : null;
            if (!w.build) {
                return null;
            }
            var page = dsl.select(columns.stream().map(SqlRenderer::column).toList()).from(w.from).where(where)
                    .orderBy(orderBy).limit(limit);
            return offset == null ? page : page.offset(offset);
        });
        return new SelectSql(sql, columns, query.selection().size(), cursorColumns, fetch);
    }

    /**
     * Renders the SELECT of at most {@code perParent} rows for each value of {@code parentColumns} (an
     * {@code include} of a to-many relation: one statement for the children of a whole page), using
     * {@code row_number() OVER (PARTITION BY parent ORDER BY …)}, which SQLite has since 3.25 and
     * PostgreSQL since 8.4. Rows come grouped by parent, each group in the query's order.
     *
     * @param query         the query (its filter selects the children of the page's parents; its pagination is ignored)
     * @param scope         conditions to AND in; may be empty
     * @param parentColumns the columns holding the parent's key
     * @param perParent     the most rows per parent, at least 1
     * @return the SQL; its columns are the query's selection
     * @throws IllegalArgumentException when a scope column is not served
     */
    public SelectSql selectPerParent(ListQuery query, List<ScopePredicate> scope, List<Field> parentColumns, int perParent) {
        List<Field> columns = query.selection();
        RenderedSql sql = rendered(query.model(), "perparent", w -> {
            w.key.append("cols");
            columns.forEach(w::name);
            w.key.append("|by");
            parentColumns.forEach(w::name);
            Condition where = w.where(query, scope);
            List<SortField<?>> order = new ArrayList<>();
            w.key.append("|order");
            for (OrderTerm t : query.order()) {
                w.orderName(t).append(t.descending() ? "d" : "a");
                order.addAll(w.sorts(t));
            }
            Param<Integer> limit = w.bindLimit(perParent);
            if (!w.build) {
                return null;
            }
            List<org.jooq.SelectFieldOrAsterisk> inner = new ArrayList<>(columns.stream().map(SqlRenderer::column).toList());
            inner.add(DSL.rowNumber().over(DSL.partitionBy(parentColumns.stream().map(SqlRenderer::column).toList())
                    .orderBy(order)).as("plinth_rn"));
            Table<?> rows = dsl.select(inner).from(w.from).where(where).asTable("plinth_rows");
            List<SortField<?>> outer = new ArrayList<>();
            parentColumns.forEach(f -> outer.add(DSL.field(DSL.name("plinth_rows", f.columnName())).asc()));
            outer.add(DSL.field(DSL.name("plinth_rows", "plinth_rn")).asc());
            return dsl.select(columns.stream().map(f -> DSL.field(DSL.name("plinth_rows", f.columnName()))).toList())
                    .from(rows)
                    .where(DSL.field(DSL.name("plinth_rows", "plinth_rn"), Integer.class).le(limit))
                    .orderBy(outer);
        });
        return new SelectSql(sql, columns, columns.size(), List.of(), perParent);
    }

    /**
     * Renders the SELECT of at most {@code perParent} rows linked to each of {@code parents} through an
     * implicit many-to-many join table (an {@code include} of such a relation: one statement for the
     * whole page). The SELECT list is the query's selection followed by one more column, the parent's
     * id as text ({@code plinth_parent}); rows come grouped by parent, each group in the query's order.
     *
     * @param query     the query on the related model (its filter and pagination are ignored but for the scope and soft deletes)
     * @param scope     conditions to AND in; may be empty
     * @param joinTable the join table ({@code _CategoryToPost}), in the related model's database schema
     * @param parentColumn the join table's column holding the parent's id ({@code A} or {@code B})
     * @param targetColumn the join table's column holding the related row's id
     * @param targetId  the related model's id field
     * @param parentId  the parent model's id field (for typing the parent values)
     * @param parents   the parents' ids, as text; at least one
     * @param perParent the most rows per parent, at least 1
     * @return the SQL
     * @throws QueryException when a parent id does not parse as {@code parentId}'s type
     * @throws IllegalArgumentException when {@code parentId} or a scope column is not served
     */
    public SelectSql selectLinked(ListQuery query, List<ScopePredicate> scope, String joinTable, String parentColumn,
                                  String targetColumn, Field targetId, Field parentId, List<String> parents, int perParent) {
        List<Field> columns = query.selection();
        RenderedSql sql = rendered(query.model(), "linked", w -> {
            w.key.append("cols");
            columns.forEach(w::name);
            w.key.append("|join").append(joinTable.length()).append(':').append(joinTable).append(parentColumn.length())
                    .append(':').append(parentColumn).append(targetColumn.length()).append(':').append(targetColumn);
            w.name(targetId);
            // The FROM becomes the table joined with its links (built below, once the walk renders).
            w.plainFrom = false;
            Condition where = w.where(query, scope);
            ColumnKind parentKind = ColumnKind.of(parentId).orElseThrow(() -> new IllegalArgumentException("parent id not served"));
            List<org.jooq.Field<Object>> values = new ArrayList<>();
            int padded = Integer.highestOneBit(parents.size());
            padded = padded == parents.size() ? padded : padded * 2;
            w.key.append("|in#").append(padded);
            for (int i = 0; i < padded; i++) {
                String text = parents.get(Math.min(i, parents.size() - 1));
                values.add(w.value(parentId, parentKind, ColumnValues.parse(text, parentId, parentKind, schema, "include")));
            }
            List<SortField<?>> order = new ArrayList<>();
            w.key.append("|order");
            for (OrderTerm t : query.order()) {
                if (t.path().isPresent()) {
                    throw new IllegalArgumentException("linked rows are ordered by columns, not by a Json path");
                }
                w.name(t.field()).append(t.descending() ? "d" : "a");
                order.add(w.build ? DSL.field(DSL.name(w.tableName.last(), t.field().columnName()))
                        .sort(t.descending() ? org.jooq.SortOrder.DESC : org.jooq.SortOrder.ASC) : null);
            }
            Param<Integer> limit = w.bindLimit(perParent);
            if (!w.build) {
                return null;
            }
            // The join table's columns are renamed in a derived table so that they cannot clash with the model's.
            Table<?> links = dsl.select(DSL.field(DSL.name(parentColumn)).as("plinth_parent"),
                            DSL.field(DSL.name(targetColumn)).as("plinth_target"))
                    .from(DSL.table(qualified(query.model(), joinTable))).asTable("plinth_links");
            Table<?> from = w.table.join(links).on(DSL.field(DSL.name("plinth_links", "plinth_target"))
                    .eq(DSL.field(DSL.name(w.tableName.last(), targetId.columnName()))));
            org.jooq.Field<Object> parent = DSL.field(DSL.name("plinth_links", "plinth_parent"));
            List<org.jooq.SelectFieldOrAsterisk> inner = new ArrayList<>(columns.stream()
                    .map(f -> (org.jooq.SelectFieldOrAsterisk) DSL.field(DSL.name(w.tableName.last(), f.columnName()))).toList());
            inner.add(parent.as("plinth_parent"));
            inner.add(DSL.rowNumber().over(DSL.partitionBy(parent).orderBy(order)).as("plinth_rn"));
            Table<?> rows = dsl.select(inner).from(from).where(where.and(parent.in(values))).asTable("plinth_rows");
            List<org.jooq.SelectFieldOrAsterisk> outer = new ArrayList<>(columns.stream()
                    .map(f -> (org.jooq.SelectFieldOrAsterisk) DSL.field(DSL.name("plinth_rows", f.columnName()))).toList());
            outer.add(DSL.field(DSL.name("plinth_rows", "plinth_parent")));
            return dsl.select(outer).from(rows)
                    .where(DSL.field(DSL.name("plinth_rows", "plinth_rn"), Integer.class).le(limit))
                    .orderBy(DSL.field(DSL.name("plinth_rows", "plinth_parent")).asc(),
                            DSL.field(DSL.name("plinth_rows", "plinth_rn")).asc());
        });
        return new SelectSql(sql, columns, columns.size(), List.of(), perParent);
    }

    /**
     * Renders {@code SELECT count(*)} over the rows the query's filter and scope match (no page, no cap).
     *
     * @param query the parsed query
     * @param scope conditions to AND in; may be empty
     * @return the SQL and its binds; the result is one row with one integer column
     * @throws IllegalArgumentException when a scope column is not served
     */
    public RenderedSql count(ListQuery query, List<ScopePredicate> scope) {
        return rendered(query.model(), "count", w -> {
            Condition where = w.where(query, scope);
            return w.build ? dsl.selectCount().from(w.table).where(where) : null;
        });
    }

    /**
     * Renders {@code SELECT count(*) FROM (SELECT 1 FROM table WHERE … LIMIT ?)}: how many rows the query's
     * filter and scope match, counting no further than {@code cap}. SQLite reads the matches through the
     * filter's index alone where one covers it, so the cost is bounded by {@code cap} index entries.
     *
     * @param query the parsed query (its filter, search, scope and soft deletes; not its order or page)
     * @param scope conditions to AND in; may be empty
     * @param cap   the most rows counted, at least 1
     * @return the SQL and its binds; the result is one row with one integer column, at most {@code cap}
     * @throws IllegalArgumentException when a scope column is not served
     */
    public RenderedSql countUpTo(ListQuery query, List<ScopePredicate> scope, int cap) {
        return rendered(query.model(), "countupto", w -> {
            Condition where = w.where(query, scope);
            Param<Integer> limit = w.bindLimit(cap);
            if (!w.build) {
                return null;
            }
            Table<?> matches = dsl.select(DSL.inline(1).as("plinth_one")).from(w.table).where(where).limit(limit)
                    .asTable("plinth_matches");
            return dsl.selectCount().from(matches);
        });
    }

    /**
     * Renders {@code SELECT 1 FROM … WHERE …}: the rows a count would count, for the database's planner to
     * estimate ({@code EXPLAIN}) without running it.
     *
     * @param query the parsed query
     * @param scope conditions to AND in; may be empty
     * @return the SQL and its binds
     * @throws IllegalArgumentException when a scope column is not served
     */
    public RenderedSql matching(ListQuery query, List<ScopePredicate> scope) {
        return rendered(query.model(), "matching", w -> {
            Condition where = w.where(query, scope);
            return w.build ? dsl.selectOne().from(w.table).where(where) : null;
        });
    }

    /**
     * Returns the model's table as the database names it in SQL, schema-qualified and quoted where the
     * renderer qualifies it (e.g. {@code "crm"."contacts"} on a multi-schema PostgreSQL database), for
     * reading its statistics.
     *
     * @param model the model
     * @return the quoted name
     */
    public String tableName(Model model) {
        return dsl.render(qualified(model, model.tableName()));
    }

    /**
     * Renders the UPDATE of every row the query's filter and scope match (collection PATCH, or a soft
     * delete that sets {@code deleted_at}).
     *
     * @param query  the parsed query (only its filter, {@code with_deleted} and model matter)
     * @param values the columns to set, in order, each with a value in the column's Java type (see
     *               {@link ColumnKind}; Json as its JSON text, Bytes as {@code byte[]}, a scalar list
     *               as the driver takes it), null for NULL
     * @param scope  conditions to AND in; may be empty
     * @return the SQL and its binds (the SET values first in the text; the bind order matches the text)
     * @throws IllegalArgumentException when {@code values} is empty or names a column that is not served
     */
    public RenderedSql update(ListQuery query, Map<Field, Object> values, List<ScopePredicate> scope) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an UPDATE needs at least one column to set");
        }
        return rendered(query.model(), "update", w -> {
            Map<org.jooq.Field<?>, Object> set = new LinkedHashMap<>();
            for (Map.Entry<Field, Object> e : values.entrySet()) {
                Field f = e.getKey();
                ColumnKind kind = ColumnKind.of(f).orElseThrow(() -> new IllegalArgumentException(
                        "column " + f.columnName() + " is not served"));
                w.name(f).append(e.getValue() == null ? "=null" : "=?").append(';');
                org.jooq.Field<Object> value = e.getValue() == null ? null : w.value(f, kind, e.getValue());
                if (w.build) {
                    set.put(column(f), e.getValue() == null ? DSL.inline((Object) null) : value);
                }
            }
            Condition where = w.where(query, scope);
            return w.build ? dsl.update(w.table).set(set).where(where) : null;
        });
    }

    /**
     * Renders a SELECT of the given columns of every row the query's filter and scope match, locked for
     * the write that follows on PostgreSQL ({@code FOR UPDATE}): a collection PATCH reads the rows it
     * will change to check the model's {@code @@validate} rules on each (docs/schema.md, "Validators and
     * model rules").
     *
     * @param query   the parsed query (only its filter, {@code with_deleted} and model matter)
     * @param columns the columns to read, in the order the result set should hold them
     * @param scope   conditions to AND in; may be empty
     * @return the SQL and its binds
     */
    public RenderedSql selectForUpdate(ListQuery query, List<Field> columns, List<ScopePredicate> scope) {
        return rendered(query.model(), "select-for-update", w -> {
            for (Field f : columns) {
                w.name(f);
            }
            Condition where = w.where(query, scope);
            if (!w.build) {
                return null;
            }
            var select = dsl.select(columns.stream().map(SqlRenderer::column).toList()).from(w.table).where(where);
            return sqlite ? select : select.forUpdate();
        });
    }

    /**
     * Renders the DELETE of every row the query's filter and scope match (collection DELETE on a table
     * without soft deletes).
     *
     * @param query the parsed query (only its filter, {@code with_deleted} and model matter)
     * @param scope conditions to AND in; may be empty
     * @return the SQL and its binds
     * @throws IllegalArgumentException when a scope column is not served
     */
    public RenderedSql delete(ListQuery query, List<ScopePredicate> scope) {
        return rendered(query.model(), "delete", w -> {
            Condition where = w.where(query, scope);
            return w.build ? dsl.deleteFrom(w.table).where(where) : null;
        });
    }

    /**
     * Renders a filter alone as a SQL condition, for statements built elsewhere that AND it in (access
     * rules in single-row statements, docs/access-rules.md). Cached per shape like the statements.
     *
     * @param model  the model whose columns the filter names
     * @param filter the filter
     * @return the condition's SQL (no {@code WHERE}) and its binds
     */
    public RenderedSql condition(Model model, Filter filter) {
        return rendered(model, "condition", w -> w.filter(filter));
    }

    /** Returns how many query shapes have their SQL kept (for tests and metrics). */
    public int cachedShapes() {
        return shapes.size();
    }

    /** Returns how many walks have built a jOOQ model: one per statement whose shape was not cached (for tests). */
    long renders() {
        return renders.sum();
    }

    /**
     * The one way every statement is made: {@code body} describes the statement on a {@link Walk}. It
     * runs first on a walk that only records the shape key and the binds (creating no jOOQ object, so a
     * cached shape costs a string and a map lookup); only for a shape not yet cached does it run again on
     * a walk that builds the jOOQ model, which is rendered once.
     *
     * @param body records the statement's shape and binds on the walk, and returns its jOOQ model when
     *             {@link Walk#build} (a {@link Query}, or a {@link Condition} for {@link #condition}), else null
     * @throws IllegalStateException when the two walks disagree (a {@code build}-only branch that changed
     *                               the key or the binds), or the rendered SQL does not hold every bind once
     */
    private RenderedSql rendered(Model model, String statement, Function<Walk, QueryPart> body) {
        Walk keyed = new Walk(model, statement, false);
        body.apply(keyed);
        String key = keyed.key.toString();
        Shape shape = shapes.get(key);
        if (shape == null) {
            Walk full = new Walk(model, statement, true);
            QueryPart part = body.apply(full);
            requireSameShape(key, keyed.binds, full.key.toString(), full.binds);
            shape = full.render(part);
            if (shapes.size() < MAX_CACHED_SHAPES) {
                shapes.putIfAbsent(key, shape);
            }
        }
        return shape.bind(keyed.binds);
    }

    /**
     * Fails when the key-only walk and the building walk of one statement did not record the same
     * shape key and binds: the cached SQL would then be served for another shape, or bind other values.
     *
     * @throws IllegalStateException naming both keys
     */
    static void requireSameShape(String keyedKey, List<Object> keyedBinds, String builtKey, List<Object> builtBinds) {
        boolean same = keyedKey.equals(builtKey) && keyedBinds.size() == builtBinds.size();
        for (int i = 0; same && i < keyedBinds.size(); i++) {
            same = Objects.deepEquals(keyedBinds.get(i), builtBinds.get(i));
        }
        if (!same) {
            throw new IllegalStateException("the key walk and the rendering walk disagree: " + keyedKey + " "
                    + keyedBinds + " against " + builtKey + " " + builtBinds);
        }
    }

    /** Rendered SQL of one shape, and where each of the walk's binds goes in it. */
    private record Shape(String sql, int[] bindOrder) {

        /** The SQL with {@code binds} (in the walk's creation order) put in rendered order. */
        RenderedSql bind(List<Object> binds) {
            Object[] ordered = new Object[binds.size()];
            for (int i = 0; i < ordered.length; i++) {
                ordered[i] = binds.get(bindOrder[i]);
            }
            return new RenderedSql(sql, Arrays.asList(ordered));
        }
    }

    private SortField<?> sortField(OrderTerm t) {
        org.jooq.Field<Object> c = column(t.field());
        SortField<Object> s = t.descending() ? c.desc() : c.asc();
        if (sqlite && t.field().optional()) {
            s = t.descending() ? s.nullsFirst() : s.nullsLast();
        }
        return s;
    }

    private static org.jooq.Field<Object> column(Field f) {
        return DSL.field(DSL.name(f.columnName()));
    }

    /** A table of {@code model}'s database schema, qualified on PostgreSQL (SQLite has no schemas). */
    private Name qualified(Model model, String table) {
        return !sqlite && model.databaseSchema().isPresent() ? DSL.name(model.databaseSchema().get(), table) : DSL.name(table);
    }

    /**
     * One statement walked in one of two modes. Both record the shape key and the binds, in the order
     * the binds are created; with {@link #build} the walk also builds the statement's jOOQ model, and
     * without it every method that would return a jOOQ object returns null instead. The two modes run
     * the same code, so they record the same key and binds unless a {@code build}-only branch touches
     * them, which {@link #requireSameShape} catches on the render of every new shape.
     */
    private final class Walk {
        /** True when the walk builds jOOQ objects; false for the key-only walk of every request. */
        final boolean build;
        /** The model whose columns are being rendered: the listed one, or a related one inside a relation filter. */
        Model model;
        /** The statement's table, and its name; null unless {@link #build}. */
        final Table<?> table;
        final Name tableName;
        /** The FROM of a SELECT: the table, or the table joined with its ranked full-text matches; null unless {@link #build}. */
        Table<?> from;
        /**
         * False once the FROM is not the bare table: a ranked SQLite search then matches through its join
         * rather than in the WHERE; linked rows ({@link #selectLinked}), whose queries carry no search, too.
         */
        boolean plainFrom = true;
        final StringBuilder key = new StringBuilder(128);
        final List<Object> binds = new ArrayList<>();

        Walk(Model model, String statement, boolean build) {
            this.build = build;
            this.model = model;
            key.append(statement).append('|');
            tableKey(model).append('|');
            if (build) {
                renders.increment();
                this.tableName = qualified(model, model.tableName());
                this.table = DSL.table(tableName);
            } else {
                this.tableName = null;
                this.table = null;
            }
            this.from = table;
        }

        /** Appends a column name to the shape key, length-prefixed so that no name can mimic key syntax. */
        StringBuilder name(Field f) {
            return key.append(',').append(f.columnName().length()).append(':').append(f.columnName());
        }

        /** Appends a model's table, as {@link #qualified} names it, to the shape key, length-prefixed like {@link #name}. */
        StringBuilder tableKey(Model m) {
            if (!sqlite && m.databaseSchema().isPresent()) {
                String s = m.databaseSchema().get();
                key.append(s.length()).append(':').append(s).append('.');
            }
            return key.append(m.tableName().length()).append(':').append(m.tableName());
        }

        Condition and(Condition a, Condition b) {
            return build ? a.and(b) : null;
        }

        Condition isNull(Field f) {
            return build ? column(f).isNull() : null;
        }

        /** The sort fields of a term: one for a column, two for a Json path ({@link JsonSql#sorts}); empty without build. */
        List<SortField<?>> sorts(OrderTerm t) {
            if (t.path().isPresent()) {
                return json().sorts(t);
            }
            return build ? List.of(sortField(t)) : List.of();
        }

        /** Appends an order term's column, and its path if any, to the shape key. */
        StringBuilder orderName(OrderTerm t) {
            name(t.field());
            t.path().ifPresent(p -> key.append('.').append(p.dotted()));
            return key;
        }

        JsonSql json() {
            return new JsonSql(sqlite, build, key, v -> bind(Object.class, v), build ? qualified(model, model.tableName()) : null);
        }

        /** {@code column op value} for the six scalar comparisons. */
        Condition compare(Operator op, Field f, org.jooq.Field<Object> value) {
            if (!build) {
                return null;
            }
            org.jooq.Field<Object> col = column(f);
            return switch (op) {
                case EQ -> col.eq(value);
                case NE -> col.ne(value);
                case GT -> col.gt(value);
                case GTE -> col.ge(value);
                case LT -> col.lt(value);
                case LTE -> col.le(value);
                default -> throw new IllegalArgumentException(op + " is not a scalar comparison");
            };
        }

        /** Makes the FROM {@code table NOT INDEXED} (SQLite): the WHERE is then served by no index. */
        void notIndexed() {
            key.append("|notindexed");
            if (build) {
                from = DSL.table("{0} NOT INDEXED", tableName);
            }
        }

        /** Makes the FROM the table joined with its ranked SQLite search; the search then stays out of the WHERE. */
        void joinRanked(FullTextSearch search) {
            plainFrom = false;
            from = fullText(search).rankedSqliteSource();
        }

        Condition where(ListQuery query, List<ScopePredicate> scope) {
            if (!query.model().equals(model)) {
                throw new IllegalArgumentException("query of another model");
            }
            key.append("where");
            Condition c = filter(query.filter());
            if (query.search().isPresent() && plainFrom) {
                c = and(c, fullText(query.search().get()).condition());
            }
            for (ScopePredicate p : scope) {
                key.append("&scope(");
                c = and(c, switch (p) {
                    case ScopePredicate.Equals eq -> {
                        name(eq.field()).append("=?)");
                        ColumnKind kind = ColumnKind.of(eq.field()).orElseThrow(() -> new IllegalArgumentException(
                                "scope column " + eq.field().columnName() + " is not served"));
                        yield compare(Operator.EQ, eq.field(), value(eq.field(), kind, eq.value()));
                    }
                    case ScopePredicate.IsNull n -> {
                        name(n.field()).append(" null)");
                        yield isNull(n.field());
                    }
                });
            }
            Optional<Field> deleted = query.hiddenDeletedColumn();
            if (deleted.isPresent()) {
                key.append("&live");
                c = and(c, isNull(deleted.get()));
            }
            return c;
        }

        FullTextSql fullText(FullTextSearch search) {
            return new FullTextSql(sqlite, build, tableName, search, v -> bind(String.class, v), key);
        }

        Condition filter(Filter f) {
            return switch (f) {
                case Filter.All all -> {
                    key.append("and(");
                    Condition c = build ? DSL.noCondition() : null;
                    for (Filter part : all.parts()) {
                        c = and(c, filter(part));
                        key.append(',');
                    }
                    key.append(')');
                    yield c;
                }
                case Filter.Any any -> {
                    key.append("or(");
                    List<Condition> parts = new ArrayList<>();
                    for (Filter part : any.parts()) {
                        parts.add(filter(part));
                        key.append(',');
                    }
                    key.append(')');
                    yield build ? DSL.or(parts) : null;
                }
                case Filter.Not not -> {
                    key.append("not(");
                    Condition inner = filter(not.part());
                    key.append(')');
                    yield build ? DSL.not(inner) : null;
                }
                case Filter.Comparison cmp -> comparison(cmp);
                case Filter.JsonMatch json -> json().match(json);
                case Filter.Related rel -> related(rel);
            };
        }

        /** {@code fk IN (SELECT key FROM target WHERE inner AND deleted_at IS NULL)}. */
        Condition related(Filter.Related rel) {
            Model target = rel.target();
            key.append("rel(");
            tableKey(target).append('|');
            rel.local().forEach(this::name);
            key.append('|');
            rel.remote().forEach(this::name);
            Model outer = model;
            Condition inner;
            model = target;
            try {
                inner = filter(rel.inner());
            } finally {
                model = outer;
            }
            Optional<Field> deleted = SoftDelete.column(target);
            if (deleted.isPresent()) {
                key.append("&live");
                inner = and(inner, isNull(deleted.get()));
            }
            key.append(')');
            if (!build) {
                return null;
            }
            var keys = dsl.select(rel.remote().stream().map(f -> (org.jooq.SelectFieldOrAsterisk) column(f)).toList())
                    .from(DSL.table(qualified(target, target.tableName()))).where(inner);
            if (rel.local().size() == 1) {
                return DSL.condition("{0} IN ({1})", column(rel.local().getFirst()), keys);
            }
            return DSL.condition("({0}) IN ({1})", DSL.list(rel.local().stream().map(f -> (org.jooq.QueryPart) column(f)).toList()), keys);
        }

        Condition comparison(Filter.Comparison cmp) {
            Field f = cmp.field();
            ColumnKind kind = cmp.kind();
            name(f).append(cmp.operator().suffix());
            Object v = cmp.values().getFirst();
            return switch (cmp.operator()) {
                case EQ, NE, GT, GTE, LT, LTE -> compare(cmp.operator(), f, value(f, kind, v));
                case IN, NIN -> {
                    List<org.jooq.Field<Object>> items = new ArrayList<>();
                    int padded = Integer.highestOneBit(cmp.values().size());
                    padded = padded == cmp.values().size() ? padded : padded * 2;
                    key.append('#').append(padded);
                    for (int i = 0; i < padded; i++) {
                        // Repeating the last value keeps the list length, and so the SQL, to a power of two.
                        items.add(value(f, kind, cmp.values().get(Math.min(i, cmp.values().size() - 1))));
                    }
                    if (!build) {
                        yield null;
                    }
                    yield cmp.operator() == Operator.IN ? column(f).in(items) : column(f).notIn(items);
                }
                case ISNULL -> {
                    // No bind: the SQL itself differs, so the shape key must too.
                    key.append((Boolean) v ? "T" : "F");
                    if (!build) {
                        yield null;
                    }
                    yield (Boolean) v ? column(f).isNull() : column(f).isNotNull();
                }
                case CONTAINS, STARTSWITH, ENDSWITH -> pattern(f, cmp.operator(), (String) v);
                case ICONTAINS -> {
                    Param<String> p = bind(String.class, "%" + escapeLike((String) v) + "%");
                    yield build ? textColumn(f).likeIgnoreCase(p, LIKE_ESCAPE) : null;
                }
                case HAS, HAS_KEY -> throw new IllegalArgumentException(cmp.operator() + " applies to Json fields only");
            };
        }

        /** A case-sensitive text match: GLOB on SQLite (LIKE ignores case there), LIKE on PostgreSQL. */
        Condition pattern(Field f, Operator op, String text) {
            if (sqlite) {
                String g = escapeGlob(text);
                String glob = switch (op) {
                    case CONTAINS -> "*" + g + "*";
                    case STARTSWITH -> g + "*";
                    default -> "*" + g;
                };
                Param<String> p = bind(String.class, glob);
                return build ? DSL.condition("{0} GLOB {1}", column(f), p) : null;
            }
            String l = escapeLike(text);
            String like = switch (op) {
                case CONTAINS -> "%" + l + "%";
                case STARTSWITH -> l + "%";
                default -> "%" + l;
            };
            Param<String> p = bind(String.class, like);
            return build ? textColumn(f).like(p, LIKE_ESCAPE) : null;
        }

        /**
         * One key of the total order: a column term, or one of a Json path term's two keys (0 the number, 1
         * the text), with the position's value for it.
         */
        private record SortKey(OrderTerm term, int part, Object value) {
            boolean nullable() {
                return term.nullable();
            }
        }

        /** Splits the order into its sort keys, a path term's cursor value going to its number or text key. */
        private List<SortKey> sortKeys(List<OrderTerm> order, List<Object> values) {
            List<SortKey> keys = new ArrayList<>(order.size() + 2);
            for (int i = 0; i < order.size(); i++) {
                OrderTerm t = order.get(i);
                Object v = values.get(i);
                if (t.path().isPresent()) {
                    keys.add(new SortKey(t, 0, v instanceof java.math.BigDecimal ? v : null));
                    keys.add(new SortKey(t, 1, v instanceof String ? v : null));
                } else {
                    keys.add(new SortKey(t, -1, v));
                }
            }
            return keys;
        }

        private void keyName(SortKey k) {
            orderName(k.term());
            if (k.part() >= 0) {
                key.append('#').append(k.part());
            }
        }

        private org.jooq.Field<Object> keyExpression(SortKey k) {
            if (k.part() >= 0) {
                return json().sortKey(k.term().field(), k.term().path().orElseThrow(), k.part());
            }
            return build ? column(k.term().field()) : null;
        }

        private org.jooq.Field<Object> keyValue(SortKey k, Object v) {
            if (k.part() >= 0) {
                return json().sortValue(k.part(), v);
            }
            return value(k.term().field(), k.term().kind(), v);
        }

        private Condition keyCompare(Operator op, SortKey k, org.jooq.Field<Object> expression, org.jooq.Field<Object> value) {
            if (!build) {
                return null;
            }
            return switch (op) {
                case EQ -> expression.eq(value);
                case GT -> expression.gt(value);
                case LT -> expression.lt(value);
                default -> throw new IllegalArgumentException(op.toString());
            };
        }

        /** The keyset condition: rows strictly after {@code values} in the total order {@code order}. */
        Condition after(List<OrderTerm> order, List<Object> values) {
            boolean uniform = order.stream().allMatch(t -> !t.nullable()
                    && t.descending() == order.getFirst().descending());
            key.append("|after");
            if (uniform) {
                key.append(order.getFirst().descending() ? "<" : ">");
                List<org.jooq.Field<?>> cols = new ArrayList<>();
                List<org.jooq.Field<?>> vals = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    OrderTerm t = order.get(i);
                    name(t.field());
                    cols.add(build ? column(t.field()) : null);
                    vals.add(value(t.field(), t.kind(), values.get(i)));
                }
                if (!build) {
                    return null;
                }
                var left = DSL.row(cols);
                var right = DSL.row(vals);
                return order.getFirst().descending() ? left.lt(right) : left.gt(right);
            }
            List<SortKey> keys = sortKeys(order, values);
            List<Condition> disjuncts = new ArrayList<>();
            for (int i = 0; i < keys.size(); i++) {
                SortKey k = keys.get(i);
                Object v = k.value();
                if (v == null && !k.term().descending()) {
                    // Nothing sorts after NULL ascending (NULLs last): this disjunct is empty.
                    key.append(";-");
                    continue;
                }
                key.append(';');
                Condition c = build ? DSL.noCondition() : null;
                for (int j = 0; j < i; j++) {
                    SortKey prior = keys.get(j);
                    Object pv = prior.value();
                    key.append(pv == null ? 'n' : '=');
                    keyName(prior);
                    org.jooq.Field<Object> e = keyExpression(prior);
                    c = and(c, pv == null ? (build ? e.isNull() : null)
                            : keyCompare(Operator.EQ, prior, e, keyValue(prior, pv)));
                }
                keyName(k);
                org.jooq.Field<Object> e = keyExpression(k);
                Condition beyond;
                if (v == null) {
                    key.append("nn");
                    beyond = build ? e.isNotNull() : null;
                } else if (k.term().descending()) {
                    key.append('<');
                    beyond = keyCompare(Operator.LT, k, e, keyValue(k, v));
                } else {
                    key.append('>');
                    beyond = keyCompare(Operator.GT, k, e, keyValue(k, v));
                    if (k.nullable()) {
                        key.append("|null");
                        beyond = build ? beyond.or(e.isNull()) : null;
                    }
                }
                disjuncts.add(and(c, beyond));
            }
            // Every row after the position has a first key at or beyond the position's when that key is a
            // required column: said outright, the bound lets an index on the key (or on a filter column and
            // the key) seek to the position instead of reading every row before it and filtering the OR.
            SortKey first = keys.getFirst();
            Condition seek = null;
            if (first.part() < 0 && !first.nullable() && first.value() != null && !disjuncts.isEmpty()) {
                key.append(first.term().descending() ? "|seek<=" : "|seek>=");
                org.jooq.Field<Object> e = keyExpression(first);
                org.jooq.Field<Object> v = keyValue(first, first.value());
                if (build) {
                    seek = first.term().descending() ? e.le(v) : e.ge(v);
                }
            }
            if (!build) {
                return null;
            }
            if (disjuncts.isEmpty()) {
                return DSL.falseCondition();
            }
            return seek == null ? DSL.or(disjuncts) : seek.and(DSL.or(disjuncts));
        }

        /** A bind of a column value, converted for the dialect and cast where PostgreSQL needs it. */
        org.jooq.Field<Object> value(Field f, ColumnKind kind, Object v) {
            Param<Object> p = bind(Object.class, binding.toJdbc(v, model, f, kind));
            if (!build || sqlite) {
                return p;
            }
            if (f.type() instanceof FieldType.EnumRef e && !f.list()) {
                String typeName = schema.enumType(e.name()).map(EnumType::databaseName).orElse(e.name());
                Name type = model.databaseSchema().map(s -> DSL.name(s, typeName)).orElse(DSL.name(typeName));
                return DSL.field("{0}::{1}", Object.class, p, type);
            }
            return binding.postgresCast(f, kind)
                    .map(t -> DSL.field("{0}::" + t, Object.class, p))
                    .orElse(p);
        }

        /** The column as text for LIKE: PostgreSQL types such as {@code uuid} have no LIKE of their own. */
        org.jooq.Field<String> textColumn(Field f) {
            if (!sqlite && binding.postgresCast(f, ColumnKind.STRING).isPresent()) {
                return DSL.field("{0}::text", String.class, column(f));
            }
            return DSL.field(DSL.name(f.columnName()), SQLDataType.VARCHAR);
        }

        Param<Integer> bindLimit(int n) {
            return bind(Integer.class, n);
        }

        Param<Long> bindOffset(long n) {
            return bind(Long.class, n);
        }

        /** Records a bind (its value and a {@code ?} in the key); with {@link #build}, returns its parameter, else null. */
        @SuppressWarnings("unchecked")
        <T> Param<T> bind(Class<T> type, Object jdbcValue) {
            int at = binds.size();
            binds.add(jdbcValue);
            key.append('?');
            if (!build) {
                return null;
            }
            // The name carries the creation index, which render() maps to the rendered position.
            String name = "b" + at;
            if (type == Integer.class) {
                return (Param<T>) DSL.param(name, SQLDataType.INTEGER);
            }
            if (type == Long.class) {
                return (Param<T>) DSL.param(name, SQLDataType.BIGINT);
            }
            if (type == String.class) {
                return (Param<T>) DSL.param(name, SQLDataType.VARCHAR);
            }
            return (Param<T>) DSL.param(name, SQLDataType.OTHER);
        }

        /** Renders the built statement (or condition) and maps each bind's creation index to its position in the text. */
        Shape render(QueryPart part) {
            String sql;
            Map<String, Param<?>> params;
            int placeholders;
            if (part instanceof Query query) {
                sql = query.getSQL(ParamType.INDEXED);
                params = query.getParams();
                placeholders = query.getBindValues().size();
            } else {
                sql = dsl.render(part);
                params = dsl.extractParams(part);
                placeholders = dsl.extractBindValues(part).size();
            }
            // The parameters come in the order they are rendered.
            int[] order = params.keySet().stream()
                    .filter(n -> n.startsWith("b"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1)))
                    .toArray();
            if (order.length != binds.size() || placeholders != binds.size()
                    || Arrays.stream(order).distinct().count() != order.length) {
                throw new IllegalStateException("rendered SQL has " + placeholders + " placeholders for "
                        + binds.size() + " binds: " + sql);
            }
            return new Shape(sql, order);
        }
    }

    /** Escapes LIKE wildcards with {@code !} (ESCAPE '!'): {@code %}, {@code _} and {@code !} itself. */
    static String escapeLike(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                b.append(LIKE_ESCAPE);
            }
            b.append(c);
        }
        return b.toString();
    }

    /** Escapes GLOB wildcards by bracketing them: {@code *}, {@code ?} and {@code [} (https://www.sqlite.org/lang_expr.html#glob). */
    static String escapeGlob(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '[') {
                b.append('[').append(c).append(']');
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
