package dev.plinth.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.NativeType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * The SQL of lookups on Json fields and paths inside them ({@link Filter.JsonMatch}) and of ordering by a
 * path, for {@link SqlRenderer}. The same request gives the same rows on SQLite and PostgreSQL:
 *
 * <ul>
 *   <li>A path is written as a literal (it holds only identifiers and positions, {@link JsonPath}) so
 *       that an expression index on it serves the filter: {@code json_extract("meta", '$.plan')} on
 *       SQLite (https://www.sqlite.org/json1.html#jex), {@code ("meta"->>'plan')} on PostgreSQL
 *       (https://www.postgresql.org/docs/current/functions-json.html), the very expressions
 *       {@link #sqliteIndexExpression} and {@link #postgresIndexExpression} give the migrations.</li>
 *   <li>Comparisons are typed by the value ({@link JsonScalar}): a number matches JSON numbers only and
 *       compares numerically, a text matches JSON strings only, a boolean JSON booleans only. The type
 *       test is {@code NULLIF(json_type(…), 'null') = …} (SQLite) or {@code NULLIF(jsonb_typeof(…), 'null') = …}
 *       (PostgreSQL), so a JSON null or a missing key gives NULL: like a NULL column it matches neither a
 *       comparison nor its negation ({@code __ne}, {@code __nin}, {@code not=(…)}). Texts compare by code
 *       point on both ({@code COLLATE "C"} for PostgreSQL's ranges and order).</li>
 *   <li>{@code __contains} is PostgreSQL's {@code @>} (https://www.postgresql.org/docs/current/datatype-json.html#JSON-CONTAINMENT):
 *       on SQLite it is compiled from the request's document into {@code json_type}/{@code json_each}
 *       tests, recursively: an object contains an object when every key of the latter is present with a
 *       contained value; an array contains an array when every element of the latter is contained in some
 *       element of the former; scalars contain equal scalars; and, at the top only, an array contains a
 *       scalar it holds.</li>
 *   <li>{@code __has} is containment of a one-element array; {@code __has_key} tests an object's key.</li>
 *   <li>Ordering by a path sorts by two keys, the number (NULL unless a JSON number) and then the text
 *       (NULL unless a JSON string): numbers, then texts, then everything else.</li>
 * </ul>
 *
 * <p>Without {@code build} every method records only the shape key and the binds and returns null.
 */
final class JsonSql {

    private final boolean sqlite;
    private final boolean build;
    private final StringBuilder key;
    private final Function<Object, Param<Object>> binder;
    /** The table the column belongs to, for references from inside {@code json_each} subqueries; null without build. */
    private final Name table;
    private int aliases;

    /**
     * @param sqlite true on SQLite
     * @param build  true to build jOOQ objects
     * @param key    the statement's shape key
     * @param binder records a bind (a JDBC value) and returns its parameter (null without build)
     * @param table  the (possibly schema-qualified) table of the columns; unused without build
     */
    JsonSql(boolean sqlite, boolean build, StringBuilder key, Function<Object, Param<Object>> binder, Name table) {
        this.sqlite = sqlite;
        this.build = build;
        this.key = key;
        this.binder = binder;
        this.table = table;
    }

    /** The SQLite index expression on a path, as the filters write it: {@code json_extract("meta", '$.plan')}. */
    static String sqliteIndexExpression(String quotedColumn, JsonPath path) {
        return "json_extract(" + quotedColumn + ", '" + path.sqlitePath() + "')";
    }

    /** The PostgreSQL index expression on a path, as the filters write it: {@code ("meta"->>'plan')}. */
    static String postgresIndexExpression(String quotedColumn, boolean jsonType, JsonPath path) {
        return postgresText(postgresDocument(quotedColumn, jsonType), path);
    }

    /**
     * The jsonb value at a path: the {@code ->} chain for keys; for a path with positions,
     * {@code jsonb_path_query_first(doc, 'strict $.tags[0]', …, true)}, because PostgreSQL's {@code -> 0}
     * answers a scalar for a scalar (where SQLite's {@code $[0]} answers NULL) and strict SQL/JSON paths
     * answer nothing for a step that does not fit (https://www.postgresql.org/docs/current/functions-json.html#FUNCTIONS-SQLJSON-PATH).
     */
    private static String postgresJsonb(String document, JsonPath path) {
        if (path.keysOnly()) {
            return "(" + document + path.postgresChain(false) + ")";
        }
        return "jsonb_path_query_first(" + document + ", 'strict " + path.sqlitePath() + "', jsonb_build_object(), true)";
    }

    /** The text at a path ({@code ->>}), NULL for a JSON null or a missing step; see {@link #postgresJsonb}. */
    private static String postgresText(String document, JsonPath path) {
        if (path.keysOnly()) {
            return "(" + document + path.postgresChain(true) + ")";
        }
        return "(" + postgresJsonb(document, path) + " #>> ARRAY[]::text[])";
    }

    private static String pgJsonb(Field f, JsonPath path) {
        return postgresJsonb(postgresDocument("{0}", postgresJsonType(f)), path);
    }

    private static String pgText(Field f, JsonPath path) {
        return postgresText(postgresDocument("{0}", postgresJsonType(f)), path);
    }

    private static String postgresDocument(String column, boolean jsonType) {
        return jsonType ? "(" + column + "::jsonb)" : column;
    }

    /** Returns true when a PostgreSQL column is {@code json} ({@code @db.Json}) rather than {@code jsonb}: it is read as jsonb. */
    static boolean postgresJsonType(Field field) {
        return field.nativeType().map(NativeType::name).filter("Json"::equals).isPresent();
    }

    // ---- filters -------------------------------------------------------------------------------

    /** The condition of one lookup. */
    Condition match(Filter.JsonMatch m) {
        Field f = m.field();
        key.append("json(").append(f.columnName().length()).append(':').append(f.columnName())
                .append('|').append(m.path().dotted()).append('|').append(m.operator().suffix());
        Condition c = switch (m.operator()) {
            case EQ, GT, GTE, LT, LTE -> compare(f, m.path(), m.operator(), (JsonScalar) m.values().getFirst());
            case NE -> not(compare(f, m.path(), Operator.EQ, (JsonScalar) m.values().getFirst()));
            case IN -> anyEqual(f, m.path(), m.values());
            case NIN -> not(anyEqual(f, m.path(), m.values()));
            case ISNULL -> {
                boolean isNull = (Boolean) m.values().getFirst();
                key.append(isNull ? 'T' : 'F');
                yield build ? (isNull ? text(f, m.path()).isNull() : text(f, m.path()).isNotNull()) : null;
            }
            case HAS -> has(f, m.path(), (JsonScalar) m.values().getFirst());
            case HAS_KEY -> hasKey(f, m.path(), (String) m.values().getFirst());
            case CONTAINS -> contains(f, m.path(), (JsonNode) m.values().getFirst());
            default -> throw new IllegalArgumentException(m.operator() + " does not apply to a Json path");
        };
        key.append(')');
        return c;
    }

    private Condition not(Condition c) {
        return build ? DSL.not(c) : null;
    }

    private Condition anyEqual(Field f, JsonPath path, List<Object> values) {
        key.append('#').append(values.size());
        List<Condition> parts = new ArrayList<>(values.size());
        for (Object v : values) {
            parts.add(compare(f, path, Operator.EQ, (JsonScalar) v));
        }
        return build ? DSL.or(parts) : null;
    }

    /** {@code value op ?} guarded by the value's JSON type. */
    private Condition compare(Field f, JsonPath path, Operator op, JsonScalar v) {
        key.append(';').append(typeCode(v));
        String sqlOp = switch (op) {
            case EQ -> "=";
            case GT -> ">";
            case GTE -> ">=";
            case LT -> "<";
            case LTE -> "<=";
            default -> throw new IllegalArgumentException(op.toString());
        };
        Param<Object> p = binder.apply(jdbcScalar(v));
        if (!build) {
            return null;
        }
        org.jooq.Field<Object> col = column(f);
        if (sqlite) {
            String e = "json_extract({0}, '" + path.sqlitePath() + "')";
            return DSL.condition(e + " " + sqlOp + " {1} AND " + sqliteGuard("json_type({0}, '" + path.sqlitePath() + "')", v),
                    col, p);
        }
        String j = pgJsonb(f, path);
        String x = pgText(f, path);
        String guard = "NULLIF(jsonb_typeof(" + j + "), 'null') = '" + postgresType(v) + "'";
        return switch (v) {
            case JsonScalar.Number n -> DSL.condition("(CASE WHEN jsonb_typeof(" + j + ") = 'number' THEN " + x
                    + "::numeric END) " + sqlOp + " {1}::numeric AND " + guard, col, p);
            case JsonScalar.Text t when op != Operator.EQ -> DSL.condition(x + " COLLATE \"C\" " + sqlOp + " {1} AND " + guard, col, p);
            default -> DSL.condition(x + " " + sqlOp + " {1} AND " + guard, col, p);
        };
    }

    /** The value's type for the shape key; a boolean's value too, as {@link #has} writes it into the SQL. */
    private static char typeCode(JsonScalar v) {
        return switch (v) {
            case JsonScalar.Text t -> 's';
            case JsonScalar.Number n -> 'n';
            case JsonScalar.Bool b -> b.value() ? 't' : 'f';
        };
    }

    /** A scalar as the driver binds it: numbers as SQLite compares them with JSON numbers, booleans as stored. */
    private Object jdbcScalar(JsonScalar v) {
        return switch (v) {
            case JsonScalar.Text t -> t.value();
            case JsonScalar.Number n -> sqlite ? sqliteNumber(n.value()) : n.value();
            case JsonScalar.Bool b -> sqlite ? (Object) (b.value() ? 1 : 0) : Boolean.toString(b.value());
        };
    }

    /**
     * SQLite compares a bound text with a number as unequal whatever its digits (values without affinity,
     * https://www.sqlite.org/datatype3.html#comparisons), so numbers are bound as integers or doubles,
     * the types {@code json_extract} returns for JSON numbers.
     */
    private static Object sqliteNumber(BigDecimal n) {
        try {
            return n.longValueExact();
        } catch (ArithmeticException e) {
            return n.doubleValue();
        }
    }

    private static String sqliteGuard(String type, JsonScalar v) {
        return "NULLIF(" + type + ", 'null') " + switch (v) {
            case JsonScalar.Text t -> "= 'text'";
            case JsonScalar.Number n -> "IN ('integer', 'real')";
            case JsonScalar.Bool b -> "IN ('true', 'false')";
        };
    }

    private static String postgresType(JsonScalar v) {
        return switch (v) {
            case JsonScalar.Text t -> "string";
            case JsonScalar.Number n -> "number";
            case JsonScalar.Bool b -> "boolean";
        };
    }

    /** The text of the value at a path ({@code ->>} on PostgreSQL, {@code json_extract} on SQLite); NULL for JSON null or missing. */
    private org.jooq.Field<Object> text(Field f, JsonPath path) {
        if (sqlite) {
            return DSL.field("json_extract({0}, '" + path.sqlitePath() + "')", Object.class, column(f));
        }
        return DSL.field(pgText(f, path), Object.class, column(f));
    }

    private Condition has(Field f, JsonPath path, JsonScalar v) {
        key.append(';').append(typeCode(v));
        if (sqlite) {
            String alias = alias();
            Param<Object> p = v instanceof JsonScalar.Bool ? null : binder.apply(jdbcScalar(v));
            if (!build) {
                return null;
            }
            org.jooq.Field<Object> q = qualified(f);
            return DSL.condition("json_type({0}, '" + path.sqlitePath() + "') = 'array' AND EXISTS (SELECT 1 FROM json_each({1}, '"
                    + path.sqlitePath() + "') AS " + alias + " WHERE " + elementScalar(alias, v, 2) + ")",
                    p == null ? new QueryPart[]{column(f), q} : new QueryPart[]{column(f), q, p});
        }
        // a one-element array: a document without position steps is tested at the top, where a GIN index serves @>
        String document;
        if (path.keysOnly() && !path.isRoot()) {
            document = "[" + v.json() + "]";
            List<Object> steps = path.segments();
            for (int i = steps.size() - 1; i >= 0; i--) {
                document = "{" + JsonDocument.quote((String) steps.get(i)) + ":" + document + "}";
            }
            Param<Object> p = binder.apply(document);
            return build ? DSL.condition(postgresDocument("{0}", postgresJsonType(f)) + " @> {1}::jsonb", column(f), p) : null;
        }
        Param<Object> p = binder.apply("[" + v.json() + "]");
        return build ? DSL.condition(pgJsonb(f, path) + " @> {1}::jsonb", column(f), p) : null;
    }

    private Condition hasKey(Field f, JsonPath path, String name) {
        if (sqlite) {
            String alias = alias();
            Param<Object> p = binder.apply(name);
            if (!build) {
                return null;
            }
            return DSL.condition("json_type({0}, '" + path.sqlitePath() + "') = 'object' AND EXISTS (SELECT 1 FROM json_each({1}, '"
                    + path.sqlitePath() + "') AS " + alias + " WHERE " + alias + ".\"key\" = {2})", column(f), qualified(f), p);
        }
        Param<Object> p = binder.apply(name);
        if (!build) {
            return null;
        }
        String j = pgJsonb(f, path);
        return DSL.condition("jsonb_typeof(" + j + ") = 'object' AND (" + j + " -> {1}::text) IS NOT NULL", column(f), p);
    }

    // ---- containment ---------------------------------------------------------------------------

    private Condition contains(Field f, JsonPath path, JsonNode document) {
        if (!sqlite) {
            key.append(";doc");
            Param<Object> p = binder.apply(document.toString());
            return build ? DSL.condition(pgJsonb(f, path) + " @> {1}::jsonb", column(f), p) : null;
        }
        List<QueryPart> parts = new ArrayList<>();
        parts.add(build ? column(f) : null);   // {0}: the column in the row's own scope
        parts.add(build ? qualified(f) : null); // {1}: the column from inside json_each subqueries
        String sqlPath = path.sqlitePath();
        String type = "json_type({0}, '" + sqlPath + "')";
        String each = "json_each({1}, '" + sqlPath + "')";
        StringBuilder sql = new StringBuilder("(");
        if (document.isObject() || document.isArray()) {
            sql.append(containerAt(type, each, document, parts));
        } else {
            // a scalar: equal to the value, or (at the top only, as @> allows) an element of the array there
            String alias = alias();
            String equal = scalarAt(type, "json_extract({0}, '" + sqlPath + "')", document, parts);
            String element = elementScalar(alias, document, parts);
            sql.append(equal).append(" OR (").append(type).append(" = 'array' AND EXISTS (SELECT 1 FROM ").append(each)
                    .append(" AS ").append(alias).append(" WHERE ").append(element).append("))");
        }
        sql.append(')');
        key.append(';').append(structure(document));
        return build ? DSL.condition(sql.toString(), parts.toArray(new QueryPart[0])) : null;
    }

    /** An object or array at a place: {@code type} is its json_type expression, {@code each} a json_each over it. */
    private String containerAt(String type, String each, JsonNode d, List<QueryPart> parts) {
        StringBuilder sql = new StringBuilder(type).append(d.isObject() ? " = 'object'" : " = 'array'");
        if (d.isObject()) {
            for (Map.Entry<String, JsonNode> e : d.properties()) {
                String alias = alias();
                String keyParam = placeholder(parts, binder.apply(e.getKey()));
                sql.append(" AND EXISTS (SELECT 1 FROM ").append(each).append(" AS ").append(alias).append(" WHERE ")
                        .append(alias).append(".\"key\" = ").append(keyParam).append(" AND ")
                        .append(element(alias, e.getValue(), parts)).append(')');
            }
        } else {
            for (JsonNode e : d) {
                String alias = alias();
                sql.append(" AND EXISTS (SELECT 1 FROM ").append(each).append(" AS ").append(alias).append(" WHERE ")
                        .append(element(alias, e, parts)).append(')');
            }
        }
        return sql.toString();
    }

    /** A row of json_each (alias) holding a value that contains {@code d}. */
    private String element(String alias, JsonNode d, List<QueryPart> parts) {
        if (d.isObject() || d.isArray()) {
            String type = alias + ".\"type\"";
            String each = "json_each({1}, " + alias + ".\"fullkey\")";
            // json_each's type names objects and arrays as json_type does
            return "(" + containerAt(type, each, d, parts) + ")";
        }
        return elementScalar(alias, d, parts);
    }

    private String elementScalar(String alias, JsonNode d, List<QueryPart> parts) {
        return scalarAt(alias + ".\"type\"", alias + ".\"value\"", d, parts);
    }

    private String elementScalar(String alias, JsonScalar v, int placeholder) {
        String type = alias + ".\"type\"";
        return switch (v) {
            case JsonScalar.Bool b -> type + " = '" + b.value() + "'";
            case JsonScalar.Number n -> type + " IN ('integer', 'real') AND " + alias + ".\"value\" = {" + placeholder + "}";
            case JsonScalar.Text t -> type + " = 'text' AND " + alias + ".\"value\" = {" + placeholder + "}";
        };
    }

    /** A scalar {@code d} at a place whose json type is {@code type} and SQL value {@code value}. */
    private String scalarAt(String type, String value, JsonNode d, List<QueryPart> parts) {
        if (d.isNull()) {
            return type + " = 'null'";
        }
        if (d.isBoolean()) {
            return type + " = '" + d.booleanValue() + "'";
        }
        if (d.isNumber()) {
            return type + " IN ('integer', 'real') AND " + value + " = " + placeholder(parts, binder.apply(sqliteNumber(d.decimalValue())));
        }
        return type + " = 'text' AND " + value + " = " + placeholder(parts, binder.apply(d.asText()));
    }

    private static String placeholder(List<QueryPart> parts, Param<Object> p) {
        parts.add(p);
        return "{" + (parts.size() - 1) + "}";
    }

    /** The document's shape for the statement key: keys and scalars are binds, so only structure and scalar kinds count. */
    private static String structure(JsonNode d) {
        if (d.isObject()) {
            StringBuilder b = new StringBuilder("{");
            d.properties().forEach(e -> b.append(structure(e.getValue())).append(','));
            return b.append('}').toString();
        }
        if (d.isArray()) {
            StringBuilder b = new StringBuilder("[");
            d.forEach(e -> b.append(structure(e)).append(','));
            return b.append(']').toString();
        }
        if (d.isBoolean()) {
            return d.booleanValue() ? "t" : "f";
        }
        return d.isNull() ? "z" : d.isNumber() ? "n" : "s";
    }

    private String alias() {
        return "\"plinth_j" + (++aliases) + "\"";
    }

    // ---- order -----------------------------------------------------------------------------------

    /**
     * The sort expression of one of a path's two keys: 0 the number, 1 the text.
     *
     * @return the expression; null without build
     */
    org.jooq.Field<Object> sortKey(Field f, JsonPath path, int part) {
        if (!build) {
            return null;
        }
        if (sqlite) {
            String p = path.sqlitePath();
            String when = part == 0 ? "IN ('integer', 'real')" : "= 'text'";
            return DSL.field("(CASE WHEN json_type({0}, '" + p + "') " + when + " THEN json_extract({0}, '" + p + "') END)",
                    Object.class, column(f));
        }
        String j = pgJsonb(f, path);
        String x = pgText(f, path);
        return part == 0
                ? DSL.field("(CASE WHEN jsonb_typeof(" + j + ") = 'number' THEN " + x + "::numeric END)", Object.class, column(f))
                : DSL.field("((CASE WHEN jsonb_typeof(" + j + ") = 'string' THEN " + x + " END) COLLATE \"C\")", Object.class, column(f));
    }

    /** A bind of one of a path's sort values (a {@link BigDecimal} for the number key, a {@link String} for the text key). */
    org.jooq.Field<Object> sortValue(int part, Object value) {
        Object jdbc = part == 0 && sqlite ? sqliteNumber((BigDecimal) value) : value;
        Param<Object> p = binder.apply(jdbc);
        if (!build) {
            return null;
        }
        if (sqlite) {
            return p;
        }
        return part == 0 ? DSL.field("{0}::numeric", Object.class, p) : DSL.field("{0}", Object.class, p);
    }

    /** Sort fields for a path term: the number key then the text key, NULLs larger than any value. */
    List<SortField<?>> sorts(OrderTerm t) {
        List<SortField<?>> out = new ArrayList<>(2);
        for (int part = 0; part < 2; part++) {
            org.jooq.Field<Object> e = sortKey(t.field(), t.path().orElseThrow(), part);
            if (build) {
                SortField<Object> s = t.descending() ? e.desc() : e.asc();
                out.add(sqlite ? (t.descending() ? s.nullsFirst() : s.nullsLast()) : s);
            }
        }
        return out;
    }

    private static org.jooq.Field<Object> column(Field f) {
        return DSL.field(DSL.name(f.columnName()));
    }

    private org.jooq.Field<Object> qualified(Field f) {
        Name[] parts = table.parts();
        Name[] all = java.util.Arrays.copyOf(parts, parts.length + 1);
        all[parts.length] = DSL.name(f.columnName());
        return DSL.field(DSL.name(all));
    }
}
