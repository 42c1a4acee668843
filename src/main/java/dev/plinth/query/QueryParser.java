package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses a list request's query parameters into a {@link ListQuery}, checking every column, lookup
 * and value against the model.
 *
 * <p>The grammar is documented for users in {@code docs/query.md}:
 * {@code col=v} and {@code col__lookup=v} filters on columns named as in the database (after
 * {@code @map}); {@code or=(…)}, {@code and=(…)}, {@code not=(…)} groups; {@code orderBy};
 * {@code page}/{@code per_page}; {@code cursor}/{@code limit}; {@code count}; {@code q};
 * {@code select}; {@code with_deleted}; {@code include}. A bare reserved word is that parameter;
 * {@code page__eq=3} addresses a column named {@code page}.
 *
 * <p>Thread-safe; holds no mutable state.
 */
public final class QueryParser {

    /** The bare parameter names that are not columns, whatever the model's columns are called. */
    public static final Set<String> RESERVED = Set.of("page", "per_page", "cursor", "limit", "count", "q",
            "select", "orderBy", "or", "and", "not", "include", "include_limit", "labels", "with_deleted");

    private static final Set<String> GROUPS = Set.of("or", "and", "not");

    /** Names other APIs use for Plinth's parameters, answered with a pointer instead of a bare "unknown column". */
    private static final Map<String, String> SPELLINGS = Map.ofEntries(
            Map.entry("orderby", "orderBy"), Map.entry("order_by", "orderBy"), Map.entry("order", "orderBy"),
            Map.entry("sort", "orderBy"), Map.entry("sortby", "orderBy"), Map.entry("sort_by", "orderBy"),
            Map.entry("perpage", "per_page"), Map.entry("per-page", "per_page"), Map.entry("page_size", "per_page"),
            Map.entry("pagesize", "per_page"), Map.entry("offset", "page"), Map.entry("fields", "select"),
            Map.entry("search", "q"), Map.entry("after", "cursor"), Map.entry("withdeleted", "with_deleted"),
            Map.entry("expand", "include"));

    private final CursorCodec cursors;
    private final QueryLimits limits;

    /**
     * @param cursors decodes and checks {@code cursor} parameters
     * @param limits  page sizes and complexity bounds
     */
    public QueryParser(CursorCodec cursors, QueryLimits limits) {
        this.cursors = cursors;
        this.limits = limits;
    }

    /**
     * Parser with {@link QueryLimits#DEFAULT}.
     *
     * @param cursors decodes and checks {@code cursor} parameters
     */
    public QueryParser(CursorCodec cursors) {
        this(cursors, QueryLimits.DEFAULT);
    }

    /**
     * Parses the query parameters of a list request (or of a collection PATCH/DELETE: only the filter
     * parameters matter there).
     *
     * @param model  the model listed (served: not {@code @@ignore}d)
     * @param schema the schema the model belongs to (for enum values)
     * @param params the decoded query parameters, each name with its values in request order
     *               (as Javalin's {@code ctx.queryParamMap()} gives them); repeated filters are ANDed
     * @return the parsed query
     * @throws QueryException for the first parameter that cannot be served: {@code unknown_column}
     *                        (with the valid columns), {@code invalid_parameter}, {@code invalid_value}
     *                        or {@code not_supported}
     */
    public ListQuery parse(Model model, Schema schema, Map<String, List<String>> params) {
        return new Run(model, schema).parse(params);
    }

    /** One parse: the model's column table and the running condition count. */
    private final class Run {
        private final Model model;
        private final Schema schema;
        private final List<String> validColumns;
        private int conditions;
        private int listValues;

        Run(Model model, Schema schema) {
            this.model = model;
            this.schema = schema;
            this.validColumns = model.fields().stream()
                    .filter(f -> ColumnKind.of(f).isPresent())
                    .map(Field::apiName)
                    .toList();
        }

        ListQuery parse(Map<String, List<String>> params) {
            List<Filter> filters = new ArrayList<>();
            for (Map.Entry<String, List<String>> e : params.entrySet()) {
                String key = e.getKey();
                if (RESERVED.contains(key) && !GROUPS.contains(key)) {
                    if (e.getValue().size() > 1) {
                        throw QueryException.invalidParameter(key, "'" + key + "' is given more than once");
                    }
                    continue;
                }
                for (String value : e.getValue()) {
                    filters.add(GROUPS.contains(key)
                            ? group(key, GroupSyntax.group(value, key), 1)
                            : comparison(key, value, false));
                }
            }
            List<Field> selection = selection(single(params, "select"));
            List<String> include = include(single(params, "include"));
            CountMode count = bool(params, "count") ? CountMode.EXACT : CountMode.NONE;
            boolean withDeleted = bool(params, "with_deleted");

            Optional<String> cursor = single(params, "cursor");
            Optional<String> limit = single(params, "limit");
            boolean keyset = cursor.isPresent() || limit.isPresent();
            if (keyset && (params.containsKey("page") || params.containsKey("per_page"))) {
                String clash = params.containsKey("page") ? "page" : "per_page";
                throw QueryException.invalidParameter(clash, "'" + clash
                        + "' cannot be combined with cursor/limit: choose page numbers or a cursor");
            }
            Optional<String> orderBy = single(params, "orderBy");
            Optional<CursorCodec.Decoded> decoded = cursor.map(c -> {
                if (c.isEmpty()) {
                    throw QueryException.invalidValue("cursor", "'cursor' is empty");
                }
                return cursors.decode(c, model.tableName(), "cursor");
            });
            List<OrderTerm> requested = orderBy.isPresent()
                    ? order(orderBy.get(), "orderBy")
                    : decoded.map(d -> order(d.orderShape(), "cursor")).orElse(List.of());
            List<OrderTerm> order = withTieBreak(requested, keyset);
            String shape = order.stream().map(OrderTerm::shape).collect(Collectors.joining(","));

            Pagination pagination;
            if (keyset) {
                int size = limit.map(l -> size(l, "limit")).orElse(limits.defaultPageSize());
                Optional<KeysetPosition> after = decoded.map(d -> position(d, order, shape));
                pagination = new Pagination.Keyset(size, after);
            } else {
                int page = single(params, "page").map(p -> positive(p, "page", Integer.MAX_VALUE)).orElse(1);
                int perPage = single(params, "per_page")
                        .map(p -> p.strip().equals("all") ? Pagination.Offset.ALL : perPage(p))
                        .orElse(limits.defaultPageSize());
                if (perPage == Pagination.Offset.ALL && page != 1) {
                    throw QueryException.invalidValue("page", "'page': per_page=all has only page 1");
                }
                pagination = new Pagination.Offset(page, perPage);
            }
            Optional<FullTextSearch> search = search(single(params, "q"), orderBy.isEmpty() && !keyset);
            return new ListQuery(model, new Filter.All(filters), order, shape, selection, pagination, count,
                    search, withDeleted, include);
        }

        private Filter group(String kind, List<GroupSyntax.Item> items, int depth) {
            if (depth > limits.maxGroupDepth()) {
                throw QueryException.invalidParameter(kind, "'" + kind + "': groups nest deeper than "
                        + limits.maxGroupDepth() + " levels");
            }
            List<Filter> parts = new ArrayList<>();
            for (GroupSyntax.Item item : items) {
                String key = item.key();
                if (GROUPS.contains(key)) {
                    if (!(item.value() instanceof GroupSyntax.Parens p)) {
                        throw QueryException.invalidValue(key, "'" + key + "' inside a group takes a group, e.g. "
                                + key + "=(status=lead,name__icontains=acme)");
                    }
                    parts.add(group(key, GroupSyntax.items(p.inner(), key), depth + 1));
                } else if (RESERVED.contains(key)) {
                    throw QueryException.invalidParameter(key, "'" + key + "' is not a filter and cannot appear in a group");
                } else {
                    parts.add(switch (item.value()) {
                        case GroupSyntax.Text t -> comparison(key, t.text(), true);
                        case GroupSyntax.Parens p -> comparisonWithList(key, p.inner());
                    });
                }
            }
            return switch (kind) {
                case "or" -> new Filter.Any(parts);
                case "and" -> new Filter.All(parts);
                default -> new Filter.Not(parts.size() == 1 ? parts.getFirst() : new Filter.All(parts));
            };
        }

        /** A comparison whose value is text: a top-level parameter's raw value, or a group item's (already unquoted). */
        private Filter comparison(String key, String raw, boolean inGroup) {
            Optional<Filter> related = related(key, raw, inGroup);
            if (related.isPresent()) {
                return related.get();
            }
            Optional<JsonTarget> json = jsonTarget(key);
            if (json.isPresent()) {
                JsonTarget j = json.get();
                List<String> texts = j.operator.takesList()
                        ? (inGroup ? List.of(raw) : GroupSyntax.list(raw, key))
                        : List.of(inGroup ? raw : GroupSyntax.scalar(raw, key));
                return jsonMatch(key, j, texts);
            }
            Target t = target(key);
            List<String> texts;
            if (t.operator.takesList()) {
                texts = inGroup ? List.of(raw) : GroupSyntax.list(raw, key);
            } else {
                texts = List.of(inGroup ? raw : GroupSyntax.scalar(raw, key));
            }
            return build(key, t, texts);
        }

        /**
         * {@code relation.column__lookup=value} on a to-one relation whose foreign key this model holds:
         * the comparison is parsed on the related model, with its columns.
         */
        private Optional<Filter> related(String key, String raw, boolean inGroup) {
            int dot = key.indexOf('.');
            if (dot <= 0 || served(key).isPresent()) {
                return Optional.empty();
            }
            String name = key.substring(0, dot);
            Optional<Field> field = model.field(name).filter(f -> f.relation().isPresent() && !f.ignored());
            if (field.isEmpty()) {
                return Optional.empty();
            }
            dev.plinth.schema.model.RelationInfo rel = field.get().relation().get();
            Optional<Model> target = schema.model(rel.targetModel()).filter(m -> !m.ignored());
            if (!rel.holdsForeignKey() || target.isEmpty()) {
                throw QueryException.invalidParameter(key, "'" + key + "': filters across a relation need a to-one relation"
                        + " whose foreign key " + model.name() + " holds; '" + name + "' is not one");
            }
            Optional<String> owner = target.get().conventions().field(dev.plinth.schema.model.Convention.OWNER)
                    .filter(o -> !target.get().conventions().openRead());
            if (owner.isPresent()) {
                // The renderer knows the caller's scope of the listed model only: a condition on another
                // user's rows could reveal their values, so owner-scoped targets are not filtered across.
                throw QueryException.notSupported(key, "'" + key + "': " + target.get().name() + " is owner-scoped ("
                        + target.get().field(owner.get()).map(Field::columnName).orElse(owner.get()) + ");"
                        + " filter it from its own resource");
            }
            List<Field> local = rel.fields().stream().map(f -> model.field(f).orElseThrow()).toList();
            List<Field> remote = rel.references().stream().map(f -> target.get().field(f).orElseThrow()).toList();
            Run inner = new Run(target.get(), schema);
            inner.conditions = conditions;
            inner.listValues = listValues;
            Filter condition = inner.comparison(key.substring(dot + 1), raw, inGroup);
            conditions = inner.conditions;
            listValues = inner.listValues;
            return Optional.of(new Filter.Related(key, name, local, target.get(), remote, condition));
        }

        private Filter comparisonWithList(String key, String inner) {
            Optional<JsonTarget> json = jsonTarget(key);
            if (json.isPresent()) {
                if (!json.get().operator.takesList()) {
                    throw QueryException.invalidValue(key, "'" + key + "': only __in and __nin take a parenthesized list");
                }
                return jsonMatch(key, json.get(), GroupSyntax.listItems(inner, key));
            }
            Target t = target(key);
            if (!t.operator.takesList()) {
                throw QueryException.invalidValue(key, "'" + key + "': only __in and __nin take a parenthesized list;"
                        + " quote a value holding parentheses, e.g. " + key + "=\"(a)\"");
            }
            return build(key, t, GroupSyntax.listItems(inner, key));
        }

        /** Counts a condition and its list values against the request's limits. */
        private void count(String key, Operator operator, int values) {
            if (++conditions > limits.maxConditions()) {
                throw QueryException.invalidParameter(key, "the request has more than " + limits.maxConditions()
                        + " filter conditions");
            }
            listValues += operator.takesList() ? values : 0;
            if (listValues > limits.maxListValues()) {
                // Bounds the binds of one statement well below SQLite's 32766 and PostgreSQL's 65535.
                throw QueryException.invalidValue(key, "'" + key + "': the request's __in/__nin lists hold more than "
                        + limits.maxListValues() + " values");
            }
        }

        private static void refuseNul(String key, String text) {
            if (text.indexOf('\0') >= 0) {
                // PostgreSQL text cannot hold NUL; refusing it here keeps both databases alike and avoids a 500.
                throw QueryException.invalidValue(key, "'" + key + "': a value cannot hold the NUL character");
            }
        }

        /**
         * A lookup on a Json field's document or a path in it: {@code meta.plan=pro},
         * {@code meta.limits.seats__gte=5}, {@code meta__contains={"plan":"pro"}}, {@code meta__has_key=plan}.
         * Resolved only after relations ({@link #related}): a relation and a Json field cannot share a name.
         */
        private record JsonTarget(Field field, ColumnKind kind, JsonPath path, Operator operator) {
        }

        /** Resolves {@code column.path[__lookup]} on a JSON document column, or a document-level lookup; else empty. */
        private Optional<JsonTarget> jsonTarget(String key) {
            int dot = key.indexOf('.');
            if (dot < 0 && !key.endsWith("__contains") && !key.endsWith("__has") && !key.endsWith("__has_key")) {
                return Optional.empty(); // the common case costs no lookup
            }
            if (served(key).isPresent()) {
                return Optional.empty();
            }
            int split = key.lastIndexOf("__");
            String head = dot > 0 ? key.substring(0, dot) : (split > 0 ? key.substring(0, split) : key);
            Optional<Field> field = served(head);
            if (field.isEmpty()) {
                return Optional.empty();
            }
            ColumnKind kind = ColumnKind.of(field.get()).orElseThrow();
            String rest = dot > 0 ? key.substring(dot + 1) : "";
            Operator op = Operator.EQ;
            if (split > dot) {
                Optional<Operator> suffix = Operator.fromSuffix(key.substring(split + 2));
                if (suffix.isPresent()) {
                    op = suffix.get();
                    rest = dot > 0 ? key.substring(dot + 1, split) : "";
                } else if (dot < 0) {
                    return Optional.empty(); // an unknown lookup on a column: target() names the valid ones
                }
            }
            if (!kind.jsonDocument()) {
                if (dot > 0) {
                    throw QueryException.invalidParameter(key, "'" + key + "': '" + head + "' is " + describe(field.get())
                            + " column; a dotted name addresses a relation or a path inside a Json field");
                }
                return Optional.empty();
            }
            if (dot < 0) {
                // the document itself: containment and keys; __isnull stays the column's own test
                return op == Operator.CONTAINS || op == Operator.HAS || op == Operator.HAS_KEY
                        ? Optional.of(new JsonTarget(field.get(), kind, JsonPath.ROOT, op)) : Optional.empty();
            }
            JsonPath path = JsonPath.parse(head, rest, key);
            if (!ColumnKind.JSON_PATH_OPERATORS.contains(op)) {
                List<String> lookups = ColumnKind.JSON_PATH_OPERATORS.stream().map(Operator::suffix).toList();
                throw QueryException.invalidParameter(key, "'" + key + "': __" + op.suffix() + " does not apply to a path"
                        + " inside a Json field; it takes __" + String.join(", __", lookups), lookups);
            }
            return Optional.of(new JsonTarget(field.get(), kind, path, op));
        }

        private Filter jsonMatch(String key, JsonTarget t, List<String> texts) {
            count(key, t.operator, texts.size());
            List<Object> values = new ArrayList<>(texts.size());
            for (String text : texts) {
                refuseNul(key, text);
                values.add(switch (t.operator) {
                    case ISNULL -> ColumnValues.parse(text, t.field, ColumnKind.BOOLEAN, schema, key);
                    case CONTAINS -> JsonDocument.containment(text, key);
                    case HAS_KEY -> text;
                    default -> {
                        JsonScalar v = JsonScalar.parse(text, key);
                        boolean ordered = t.operator == Operator.GT || t.operator == Operator.GTE
                                || t.operator == Operator.LT || t.operator == Operator.LTE;
                        if (ordered && v instanceof JsonScalar.Bool) {
                            throw QueryException.invalidValue(key, "'" + key + "': __" + t.operator.suffix()
                                    + " compares numbers or texts, not booleans");
                        }
                        yield v;
                    }
                });
            }
            return new Filter.JsonMatch(key, t.field, t.kind, t.path, t.operator, values);
        }

        private Filter build(String key, Target t, List<String> texts) {
            count(key, t.operator, texts.size());
            List<Object> values = new ArrayList<>(texts.size());
            for (String text : texts) {
                refuseNul(key, text);
                if (t.operator == Operator.ISNULL) {
                    values.add(ColumnValues.parse(text, t.field, ColumnKind.BOOLEAN, schema, key));
                } else if (t.operator.isPattern()) {
                    values.add(t.field.normalization().apply(text));
                } else {
                    // @@normalizeKey: a filter on the key (or a foreign key to it) compares normalized values
                    values.add(ColumnValues.parse(t.field.normalization().apply(text), t.field, t.kind, schema, key));
                }
            }
            return new Filter.Comparison(key, t.field, t.kind, t.operator, values);
        }

        private record Target(Field field, ColumnKind kind, Operator operator) {
        }

        private Target target(String key) {
            Optional<Field> whole = served(key);
            if (whole.isPresent()) {
                return new Target(whole.get(), ColumnKind.of(whole.get()).orElseThrow(), Operator.EQ);
            }
            int split = key.lastIndexOf("__");
            if (split <= 0) {
                String meant = SPELLINGS.get(key.toLowerCase(java.util.Locale.ROOT));
                if (meant != null) {
                    throw new QueryException(new QueryError(QueryError.Code.UNKNOWN_COLUMN, key, "'" + key
                            + "' is not a column; did you mean '" + meant + "'? Valid columns: "
                            + String.join(", ", validColumns), validColumns));
                }
                throw QueryException.unknownColumn(key, key, validColumns);
            }
            String column = key.substring(0, split);
            String suffix = key.substring(split + 2);
            Field field = served(column).orElseThrow(() -> QueryException.unknownColumn(key, column, validColumns));
            ColumnKind kind = ColumnKind.of(field).orElseThrow();
            List<String> lookups = kind.operators().stream().map(Operator::suffix).toList();
            Operator op = Operator.fromSuffix(suffix).orElseThrow(() -> QueryException.invalidParameter(key,
                    "'" + key + "': unknown lookup __" + suffix + "; '" + column + "' takes __"
                            + String.join(", __", lookups), lookups));
            if (!kind.accepts(op)) {
                throw QueryException.invalidParameter(key, "'" + key + "': __" + suffix + " does not apply to "
                        + describe(field) + " column '" + column + "'; it takes __" + String.join(", __", lookups), lookups);
            }
            return new Target(field, kind, op);
        }

        private Optional<Field> served(String column) {
            return model.fieldByApiName(column).filter(f -> ColumnKind.of(f).isPresent());
        }

        private List<OrderTerm> order(String value, String parameter) {
            if (value.isBlank()) {
                throw QueryException.invalidValue(parameter, "'" + parameter + "' is empty; write e.g. orderBy=created_at:desc,id");
            }
            List<OrderTerm> terms = new ArrayList<>();
            Set<String> seen = new LinkedHashSet<>();
            for (String raw : value.split(",", -1)) {
                String term = raw.strip();
                boolean desc = false;
                if (term.startsWith("-")) {
                    desc = true;
                    term = term.substring(1);
                } else if (term.startsWith("+")) {
                    term = term.substring(1);
                }
                int colon = term.lastIndexOf(':');
                if (colon >= 0) {
                    String dir = term.substring(colon + 1).strip();
                    term = term.substring(0, colon).strip();
                    if (dir.equalsIgnoreCase("desc")) {
                        desc = !desc;
                    } else if (!dir.equalsIgnoreCase("asc")) {
                        throw QueryException.invalidValue(parameter, "'" + parameter + "': '" + dir
                                + "' is not a direction; use asc or desc", List.of("asc", "desc"));
                    }
                }
                final String column = term;
                int dot = column.indexOf('.');
                Optional<Field> json = dot > 0 && served(column).isEmpty()
                        ? served(column.substring(0, dot)).filter(f -> ColumnKind.of(f).orElseThrow().jsonDocument())
                        : Optional.empty();
                if (json.isPresent()) {
                    if (!seen.add(column)) {
                        throw QueryException.invalidValue(parameter, "'" + parameter + "' names '" + column + "' twice");
                    }
                    JsonPath path = JsonPath.parse(column.substring(0, dot), column.substring(dot + 1), parameter);
                    terms.add(new OrderTerm(json.get(), ColumnKind.of(json.get()).orElseThrow(), desc, Optional.of(path)));
                    continue;
                }
                Field field = served(column).orElseThrow(() -> column.isEmpty()
                        ? QueryException.invalidValue(parameter, "'" + parameter + "' has an empty term")
                        : QueryException.unknownColumn(parameter, column, validColumns));
                ColumnKind kind = ColumnKind.of(field).orElseThrow();
                if (!kind.orderable()) {
                    throw QueryException.invalidParameter(parameter, "'" + parameter + "': " + describe(field)
                            + " column '" + column + "' cannot be ordered by");
                }
                if (!seen.add(column)) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "' names '" + column + "' twice");
                }
                terms.add(new OrderTerm(field, kind, desc));
            }
            return terms;
        }

        /** Appends the primary key (or a unique key of required columns) so that the order is total. */
        private List<OrderTerm> withTieBreak(List<OrderTerm> requested, boolean keyset) {
            List<OrderTerm> order = new ArrayList<>(requested);
            Optional<List<IndexField>> key = model.primaryKey().map(pk -> pk.fields())
                    .or(() -> model.indexes().stream()
                            .filter(i -> i.kind() == Index.Kind.UNIQUE)
                            .filter(i -> i.fields().stream().allMatch(f -> model.fieldByColumn(f.columnName()).filter(x -> ColumnKind.of(x).isPresent())
                                    .filter(x -> !x.optional() && ColumnKind.of(x).orElseThrow().orderable()).isPresent()))
                            .map(Index::fields)
                            .findFirst());
            if (key.isEmpty()) {
                if (keyset) {
                    throw QueryException.invalidParameter("cursor", "cursor pagination needs a primary key or a unique key"
                            + " of required columns, and '" + model.name() + "' has neither; use page and per_page");
                }
                return order;
            }
            for (IndexField f : key.get()) {
                boolean named = order.stream().anyMatch(t -> t.path().isEmpty() && t.field().columnName().equals(f.columnName()));
                if (!named) {
                    Field field = model.fieldByColumn(f.columnName()).orElseThrow();
                    ColumnKind kind = ColumnKind.of(field).orElseThrow(() -> new IllegalStateException(
                            "key column " + f.columnName() + " of " + model.name() + " is not served"));
                    order.add(new OrderTerm(field, kind, false));
                }
            }
            return order;
        }

        private KeysetPosition position(CursorCodec.Decoded decoded, List<OrderTerm> order, String shape) {
            if (!decoded.orderShape().equals(shape) || decoded.values().size() != order.size()) {
                throw QueryException.invalidValue("cursor", "'cursor' was made for orderBy=" + decoded.orderShape()
                        + ", not orderBy=" + shape + "; give the same orderBy as the first page, or none");
            }
            List<Object> values = new ArrayList<>(order.size());
            for (int i = 0; i < order.size(); i++) {
                OrderTerm term = order.get(i);
                String text = decoded.values().get(i);
                if (text == null && !term.nullable()) {
                    throw QueryException.invalidValue("cursor", "'cursor' is not valid for this resource");
                }
                if (term.path().isPresent()) {
                    values.add(text == null ? null : CursorCodec.parsePathValue(text, "cursor"));
                    continue;
                }
                values.add(text == null ? null : ColumnValues.parse(text, term.field(), term.kind(), schema, "cursor"));
            }
            return new KeysetPosition(values);
        }

        private List<Field> selection(Optional<String> select) {
            if (select.isEmpty()) {
                return model.fields().stream().filter(f -> ColumnKind.of(f).isPresent()).toList();
            }
            if (select.get().isBlank()) {
                throw QueryException.invalidValue("select", "'select' is empty; write e.g. select=id,name");
            }
            Set<Field> fields = new LinkedHashSet<>();
            for (String raw : select.get().split(",", -1)) {
                String column = raw.strip();
                fields.add(served(column).orElseThrow(() -> QueryException.unknownColumn("select", column, validColumns)));
            }
            return List.copyOf(fields);
        }

        private Optional<FullTextSearch> search(Optional<String> q, boolean byRelevance) {
            if (q.isEmpty()) {
                return Optional.empty();
            }
            Optional<dev.plinth.sql.FullTextIndex> index = dev.plinth.sql.FullTextIndex.of(model);
            if (index.isEmpty()) {
                throw QueryException.invalidParameter("q", "'q' (full-text search) needs a @@fulltext index on model "
                        + model.name() + ", and it has none");
            }
            if (q.get().isBlank()) {
                throw QueryException.invalidValue("q", "'q' is empty");
            }
            return Optional.of(new FullTextSearch(FullTextQuery.parse(q.get()), index.get(), byRelevance));
        }

        /** Checks {@code include}: relation fields of the model, and at most one nested level ({@code contacts.company}). */
        private List<String> include(Optional<String> include) {
            if (include.isEmpty()) {
                return List.of();
            }
            if (include.get().isBlank()) {
                throw QueryException.invalidValue("include", "'include' is empty; write e.g. include=company");
            }
            List<String> paths = new ArrayList<>();
            for (String raw : include.get().split(",", -1)) {
                String path = raw.strip();
                String[] parts = path.split("\\.", -1);
                if (parts.length > 2) {
                    throw QueryException.invalidParameter("include", "'include': '" + path
                            + "' nests more than one level; write e.g. include=contacts.company");
                }
                Model at = model;
                for (String name : parts) {
                    List<String> relations = at.relationFields().stream().filter(f -> !f.ignored()).map(Field::name).toList();
                    if (!relations.contains(name)) {
                        throw QueryException.invalidParameter("include", "'include': '" + name + "' is not a relation of "
                                + at.name() + (relations.isEmpty() ? ", which has none" : "; relations: " + String.join(", ", relations)),
                                relations);
                    }
                    String target = at.field(name).orElseThrow().relation().orElseThrow().targetModel();
                    at = schema.model(target).filter(m -> !m.ignored()).orElseThrow(() -> QueryException.invalidParameter("include",
                            "'include': '" + name + "' leads to an ignored model"));
                }
                if (paths.contains(path)) {
                    throw QueryException.invalidValue("include", "'include' names '" + path + "' twice");
                }
                paths.add(path);
            }
            return paths;
        }

        private boolean bool(Map<String, List<String>> params, String name) {
            return single(params, name).map(v -> switch (v.toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw QueryException.invalidValue(name, "'" + name + "': '" + v + "' is not true or false",
                        List.of("true", "false"));
            }).orElse(false);
        }

        private int size(String value, String parameter) {
            return positive(value, parameter, limits.maxPageSize());
        }

        /** A {@code per_page}: 0 (no rows, only the total when counted) to the most rows of a page. */
        private int perPage(String value) {
            if (value.strip().equals("0")) {
                return 0;
            }
            try {
                return size(value, "per_page");
            } catch (QueryException e) {
                throw QueryException.invalidValue("per_page", "'per_page': '" + value + "' is not a whole number from 0 to "
                        + limits.maxPageSize() + " or all");
            }
        }

        private int positive(String value, String parameter, int max) {
            int n;
            try {
                n = Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > max) {
                throw QueryException.invalidValue(parameter, "'" + parameter + "': '" + value + "' is not a whole number from 1 to " + max);
            }
            return n;
        }

        private static Optional<String> single(Map<String, List<String>> params, String name) {
            List<String> values = params.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
        }

        private String describe(Field field) {
            return field.list() ? "a list" : "a " + field.type().name();
        }
    }
}
