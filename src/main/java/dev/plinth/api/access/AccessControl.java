package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ColumnMask;
import dev.plinth.api.record.RowWriter;
import dev.plinth.api.record.Scope;
import dev.plinth.api.record.WriteValues;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.ColumnRole;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.query.ColumnKind;
import dev.plinth.query.Filter;
import dev.plinth.query.Operator;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.AccessRule;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.FieldPolicy;
import dev.plinth.schema.policy.ModelPolicy;
import dev.plinth.schema.policy.Operation;
import dev.plinth.schema.policy.SchemaPolicy;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the schema's access rules and the tenant conventions to requests (docs/access-rules.md):
 * which rows an operation reaches (a condition ANDed into the SQL of every statement), which fields a
 * caller sees (hidden, masked) and may name in queries, what an insert gets from the caller
 * ({@code @default(auth().…)}, {@code organization_id}, {@code team_id}), and the checks of creates and
 * of field writes.
 *
 * <p>Semantics follow ZenStack (https://zenstack.dev/docs/the-complete-guide/part1/access-policy):
 * an operation is allowed when at least one allow rule holds and no deny rule holds; a model with
 * rules but none for an operation denies it; a model without rules keeps the conventions.
 * Field rules: a field without rules for an operation allows it. Thread-safe.
 */
public final class AccessControl {

    private static final String ORGANIZATION_COLUMN = "organization_id";
    private static final String TEAM_COLUMN = "team_id";

    private final Schema schema;
    private final SchemaPolicy policy;
    private final SqlRenderer renderer;
    private final ClaimNames claims;
    private final Clock clock;
    private final Map<String, RowWriter> writers = new ConcurrentHashMap<>();

    /**
     * @param schema   the served schema
     * @param policy   its compiled access policies
     * @param renderer the SQL renderer (conditions of single-row statements)
     * @param claims   the claim names of the tenant conventions
     * @param clock    the clock of {@code now()}
     */
    public AccessControl(Schema schema, SchemaPolicy policy, SqlRenderer renderer, ClaimNames claims, Clock clock) {
        this.schema = schema;
        this.policy = policy;
        this.renderer = renderer;
        this.claims = claims;
        this.clock = clock;
    }

    /**
     * Returns true when the resource's model has block rules: rules decide every operation, and the
     * {@code user_id}, {@code organization_id} and {@code team_id} filters are off.
     *
     * @param resource the resource
     * @return true when governed by rules
     */
    public boolean governed(Resource resource) {
        return policy.model(resource.model().name()).map(ModelPolicy::hasRules).orElse(false);
    }

    /**
     * Adds the access condition of an operation and the caller's view of rows to a scope.
     *
     * @param scope    the owner and soft-delete scope
     * @param resource the resource
     * @param caller   the caller
     * @param op       READ for reads; UPDATE or DELETE for writes (the condition is then read AND op)
     * @return the scope with {@code rows}, {@code rowsSql} and {@code writer} set where they apply
     * @throws dev.plinth.api.ProblemException 401/403 when a tenant convention needs a claim the caller lacks
     */
    public Scope scope(Scope scope, Resource resource, Caller caller, Operation op) {
        Truth rows = rows(resource, caller, Operation.READ);
        if (op != Operation.READ) {
            rows = Truth.and(rows, rows(resource, caller, op));
        }
        Optional<Filter> filter = switch (rows) {
            case Truth.Known k -> k.value() ? Optional.empty() : Optional.of(never(resource.model()));
            case Truth.Rows r -> Optional.of(r.filter());
        };
        Optional<RenderedSql> sql = filter.map(f -> renderer.condition(resource.model(), f));
        return new Scope(scope.owner(), scope.includeDeleted(), filter, sql, writer(resource, caller, null));
    }

    /**
     * The condition of one operation for a caller: the rules of a governed model, else the tenant
     * conventions (TRUE when the table has none).
     *
     * @param resource the resource
     * @param caller   the caller
     * @param op       the operation
     * @return the condition
     */
    public Truth rows(Resource resource, Caller caller, Operation op) {
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isPresent() && p.get().hasRules()) {
            return ruleTruth(resource.model(), p.get().rules(), caller, op);
        }
        Truth t = Truth.TRUE;
        Optional<Column> org = tenantColumn(resource, ORGANIZATION_COLUMN);
        if (org.isPresent()) {
            t = Truth.and(t, new Truth.Rows(new Filter.Comparison("organization_id", org.get().field(), kind(org.get()),
                    Operator.EQ, List.of(organization(resource, org.get(), caller)))));
        }
        Optional<Column> team = tenantColumn(resource, TEAM_COLUMN);
        if (team.isPresent()) {
            List<Object> teams = teams(resource, team.get(), caller);
            t = Truth.and(t, teams.isEmpty() ? Truth.FALSE
                    : new Truth.Rows(new Filter.Comparison("team_id", team.get().field(), kind(team.get()), Operator.IN, teams)));
        }
        return t;
    }

    private Truth ruleTruth(Model model, List<AccessRule> rules, Caller caller, Operation op) {
        ConditionEvaluator eval = new ConditionEvaluator(schema, model, caller, clock.instant());
        Truth allow = Truth.FALSE;
        Truth deny = Truth.FALSE;
        for (AccessRule r : rules) {
            if (!r.operations().contains(op)) {
                continue;
            }
            if (r.allow()) {
                allow = Truth.or(allow, eval.eval(r.condition()));
            } else {
                deny = Truth.or(deny, eval.eval(r.condition()));
            }
        }
        return Truth.and(allow, Truth.not(deny));
    }

    /**
     * Returns the columns a caller may not see nor name in a query: {@code @omit}, fields whose read
     * rules fail for the caller (or depend on the row: such fields are hidden rather than leaked), and
     * masked fields still masked for the caller, which may be shown but not filtered or ordered on.
     *
     * @param resource the resource
     * @param caller   the caller
     * @param masked   true to include masked fields
     * @return the column names
     */
    public Set<String> unnamable(Resource resource, Caller caller, boolean masked) {
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty()) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        for (Column col : resource.columns()) {
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isEmpty()) {
                continue;
            }
            if (fp.get().omit() || !fieldTruth(resource.model(), fp.get(), caller, Operation.READ).isTrue()) {
                out.add(col.name());
            } else if (masked && fp.get().mask().isPresent() && !maskLifted(resource, fp.get(), caller).isTrue()) {
                out.add(col.name());
            }
        }
        return out;
    }

    /**
     * Returns the model the caller's list parameters are checked against: the model without the
     * fields it may not name (they are then a 400 as for an unknown column).
     *
     * @param resource the resource
     * @param caller   the caller
     * @return the model as the caller sees it (the same object when nothing is hidden)
     */
    public Model visibleModel(Resource resource, Caller caller) {
        Set<String> hidden = unnamable(resource, caller, true);
        if (hidden.isEmpty()) {
            return resource.model();
        }
        Model m = resource.model();
        List<Field> fields = m.fields().stream().filter(f -> !f.isColumn() || !hidden.contains(f.columnName())).toList();
        return new Model(m.name(), m.tableName(), m.databaseSchema(), m.view(), m.ignored(), fields, m.primaryKey(),
                m.indexes(), m.documentation(), m.span());
    }

    /**
     * Returns the caller's row writer over a select of the resource's columns, when the caller sees
     * some of them hidden or masked.
     *
     * @param resource the resource
     * @param caller   the caller
     * @param selected the selected fields in select order, or null for the resource's full column list
     * @return the writer, or empty when the ordinary writer serves
     */
    public Optional<RowWriter> writer(Resource resource, Caller caller, List<Field> selected) {
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty() || p.get().fields().isEmpty()) {
            return Optional.empty();
        }
        List<Column> all = selected == null ? resource.columns()
                : selected.stream().map(f -> resource.column(f.columnName()).orElseThrow()).toList();
        Set<String> hidden = unnamable(resource, caller, false);
        List<Column> shown = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<ColumnMask> masks = new ArrayList<>();
        StringBuilder key = new StringBuilder(resource.name()).append(selected == null ? "*" : "s");
        boolean changed = false;
        for (int i = 0; i < all.size(); i++) {
            Column col = all.get(i);
            if (hidden.contains(col.name())) {
                changed = true;
                continue;
            }
            shown.add(col);
            positions.add(i + 1);
            key.append(',').append(col.name());
            ColumnMask mask = null;
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isPresent() && fp.get().mask().isPresent()) {
                Truth lifted = maskLifted(resource, fp.get(), caller);
                if (!lifted.isTrue()) {
                    changed = true;
                    var kind = fp.get().mask().get().kind();
                    if (lifted instanceof Truth.Rows r) {
                        RowMatcher matcher = new RowMatcher(r.filter(), all);
                        mask = (rs, v) -> matcher.matches(rs) ? v : kind.apply(v);
                        key.append("?").append(System.identityHashCode(matcher));
                    } else {
                        mask = (rs, v) -> kind.apply(v);
                        key.append("#");
                    }
                }
            }
            masks.add(mask);
        }
        if (!changed) {
            return Optional.empty();
        }
        RowWriter w = new RowWriter(shown, positions.stream().mapToInt(Integer::intValue).toArray(), masks.toArray(ColumnMask[]::new));
        if (key.indexOf("?") >= 0) {
            return Optional.of(w); // row-dependent masks carry the caller's values: not shared
        }
        return Optional.of(writers.computeIfAbsent(key.toString(), k -> w));
    }

    private Truth maskLifted(Resource resource, FieldPolicy fp, Caller caller) {
        Optional<Condition> unless = fp.mask().orElseThrow().unless();
        if (unless.isEmpty()) {
            return Truth.FALSE;
        }
        return new ConditionEvaluator(schema, resource.model(), caller, clock.instant()).eval(unless.get());
    }

    private Truth fieldTruth(Model model, FieldPolicy fp, Caller caller, Operation op) {
        if (!fp.governs(op)) {
            return Truth.TRUE;
        }
        ConditionEvaluator eval = new ConditionEvaluator(schema, model, caller, clock.instant());
        Truth allow = fp.rules().stream().anyMatch(r -> r.allow() && r.operations().contains(op)) ? Truth.FALSE : Truth.TRUE;
        Truth deny = Truth.FALSE;
        for (AccessRule r : fp.rules()) {
            if (!r.operations().contains(op)) {
                continue;
            }
            if (r.allow()) {
                allow = Truth.or(allow, eval.eval(r.condition()));
            } else {
                deny = Truth.or(deny, eval.eval(r.condition()));
            }
        }
        return Truth.and(allow, Truth.not(deny));
    }

    /**
     * Prepares a body for insert: {@code @default(auth().claim)} fills absent fields; on tables without
     * rules {@code organization_id} is the caller's organization and {@code team_id} must be one of the
     * caller's teams (filled when the caller has exactly one); fields the caller may not create are
     * refused, as are server-generated keys on governed models.
     *
     * @param resource the resource
     * @param caller   the caller
     * @param body     the JSON object sent
     * @return the body to read, and the condition the stored row must meet: the model's create rules
     *         and the row-dependent create rules of the fields sent
     * @throws dev.plinth.api.ProblemException 403 naming a field the caller may not set, or when the
     *         create rules are false for the caller whatever the row
     */
    public Insert prepareInsert(Resource resource, Caller caller, JsonNode body) {
        Truth check = createCondition(resource, caller);
        if (check.isFalse()) {
            throw ApiProblem.FORBIDDEN.with("creating rows of " + resource.name() + " is not allowed for this caller");
        }
        if (!(body instanceof ObjectNode sent)) {
            return new Insert(body, check);
        }
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        ObjectNode out = sent.deepCopy();
        if (p.isPresent()) {
            for (Column col : resource.columns()) {
                Optional<FieldPolicy> fp = p.get().field(col.field().name());
                if (fp.isPresent() && sent.has(col.name())) {
                    Truth t = fieldTruth(resource.model(), fp.get(), caller, Operation.CREATE);
                    if (t.isFalse()) {
                        throw ApiProblem.FORBIDDEN.with("'" + col.name() + "' cannot be set on create by this caller");
                    }
                    check = Truth.and(check, t);
                }
                if (p.get().hasRules() && sent.has(col.name()) && resource.key().contains(col)
                        && col.field().defaultValue().isPresent()) {
                    throw ApiProblem.FORBIDDEN.with("'" + col.name() + "' is generated by the server and cannot be set");
                }
                if (fp.isPresent() && fp.get().authDefault().isPresent() && !sent.hasNonNull(col.name())) {
                    claimValue(caller, fp.get().authDefault().get(), col).ifPresent(v -> out.set(col.name(), v));
                }
            }
        }
        if (!governed(resource) && resource.owner().isPresent()) {
            Optional<Column> org = resource.column(ORGANIZATION_COLUMN).filter(c -> c.role() == ColumnRole.PLAIN
                    && ColumnKind.of(c.field()).isPresent() && !resource.key().contains(c));
            Object claim = caller.claims().get(claims.organization());
            if (org.isPresent() && claim != null && !(claim instanceof java.util.Collection) && !(claim instanceof Map)) {
                try {
                    out.set(org.get().name(), json(queryValue(resource, org.get(), claim.toString())));
                } catch (dev.plinth.api.ProblemException e) {
                    // a claim the column cannot hold leaves the body's value: the row is the caller's own anyway
                }
            }
        }
        if (!governed(resource)) {
            Optional<Column> org = tenantColumn(resource, ORGANIZATION_COLUMN);
            if (org.isPresent()) {
                out.set(org.get().name(), json(organization(resource, org.get(), caller)));
            }
            Optional<Column> team = tenantColumn(resource, TEAM_COLUMN);
            if (team.isPresent()) {
                List<Object> teams = teams(resource, team.get(), caller);
                JsonNode given = out.get(team.get().name());
                if (given == null || given.isNull()) {
                    if (teams.size() == 1) {
                        out.set(team.get().name(), json(teams.getFirst()));
                    }
                } else if (teams.stream().noneMatch(t -> t.toString().equals(given.asText()))) {
                    throw ApiProblem.FORBIDDEN.with("team_id " + given.asText() + " is not one of the caller's teams (claim " + claims.teams() + ")");
                }
            }
        }
        return new Insert(out, check);
    }

    /**
     * A body prepared for insert.
     *
     * @param body  the JSON object to read
     * @param check the condition the stored row must meet (TRUE when none)
     */
    public record Insert(JsonNode body, Truth check) {
    }

    /**
     * Returns the condition an inserted row must meet: the model's create rules and the row-dependent
     * create rules of the fields sent. Checked in the insert's transaction, against the row as stored
     * (defaults included); a failure rolls the insert back.
     *
     * @param resource the resource
     * @param caller   the caller
     * @return TRUE when nothing is to check
     */
    public Truth createCondition(Resource resource, Caller caller) {
        if (!governed(resource)) {
            return Truth.TRUE;
        }
        return ruleTruth(resource.model(), policy.model(resource.model().name()).orElseThrow().rules(), caller, Operation.CREATE);
    }

    /**
     * Checks the fields a PATCH sends against the field update rules and the protected keys.
     *
     * @param resource the resource
     * @param caller   the caller
     * @param values   the values the body sets
     * @return the row-dependent part of the field rules (TRUE when none)
     * @throws dev.plinth.api.ProblemException 403 naming the first field the caller may not update
     */
    public Truth checkUpdate(Resource resource, Caller caller, WriteValues values) {
        List<String> sent = values.presentColumns().stream().map(Column::name).toList();
        if (!governed(resource)) {
            if (sent.contains(ORGANIZATION_COLUMN) && tenantColumn(resource, ORGANIZATION_COLUMN).isPresent()) {
                throw ApiProblem.FORBIDDEN.with("'organization_id' is the caller's organization: it cannot be updated");
            }
            Optional<Column> team = tenantColumn(resource, TEAM_COLUMN);
            if (sent.contains(TEAM_COLUMN) && team.isPresent()) {
                Object to = values.get(team.get());
                if (to == null || teams(resource, team.get(), caller).stream().noneMatch(t -> t.toString().equals(to.toString()))) {
                    throw ApiProblem.FORBIDDEN.with("team_id " + to + " is not one of the caller's teams (claim " + claims.teams() + ")");
                }
            }
        }
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty()) {
            return Truth.TRUE;
        }
        Truth rows = Truth.TRUE;
        for (String name : sent) {
            Column col = resource.column(name).orElse(null);
            if (col == null) {
                continue;
            }
            if (p.get().hasRules() && resource.key().contains(col)) {
                throw ApiProblem.FORBIDDEN.with("'" + name + "' is a key: it cannot be updated");
            }
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isEmpty()) {
                continue;
            }
            if (fp.get().authDefault().isPresent() && !fp.get().governs(Operation.UPDATE)) {
                // set from the caller's identity on insert (a tenant or owner key): moving a row to
                // another tenant would escape the rules, so it needs an explicit update rule
                throw ApiProblem.FORBIDDEN.with("'" + name + "' is set from the caller on create and cannot be updated");
            }
            Truth t = fieldTruth(resource.model(), fp.get(), caller, Operation.UPDATE);
            if (t.isFalse()) {
                throw ApiProblem.FORBIDDEN.with("'" + name + "' cannot be updated by this caller");
            }
            rows = Truth.and(rows, t);
        }
        return rows;
    }

    /**
     * ANDs a further condition into a scope (row-dependent field rules, create checks).
     *
     * @param scope    the scope
     * @param resource the resource
     * @param extra    the condition
     * @return the narrowed scope
     */
    public Scope restrict(Scope scope, Resource resource, Truth extra) {
        if (extra.isTrue()) {
            return scope;
        }
        Filter f = extra instanceof Truth.Rows r ? r.filter() : never(resource.model());
        Filter combined = scope.rows().<Filter>map(r -> new Filter.All(List.of(r, f))).orElse(f);
        return new Scope(scope.owner(), scope.includeDeleted(), Optional.of(combined),
                Optional.of(renderer.condition(resource.model(), combined)), scope.writer());
    }

    /**
     * Renders a condition for a single-row statement.
     *
     * @param resource the resource
     * @param truth    a condition
     * @return the filter and its SQL, empty for TRUE
     */
    public Optional<RenderedSql> render(Resource resource, Truth truth) {
        return switch (truth) {
            case Truth.Known k -> k.value() ? Optional.empty() : Optional.of(renderer.condition(resource.model(), never(resource.model())));
            case Truth.Rows r -> Optional.of(renderer.condition(resource.model(), r.filter()));
        };
    }

    /** A condition no row meets: {@code c IS NULL AND c IS NOT NULL}, without changing the SQL renderer. */
    static Filter never(Model model) {
        Field f = model.columnFields().stream().filter(c -> ColumnKind.of(c).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("model " + model.name() + " has no served column"));
        ColumnKind kind = ColumnKind.of(f).orElseThrow();
        return new Filter.All(List.of(new Filter.Comparison("rule", f, kind, Operator.ISNULL, List.of(Boolean.TRUE)),
                new Filter.Comparison("rule", f, kind, Operator.ISNULL, List.of(Boolean.FALSE))));
    }

    /**
     * The column of a tenant convention: a plain column of that name on a table that is not
     * owner-scoped (a {@code user_id} table already shows the caller only its own rows) and of which it
     * is not the key (a {@code team} table whose id is mapped to {@code team_id} is the list of teams).
     */
    private Optional<Column> tenantColumn(Resource resource, String name) {
        if (resource.owner().isPresent()) {
            return Optional.empty();
        }
        return resource.column(name).filter(c -> c.role() == ColumnRole.PLAIN && ColumnKind.of(c.field()).isPresent()
                && !resource.key().contains(c));
    }

    private static ColumnKind kind(Column c) {
        return ColumnKind.of(c.field()).orElseThrow();
    }

    private Object organization(Resource resource, Column col, Caller caller) {
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with(resource.name() + " is scoped by organization_id: send Authorization: Bearer <token>");
        }
        Object claim = caller.claims().get(claims.organization());
        if (claim == null || claim instanceof java.util.Collection || claim instanceof Map) {
            throw ApiProblem.FORBIDDEN.with(resource.name() + " is scoped by organization_id and the token has no "
                    + claims.organization() + " claim");
        }
        return queryValue(resource, col, claim.toString());
    }

    private List<Object> teams(Resource resource, Column col, Caller caller) {
        if (!caller.authenticated()) {
            throw ApiProblem.UNAUTHENTICATED.with(resource.name() + " is scoped by team_id: send Authorization: Bearer <token>");
        }
        Object claim = caller.claims().get(claims.teams());
        List<Object> raw = claim instanceof java.util.Collection<?> c ? new ArrayList<>(c) : claim == null ? List.of() : List.of(claim);
        List<Object> out = new ArrayList<>();
        for (Object v : raw) {
            if (v != null && !(v instanceof java.util.Collection) && !(v instanceof Map)) {
                try {
                    out.add(queryValue(resource, col, v.toString()));
                } catch (RuntimeException e) {
                    // a team the column cannot hold matches no row
                }
            }
        }
        return out;
    }

    /** Parses claim text into the column's query type; a claim that does not fit is a 403. */
    private static Object queryValue(Resource resource, Column col, String text) {
        try {
            Object v = col.codec().parseText(text);
            if (v instanceof Long l && ColumnKind.of(col.field()).orElseThrow() == ColumnKind.INT) {
                return l.intValue();
            }
            return v;
        } catch (InvalidValue e) {
            throw ApiProblem.FORBIDDEN.with("the token's claim does not fit " + resource.name() + "." + col.name() + ": " + e.getMessage());
        }
    }

    /** A column value (see {@link ColumnKind}) as the JSON the body reader takes for it. */
    private static JsonNode json(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return JsonNodeFactory.instance.numberNode(((Number) value).longValue());
        }
        if (value instanceof Number n) {
            return JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(n.toString()));
        }
        return JsonNodeFactory.instance.textNode(value.toString());
    }

    private static Optional<JsonNode> claimValue(Caller caller, String claim, Column col) {
        if (!caller.authenticated()) {
            return Optional.empty();
        }
        Object v = claim.equals("id") ? caller.subject().orElseThrow() : caller.claims().get(claim);
        ColumnKind kind = ColumnKind.of(col.field()).orElse(ColumnKind.STRING);
        if (v instanceof String s && (kind == ColumnKind.INT || kind == ColumnKind.BIGINT) && s.matches("-?\\d{1,18}")) {
            return Optional.of(JsonNodeFactory.instance.numberNode(Long.parseLong(s)));
        }
        if (v instanceof Number n && kind == ColumnKind.STRING) {
            return Optional.of(JsonNodeFactory.instance.textNode(n.toString()));
        }
        if (v instanceof Number n) {
            return Optional.of(JsonNodeFactory.instance.numberNode(new java.math.BigDecimal(n.toString())));
        }
        if (v instanceof String s) {
            return Optional.of(JsonNodeFactory.instance.textNode(s));
        }
        return Optional.empty();
    }

}
