package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ColumnKind;
import dev.plinth.query.Operator;
import dev.plinth.query.QueryLimits;
import dev.plinth.schema.model.Field;
import dev.plinth.sql.FullTextIndex;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The query parameters of a list route, read from the grammar's own tables (docs/query.md): one
 * parameter per filterable column and lookup ({@link ColumnKind#operators()}), {@code orderBy} over the
 * orderable columns, {@code select}, {@code include} over the relations, both paginations,
 * {@code count}, {@code q} only on a model with {@code @@fulltext}, {@code with_deleted} only on a
 * soft-delete table. Groups ({@code or}, {@code and}, {@code not}) and filters across a to-one relation
 * ({@code company.name=…}) cannot be enumerated by OpenAPI and are documented on the operation instead.
 */
final class ListParameters {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ListParameters() {
    }

    /**
     * Builds the parameters of a list route.
     *
     * @param r         the resource listed
     * @param relations the relation field names {@code include} accepts
     * @param hidden    column names a caller can never name ({@code @omit})
     * @param columns   the column value schemas by column name
     * @return the parameter objects, in a fixed order
     */
    static ArrayNode list(Resource r, List<String> relations, Set<String> hidden, java.util.Map<String, ObjectNode> columns) {
        ArrayNode out = NODES.arrayNode();
        int max = QueryLimits.DEFAULT.maxPageSize();
        out.add(query("page", integer(1, null), "Page number (with per_page); pages start at 1."));
        out.add(query("per_page", NODES.objectNode().set("oneOf", NODES.arrayNode()
                        .add(integer(0, max)).add(NODES.objectNode().put("const", "all"))),
                "Rows per page (default " + QueryLimits.DEFAULT.defaultPageSize() + "); 0 for no row, only the total"
                        + " (count=true or Prefer: count=…) with the count statement alone; or all to stream every row."));
        out.add(query("cursor", string(), "The next_cursor of the previous page (keyset pagination)."));
        out.add(query("limit", integer(1, max), "Rows per page with cursor pagination."));
        out.add(query("count", NODES.objectNode().put("type", "boolean"), "true adds total, the number of matching rows; with per_page=0, the total alone."));
        List<Column> visible = r.columns().stream().filter(c -> !hidden.contains(c.name())).toList();
        String ordered = visible.stream().filter(c -> ColumnKind.of(c.field()).map(k -> k.orderable() || k.jsonDocument()).orElse(false))
                .map(c -> ColumnKind.of(c.field()).orElseThrow().jsonDocument() ? regex(c.name()) + JSON_PATH : regex(c.name()))
                .collect(Collectors.joining("|"));
        if (!ordered.isEmpty()) {
            String term = "[-+]?(" + ordered + ")(:(asc|desc|ASC|DESC))?";
            out.add(query("orderBy", NODES.objectNode().put("type", "string").put("pattern", "^" + term + "(," + term + ")*$"),
                    "Comma-separated columns, each -column or column:desc for descending; a Json field is ordered by a path"
                            + " inside it (meta.score): numbers, then texts, then the rest."));
        }
        String names = visible.stream().map(c -> regex(c.name())).collect(Collectors.joining("|"));
        if (!names.isEmpty()) {
            out.add(query("select", NODES.objectNode().put("type", "string").put("pattern", "^(" + names + ")(,(" + names + "))*$"),
                    "Comma-separated columns to return: the rows then hold only these (the row schema's required list describes answers without select)."));
        }
        if (!relations.isEmpty()) {
            String rel = relations.stream().map(ListParameters::regex).collect(Collectors.joining("|"));
            String path = "(" + rel + ")(\\.[A-Za-z_][A-Za-z0-9_]*)?";
            out.add(query("include", NODES.objectNode().put("type", "string").put("pattern", "^" + path + "(," + path + ")*$"),
                    "Comma-separated relations to embed (one nested level, e.g. contacts.company): "
                            + String.join(", ", relations) + "."));
            out.add(query("include_limit", integer(1, null), "Most rows embedded per to-many relation."));
        }
        out.add(query("labels", NODES.objectNode().put("type", "boolean"), "true adds a label for each to-one reference."));
        if (FullTextIndex.of(r.model()).isPresent()) {
            out.add(query("q", string(), "Full-text search over the @@fulltext columns; orders by relevance unless orderBy is given."));
        }
        if (r.deletedAt().isPresent()) {
            out.add(query("with_deleted", NODES.objectNode().put("type", "boolean"), "true includes soft-deleted rows."));
        }
        for (Column c : visible) {
            out.addAll(filters(c, columns.get(c.name())));
            if (ColumnKind.of(c.field()).orElseThrow().jsonDocument()) {
                out.add(jsonPaths(c));
            }
        }
        return out;
    }

    /** A path inside a Json field: keys and array positions after the column name (docs/query.md, "Json fields"). */
    private static final String JSON_PATH = "(\\.([A-Za-z_][A-Za-z0-9_]*|0|[1-9][0-9]{0,5})){1,16}";

    /**
     * Documents the filters on paths inside a Json field, {@code meta.limits.seats__gte=5}: names that
     * OpenAPI cannot list one by one, so one form-exploded object parameter whose property names follow
     * the pattern (OpenAPI 3.1, "Style Values", form with explode).
     */
    private static ObjectNode jsonPaths(Column c) {
        String lookups = ColumnKind.JSON_PATH_OPERATORS.stream().map(Operator::suffix).collect(Collectors.joining("|"));
        ObjectNode schema = NODES.objectNode().put("type", "object");
        schema.set("propertyNames", NODES.objectNode().put("pattern", "^" + regex(c.name()) + JSON_PATH + "(__(" + lookups + "))?$"));
        schema.set("additionalProperties", string());
        ObjectNode p = query(c.name() + ".<path>", schema, "Filters on a path inside the Json field " + c.name() + ": "
                + c.name() + ".key.0=value (keys and array positions), with a lookup __" + lookups.replace("|", ", __")
                + ". A value that reads as a JSON number is a number, true/false are booleans, anything else is text"
                + " (a JSON string in quotes, \"5\", is text); __isnull=true matches a JSON null or a missing key;"
                + " __contains takes a JSON document (PostgreSQL's @>), __has a value the array holds, __has_key a key.");
        p.put("style", "form");
        p.put("explode", true);
        // Without an example, a reference page's "Try it out" fills the object with a generated one
        // ({"additionalProp1": "string"}) and sends it as a filter, which the server rightly refuses.
        p.set("example", NODES.objectNode());
        return p;
    }

    /**
     * Builds the filter parameters of one column: {@code col} (equality), then {@code col__op} for every
     * lookup the grammar accepts for the column's kind.
     */
    private static List<ObjectNode> filters(Column c, ObjectNode valueSchema) {
        ColumnKind kind = ColumnKind.of(c.field()).orElseThrow();
        Field f = c.field();
        ObjectNode scalar = scalarOf(valueSchema);
        List<ObjectNode> out = new java.util.ArrayList<>();
        for (Operator op : kind.operators()) {
            String name = op == Operator.EQ ? c.name() : c.name() + "__" + op.suffix();
            ObjectNode schema;
            String what;
            if (op == Operator.ISNULL) {
                schema = NODES.objectNode().put("type", "boolean");
                what = "true: rows where " + c.name() + " is null; false: where it is not";
            } else if (op.takesList()) {
                schema = NODES.objectNode().put("type", "string");
                what = "comma-separated values, or a parenthesized list of quoted values";
            } else if (kind.jsonDocument()) {
                schema = NODES.objectNode().put("type", "string");
                what = switch (op) {
                    case CONTAINS -> "a JSON document the value contains, as PostgreSQL's @> (e.g. {\"plan\":\"pro\"})";
                    case HAS -> "a value the JSON array holds";
                    default -> "a key the JSON object has";
                };
            } else if (op.isPattern()) {
                schema = NODES.objectNode().put("type", "string");
                what = "text";
            } else {
                schema = scalar.deepCopy();
                what = "a value";
            }
            out.add(query(name, schema, "Filter " + c.name() + " " + op.suffix() + ": " + what
                    + (f.optional() && op == Operator.NE ? " (a null never matches)" : "") + "."));
        }
        return out;
    }

    /** The schema of a query value: the column's type without null (a query value is text, parsed by type). */
    private static ObjectNode scalarOf(ObjectNode valueSchema) {
        ObjectNode copy = valueSchema.deepCopy();
        copy.remove("readOnly");
        copy.remove("writeOnly");
        copy.remove("description");
        if (copy.get("type") instanceof ArrayNode types) {
            copy.put("type", types.get(0).asText());
        }
        if (copy.get("enum") instanceof ArrayNode values) {
            ArrayNode kept = NODES.arrayNode();
            values.forEach(v -> {
                if (!v.isNull()) {
                    kept.add(v);
                }
            });
            copy.set("enum", kept);
        }
        if ("number".equals(copy.path("type").asText()) || "integer".equals(copy.path("type").asText())
                || "boolean".equals(copy.path("type").asText())) {
            return copy;
        }
        copy.remove("contentEncoding");
        return copy;
    }

    private static ObjectNode query(String name, ObjectNode schema, String description) {
        ObjectNode p = NODES.objectNode();
        p.put("name", name);
        p.put("in", "query");
        p.put("description", description);
        p.put("required", false);
        p.set("schema", schema);
        return p;
    }

    private static ObjectNode integer(int minimum, Integer maximum) {
        ObjectNode s = NODES.objectNode().put("type", "integer").put("minimum", minimum);
        if (maximum != null) {
            s.put("maximum", maximum);
        }
        return s;
    }

    private static ObjectNode string() {
        return NODES.objectNode().put("type", "string");
    }

    /**
     * Escapes a name for an ECMA-262 regular expression (names are identifiers, but {@code @map} allows
     * more). Only syntax characters are escaped: with the {@code u} flag any other escape is an error.
     */
    private static String regex(String name) {
        return name.replaceAll("([\\\\^$.|?*+()\\[\\]{}/])", "\\\\$1");
    }
}
