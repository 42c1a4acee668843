package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.RowWriter;
import dev.plinth.api.record.Scope;
import dev.plinth.api.record.WriteValues;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ColumnKind;
import dev.plinth.query.Filter;
import dev.plinth.query.Operator;
import dev.plinth.query.RenderedSql;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.FieldPolicy;
import dev.plinth.schema.policy.ModelPolicy;
import dev.plinth.schema.policy.Operation;
import dev.plinth.schema.policy.SchemaPolicy;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the schema's access rules and the tenant conventions to requests (docs/access-rules.md):
 * which rows an operation reaches (a condition ANDed into the SQL of every statement), which fields a
 * caller sees and may name in queries ({@link FieldView}), what an insert gets from the caller
 * ({@code @default(auth().…)}, {@link TenantConventions}), and the checks of creates and of field
 * writes. Rules combine as ZenStack's ({@link RuleDecision}). Thread-safe.
 */
public final class AccessControl {

    private final SchemaPolicy policy;
    private final SqlRenderer renderer;
    private final RuleDecision decision;
    private final FieldView view;
    private final TenantConventions tenants;

    /**
     * @param schema   the served schema
     * @param policy   its compiled access policies
     * @param renderer the SQL renderer (conditions of single-row statements)
     * @param claims   the claim names of the tenant conventions
     * @param clock    the clock of {@code now()}
     */
    public AccessControl(Schema schema, SchemaPolicy policy, SqlRenderer renderer, ClaimNames claims, Clock clock) {
        this.policy = policy;
        this.renderer = renderer;
        this.decision = new RuleDecision(schema, clock);
        this.view = new FieldView(policy, decision);
        this.tenants = new TenantConventions(claims);
    }

    /**
     * Returns the schema's data rules (validators, transforms, {@code @@validate}), which travel with the
     * access policies (docs/schema.md, "Validators and model rules").
     *
     * @return the compiled data rules
     */
    public dev.plinth.schema.rules.DataRules dataRules() {
        return policy.data();
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
     * Returns true when neither access policies nor tenant conventions apply to the resource: no policy of any
     * kind for its model (rules, field rules, {@code @default(auth().…)}) and no tenant column, so every step
     * of this class leaves its requests as they are (a write needs no decision on the stored row).
     *
     * @param resource the resource
     * @return true when access control has nothing to say about the resource
     */
    public boolean untouched(Resource resource) {
        return policy.model(resource.model().name()).isEmpty() && !tenants.fillsInsert(resource);
    }

    /**
     * Returns true when a caller may see only some rows of the resource: it has block rules, or a
     * tenant column ({@code organization_id}, {@code team_id}). Cheap: no caller, no rendering.
     *
     * @param resource the resource
     * @return false when every caller that may read the resource reads all of its rows (owner scoping aside)
     */
    public boolean partial(Resource resource) {
        return governed(resource) || tenants.fillsInsert(resource);
    }

    /**
     * Adds the access condition of an operation and the caller's view of rows to a scope.
     *
     * @param scope    the owner and soft-delete scope
     * @param resource the resource
     * @param caller   the caller
     * @param op       LIST for the collection route, READ for other reads; UPDATE or DELETE for writes (the
     *                 condition is then read AND op)
     * @return the scope with {@code rows}, {@code rowsSql} and {@code writer} set where they apply
     * @throws dev.plinth.api.ProblemException 401/403 when a tenant convention needs a claim the caller lacks
     */
    public Scope scope(Scope scope, Resource resource, Caller caller, Operation op) {
        // the collection route is decided by list rules alone; every other read by read (and get) rules
        Truth rows = rows(resource, caller, op == Operation.LIST ? Operation.LIST : Operation.READ);
        if (op != Operation.READ && op != Operation.LIST) {
            rows = Truth.and(rows, rows(resource, caller, op));
        }
        Optional<Filter> filter = switch (rows) {
            case Truth.Known k -> k.value() ? Optional.empty() : Optional.of(never(resource.model()));
            case Truth.Rows r -> Optional.of(r.filter());
        };
        Optional<RenderedSql> sql = filter.map(f -> renderer.condition(resource.model(), f));
        return new Scope(scope.owner(), scope.includeDeleted(), filter, sql, view.writer(resource, caller, null));
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
            return decision.model(resource.model(), p.get().rules(), caller, op);
        }
        return tenants.rows(resource, caller);
    }

    /**
     * Returns the columns a caller may not name in a query: {@code @omit}, fields whose read rules do
     * not hold for it, and, with {@code masked}, fields still masked for it.
     *
     * @param resource the resource
     * @param caller   the caller
     * @param masked   true to include masked fields
     * @return the column names
     */
    public Set<String> unnamable(Resource resource, Caller caller, boolean masked) {
        return view.unnamable(resource, caller, masked);
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
        return view.visibleModel(resource, caller);
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
        return view.writer(resource, caller, selected);
    }

    /**
     * Prepares a body for insert: {@code @default(auth().claim)} fills absent fields; the tenant
     * conventions set or check their columns; fields the caller may not create are refused. (A key the
     * server generates is refused for every model by the body reader, as {@code immutable_field}.)
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
        boolean tenantConventions = !governed(resource) && tenants.fillsInsert(resource);
        if (p.isEmpty() && !tenantConventions) {
            return new Insert(body, check); // nothing to fill in: the body is read as sent, without a copy
        }
        ObjectNode out = sent.deepCopy();
        if (p.isPresent()) {
            for (Column col : resource.columns()) {
                Optional<FieldPolicy> fp = p.get().field(col.field().name());
                if (fp.isPresent() && sent.has(col.name())) {
                    Truth t = decision.field(resource.model(), fp.get(), caller, Operation.CREATE);
                    if (t.isFalse()) {
                        throw ApiProblem.FORBIDDEN.with("'" + col.name() + "' cannot be set on create by this caller");
                    }
                    check = Truth.and(check, t);
                }
                if (fp.isPresent() && fp.get().authDefault().isPresent() && !sent.hasNonNull(col.name())) {
                    claimValue(caller, fp.get().authDefault().get(), col).ifPresent(v -> out.set(col.name(), v));
                }
            }
        }
        if (tenantConventions) {
            tenants.fillInsert(resource, caller, out);
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
     * Returns the condition an inserted row must meet by the model's create rules. Checked in the
     * insert's transaction, against the row as stored (defaults included); a failure rolls the
     * insert back.
     *
     * @param resource the resource
     * @param caller   the caller
     * @return TRUE when nothing is to check
     */
    public Truth createCondition(Resource resource, Caller caller) {
        if (!governed(resource)) {
            return Truth.TRUE;
        }
        return decision.model(resource.model(), policy.model(resource.model().name()).orElseThrow().rules(), caller, Operation.CREATE);
    }

    /**
     * Checks the fields a PATCH sends: field update rules, fields filled from the caller's identity, and
     * the tenant columns. (Keys never get here: the body reader refuses a changed key as
     * {@code immutable_field}.)
     *
     * @param resource the resource
     * @param caller   the caller
     * @param values   the values the body sets
     * @return the row-dependent part of the field rules (TRUE when none)
     * @throws dev.plinth.api.ProblemException 403 naming the first field the caller may not update
     */
    public Truth checkUpdate(Resource resource, Caller caller, WriteValues values) {
        if (!governed(resource)) {
            tenants.checkUpdate(resource, caller, values);
        }
        Optional<ModelPolicy> p = policy.model(resource.model().name());
        if (p.isEmpty()) {
            return Truth.TRUE;
        }
        Truth rows = Truth.TRUE;
        for (Column col : values.presentColumns()) {
            String name = col.name();
            Optional<FieldPolicy> fp = p.get().field(col.field().name());
            if (fp.isEmpty()) {
                continue;
            }
            if (fp.get().authDefault().isPresent() && !fp.get().governs(Operation.UPDATE)) {
                // set from the caller's identity on insert (a tenant or owner key): moving a row to
                // another tenant would escape the rules, so it needs an explicit update rule
                throw ApiProblem.FORBIDDEN.with("'" + name + "' is set from the caller on create and cannot be updated");
            }
            Truth t = decision.field(resource.model(), fp.get(), caller, Operation.UPDATE);
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

    /** A condition no row meets: {@code c IS NULL AND c IS NOT NULL}, without changing the SQL renderer. */
    static Filter never(Model model) {
        Field f = model.columnFields().stream().filter(c -> ColumnKind.of(c).isPresent()).findFirst()
                .orElseThrow(() -> new IllegalStateException("model " + model.name() + " has no served column"));
        ColumnKind kind = ColumnKind.of(f).orElseThrow();
        return new Filter.All(List.of(new Filter.Comparison("rule", f, kind, Operator.ISNULL, List.of(Boolean.TRUE)),
                new Filter.Comparison("rule", f, kind, Operator.ISNULL, List.of(Boolean.FALSE))));
    }

    /** The value of {@code @default(auth().claim)} for a column, as the body reader takes it. */
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
            return Optional.of(JsonNodeFactory.instance.numberNode(new BigDecimal(n.toString())));
        }
        if (v instanceof String s) {
            return Optional.of(JsonNodeFactory.instance.textNode(s));
        }
        return Optional.empty();
    }
}
