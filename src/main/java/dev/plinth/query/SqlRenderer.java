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
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.Query;
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
 * SQL is built with jOOQ ({@code DSL.using(SQLDialect.SQLITE | POSTGRES)}), as DESIGN.md chooses.
 *
 * <p>SQL text depends only on a query's shape (statement kind, columns, operators, group structure,
 * list lengths rounded up to a power of two, order, page kind, which cursor values are NULL), never on
 * its values; it is rendered once per shape and kept, so a repeated request only walks its filter to
 * collect binds. At most {@value #MAX_CACHED_SHAPES} shapes are kept; further shapes are rendered
 * each time.
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
 *   <li>The keyset condition is a row-value comparison {@code (a, b) > (?, ?)} when every order
 *       column is required and all go the same way, and otherwise is expanded into
 *       {@code a > ? OR (a = ? AND b < ?) …} with NULL-aware terms.</li>
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
     * @throws QueryException {@code not_supported} for a query with {@code q} (full-text search is not rendered yet)
     */
    public SelectSql select(ListQuery query, List<ScopePredicate> scope) {
        Walk w = new Walk(query.model(), "select");
        List<Field> columns = new ArrayList<>(query.selection());
        List<Integer> cursorColumns = new ArrayList<>();
        boolean keyset = query.pagination() instanceof Pagination.Keyset;
        if (keyset) {
            for (OrderTerm t : query.order()) {
                int at = columns.indexOf(t.field());
                if (at < 0) {
                    columns.add(t.field());
                    at = columns.size() - 1;
                }
                cursorColumns.add(at + 1);
            }
        }
        w.key.append("cols");
        columns.forEach(f -> w.name(f));
        Condition where = w.where(query, scope);
        if (query.pagination() instanceof Pagination.Keyset k && k.after().isPresent()) {
            where = where.and(w.after(query.order(), k.after().get().values()));
        }
        List<SortField<?>> orderBy = new ArrayList<>();
        w.key.append("|order");
        for (OrderTerm t : query.order()) {
            w.name(t.field()).append(t.descending() ? "d" : "a");
            orderBy.add(sortField(t));
        }
        int fetch;
        Query sql;
        var base = dsl.select(columns.stream().map(f -> column(f)).toList()).from(w.table).where(where).orderBy(orderBy);
        switch (query.pagination()) {
            case Pagination.Offset o -> {
                w.key.append("|offset");
                fetch = o.perPage();
                Param<Integer> limit = w.bindLimit(o.perPage());
                Param<Long> offset = w.bindOffset(o.offset());
                sql = base.limit(limit).offset(offset);
            }
            case Pagination.Keyset k -> {
                w.key.append("|keyset");
                fetch = k.limit() + 1;
                sql = base.limit(w.bindLimit(fetch));
            }
        }
        return new SelectSql(w.finish(sql), columns, query.selection().size(), cursorColumns, fetch);
    }

    /**
     * Renders {@code SELECT count(*)} over the rows the query's filter and scope match (no page, no cap).
     *
     * @param query the parsed query
     * @param scope conditions to AND in; may be empty
     * @return the SQL and its binds; the result is one row with one integer column
     * @throws QueryException {@code not_supported} for a query with {@code q}
     */
    public RenderedSql count(ListQuery query, List<ScopePredicate> scope) {
        Walk w = new Walk(query.model(), "count");
        Condition where = w.where(query, scope);
        return w.finish(dsl.selectCount().from(w.table).where(where));
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
     * @throws QueryException           {@code not_supported} for a query with {@code q}
     */
    public RenderedSql update(ListQuery query, Map<Field, Object> values, List<ScopePredicate> scope) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an UPDATE needs at least one column to set");
        }
        Walk w = new Walk(query.model(), "update");
        Map<org.jooq.Field<?>, Object> set = new LinkedHashMap<>();
        for (Map.Entry<Field, Object> e : values.entrySet()) {
            Field f = e.getKey();
            ColumnKind kind = ColumnKind.of(f).orElseThrow(() -> new IllegalArgumentException(
                    "column " + f.columnName() + " is not served"));
            w.name(f).append(e.getValue() == null ? "=null" : "=?").append(';');
            set.put(column(f), e.getValue() == null ? DSL.inline((Object) null) : w.value(f, kind, e.getValue()));
        }
        Condition where = w.where(query, scope);
        return w.finish(dsl.update(w.table).set(set).where(where));
    }

    /**
     * Renders the DELETE of every row the query's filter and scope match (collection DELETE on a table
     * without soft deletes).
     *
     * @param query the parsed query (only its filter, {@code with_deleted} and model matter)
     * @param scope conditions to AND in; may be empty
     * @return the SQL and its binds
     * @throws QueryException {@code not_supported} for a query with {@code q}
     */
    public RenderedSql delete(ListQuery query, List<ScopePredicate> scope) {
        Walk w = new Walk(query.model(), "delete");
        Condition where = w.where(query, scope);
        return w.finish(dsl.deleteFrom(w.table).where(where));
    }

    /** Returns how many query shapes have their SQL kept (for tests and metrics). */
    public int cachedShapes() {
        return shapes.size();
    }

    /** Rendered SQL of one shape, and where each of the walk's binds goes in it. */
    private record Shape(String sql, int[] bindOrder) {
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

    /**
     * One rendering: builds the jOOQ statement while recording the shape key and the binds in the
     * order they are created; the rendered SQL of the key is then looked up or rendered once.
     */
    private final class Walk {
        final Model model;
        final Table<?> table;
        final StringBuilder key = new StringBuilder(128);
        final List<Object> binds = new ArrayList<>();

        Walk(Model model, String statement) {
            this.model = model;
            Name name = !sqlite && model.databaseSchema().isPresent()
                    ? DSL.name(model.databaseSchema().get(), model.tableName())
                    : DSL.name(model.tableName());
            this.table = DSL.table(name);
            key.append(statement).append('|').append(name).append('|');
        }

        /** Appends a column name to the shape key, length-prefixed so that no name can mimic key syntax. */
        StringBuilder name(Field f) {
            return key.append(',').append(f.columnName().length()).append(':').append(f.columnName());
        }

        Condition where(ListQuery query, List<ScopePredicate> scope) {
            if (!query.model().equals(model)) {
                throw new IllegalArgumentException("query of another model");
            }
            if (query.search().isPresent()) {
                throw QueryException.notSupported("q", "'q' (full-text search) is not served yet");
            }
            key.append("where");
            Condition c = filter(query.filter());
            for (ScopePredicate p : scope) {
                key.append("&scope(");
                c = c.and(switch (p) {
                    case ScopePredicate.Equals eq -> {
                        name(eq.field()).append("=?)");
                        ColumnKind kind = ColumnKind.of(eq.field()).orElseThrow(() -> new IllegalArgumentException(
                                "scope column " + eq.field().columnName() + " is not served"));
                        yield column(eq.field()).eq(value(eq.field(), kind, eq.value()));
                    }
                    case ScopePredicate.IsNull n -> {
                        name(n.field()).append(" null)");
                        yield column(n.field()).isNull();
                    }
                });
            }
            Optional<Field> deleted = query.hiddenDeletedColumn();
            if (deleted.isPresent()) {
                key.append("&live");
                c = c.and(column(deleted.get()).isNull());
            }
            return c;
        }

        Condition filter(Filter f) {
            return switch (f) {
                case Filter.All all -> {
                    key.append("and(");
                    Condition c = DSL.noCondition();
                    for (Filter part : all.parts()) {
                        c = c.and(filter(part));
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
                    yield DSL.or(parts);
                }
                case Filter.Not not -> {
                    key.append("not(");
                    Condition c = DSL.not(filter(not.part()));
                    key.append(')');
                    yield c;
                }
                case Filter.Comparison cmp -> comparison(cmp);
            };
        }

        Condition comparison(Filter.Comparison cmp) {
            Field f = cmp.field();
            ColumnKind kind = cmp.kind();
            org.jooq.Field<Object> col = column(f);
            name(f).append(cmp.operator().suffix());
            Object v = cmp.values().getFirst();
            return switch (cmp.operator()) {
                case EQ -> col.eq(value(f, kind, v));
                case NE -> col.ne(value(f, kind, v));
                case GT -> col.gt(value(f, kind, v));
                case GTE -> col.ge(value(f, kind, v));
                case LT -> col.lt(value(f, kind, v));
                case LTE -> col.le(value(f, kind, v));
                case IN, NIN -> {
                    List<org.jooq.Field<Object>> items = new ArrayList<>();
                    int padded = Integer.highestOneBit(cmp.values().size());
                    padded = padded == cmp.values().size() ? padded : padded * 2;
                    key.append('#').append(padded);
                    for (int i = 0; i < padded; i++) {
                        // Repeating the last value keeps the list length, and so the SQL, to a power of two.
                        items.add(value(f, kind, cmp.values().get(Math.min(i, cmp.values().size() - 1))));
                    }
                    yield cmp.operator() == Operator.IN ? col.in(items) : col.notIn(items);
                }
                case ISNULL -> {
                    // No bind: the SQL itself differs, so the shape key must too.
                    key.append((Boolean) v ? "T" : "F");
                    yield (Boolean) v ? col.isNull() : col.isNotNull();
                }
                case CONTAINS, STARTSWITH, ENDSWITH -> pattern(f, cmp.operator(), (String) v);
                case ICONTAINS -> {
                    Param<String> p = bind(String.class, "%" + escapeLike((String) v) + "%");
                    yield textColumn(f).likeIgnoreCase(p, LIKE_ESCAPE);
                }
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
                return DSL.condition("{0} GLOB {1}", column(f), bind(String.class, glob));
            }
            String l = escapeLike(text);
            String like = switch (op) {
                case CONTAINS -> "%" + l + "%";
                case STARTSWITH -> l + "%";
                default -> "%" + l;
            };
            return textColumn(f).like(bind(String.class, like), LIKE_ESCAPE);
        }

        /** The keyset condition: rows strictly after {@code values} in the total order {@code order}. */
        Condition after(List<OrderTerm> order, List<Object> values) {
            boolean uniform = order.stream().allMatch(t -> !t.field().optional()
                    && t.descending() == order.getFirst().descending());
            key.append("|after");
            if (uniform) {
                key.append(order.getFirst().descending() ? "<" : ">");
                List<org.jooq.Field<?>> cols = new ArrayList<>();
                List<org.jooq.Field<?>> vals = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    OrderTerm t = order.get(i);
                    name(t.field());
                    cols.add(column(t.field()));
                    vals.add(value(t.field(), t.kind(), values.get(i)));
                }
                var left = DSL.row(cols);
                var right = DSL.row(vals);
                return order.getFirst().descending() ? left.lt(right) : left.gt(right);
            }
            List<Condition> disjuncts = new ArrayList<>();
            for (int i = 0; i < order.size(); i++) {
                OrderTerm t = order.get(i);
                Object v = values.get(i);
                if (v == null && !t.descending()) {
                    // Nothing sorts after NULL ascending (NULLs last): this disjunct is empty.
                    key.append(";-");
                    continue;
                }
                key.append(';');
                Condition c = DSL.noCondition();
                for (int j = 0; j < i; j++) {
                    OrderTerm prior = order.get(j);
                    Object pv = values.get(j);
                    key.append(pv == null ? 'n' : '=');
                    name(prior.field());
                    c = c.and(pv == null ? column(prior.field()).isNull()
                            : column(prior.field()).eq(value(prior.field(), prior.kind(), pv)));
                }
                org.jooq.Field<Object> col = column(t.field());
                name(t.field());
                Condition beyond;
                if (v == null) {
                    key.append("nn");
                    beyond = col.isNotNull();
                } else if (t.descending()) {
                    key.append('<');
                    beyond = col.lt(value(t.field(), t.kind(), v));
                } else {
                    key.append('>');
                    beyond = col.gt(value(t.field(), t.kind(), v));
                    if (t.field().optional()) {
                        key.append("|null");
                        beyond = beyond.or(col.isNull());
                    }
                }
                disjuncts.add(c.and(beyond));
            }
            return disjuncts.isEmpty() ? DSL.falseCondition() : DSL.or(disjuncts);
        }

        /** A bind of a column value, converted for the dialect and cast where PostgreSQL needs it. */
        org.jooq.Field<Object> value(Field f, ColumnKind kind, Object v) {
            Param<Object> p = bind(Object.class, binding.toJdbc(v, model, f, kind));
            if (sqlite) {
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

        @SuppressWarnings("unchecked")
        <T> Param<T> bind(Class<T> type, Object jdbcValue) {
            String name = "b" + binds.size();
            binds.add(jdbcValue);
            key.append('?');
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

        RenderedSql finish(Query query) {
            String k = key.toString();
            Shape shape = shapes.get(k);
            if (shape == null) {
                shape = render(query);
                if (shapes.size() < MAX_CACHED_SHAPES) {
                    shapes.putIfAbsent(k, shape);
                }
            }
            Object[] ordered = new Object[binds.size()];
            for (int i = 0; i < ordered.length; i++) {
                ordered[i] = binds.get(shape.bindOrder[i]);
            }
            return new RenderedSql(shape.sql, Arrays.asList(ordered));
        }

        private Shape render(Query query) {
            String sql = query.getSQL(ParamType.INDEXED);
            // getParams() lists parameters in the order they are rendered.
            int[] order = query.getParams().keySet().stream()
                    .filter(n -> n.startsWith("b"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1)))
                    .toArray();
            int placeholders = query.getBindValues().size();
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
