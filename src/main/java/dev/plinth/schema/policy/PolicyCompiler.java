package dev.plinth.schema.policy;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.syntax.TypeReference;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compiles the access attributes of a parsed schema (docs/access-rules.md) into a {@link SchemaPolicy},
 * reporting every rule that cannot compile with its line and column: an unknown operation, an unknown
 * field, a claim written as a field, a comparison of incompatible types, an attribute in the wrong
 * place. Conditions are parsed by {@link ConditionParser} from the source text of each argument.
 *
 * <p>Attributes: {@code @@allow('ops', cond)}, {@code @@deny('ops', cond)} (ops: create, read, update,
 * delete, all, comma-separated); field {@code @allow('ops', cond)}/{@code @deny} (ops: create, read,
 * update, all); {@code @omit}; {@code @mask("email"|"phone"|"last4"|"redact", unless: cond)};
 * {@code @default(auth().claim)}. Syntax from ZenStack,
 * https://zenstack.dev/docs/reference/zmodel-language#access-policy.
 */
public final class PolicyCompiler {

    /** The attribute names this compiler owns (checked here instead of Prisma's attribute table). */
    public static final Set<String> ATTRIBUTES = Set.of("allow", "deny", "omit", "mask");

    private static final Set<String> SYSTEM_PREFIXES = Set.of("created_", "updated_", "deleted_");

    private final String source;
    private final List<Diagnostic> diagnostics;
    private final Map<String, Set<String>> enums = new HashMap<>();
    private final Set<String> models;
    /** The stored names, by which system fields are recognised (docs/schema.md, "Naming"). */
    private final dev.plinth.schema.naming.PhysicalNames physical;

    private PolicyCompiler(SchemaAst ast, String source, List<Diagnostic> diagnostics) {
        this.physical = new dev.plinth.schema.naming.PhysicalNames(dev.plinth.schema.naming.NamingSettings.of(ast));
        this.source = source;
        this.diagnostics = diagnostics;
        for (EnumBlock e : ast.enumBlocks()) {
            enums.put(e.name().text(), e.values().stream().map(v -> v.name().text()).collect(Collectors.toSet()));
        }
        this.models = ast.modelBlocks().stream().map(m -> m.name().text()).collect(Collectors.toSet());
    }

    /**
     * Compiles every model's access attributes.
     *
     * @param ast         the parsed schema
     * @param source      the schema text (rule arguments are read from it by span)
     * @param diagnostics receives one error per rule that cannot compile
     * @return the policies of the models that have access attributes
     */
    public static SchemaPolicy compile(SchemaAst ast, String source, List<Diagnostic> diagnostics) {
        PolicyCompiler c = new PolicyCompiler(ast, source, diagnostics);
        Map<String, ModelPolicy> out = new LinkedHashMap<>();
        for (ModelBlock m : ast.modelBlocks()) {
            c.model(m).ifPresent(p -> out.put(m.name().text(), p));
        }
        return new SchemaPolicy(out);
    }

    private Optional<ModelPolicy> model(ModelBlock m) {
        List<AccessRule> rules = new ArrayList<>();
        for (Attribute a : m.attributes()) {
            if (a.name().equals("allow") || a.name().equals("deny")) {
                rule(m, a, EnumSet.allOf(Operation.class)).ifPresent(rules::add);
            } else if (a.name().equals("omit") || a.name().equals("mask")) {
                error("Attribute \"@@" + a.name() + "\" is not known; @" + a.name() + " is a field attribute.", a.nameSpan());
            }
        }
        Map<String, FieldPolicy> fields = new LinkedHashMap<>();
        for (FieldDeclaration f : m.fields()) {
            field(m, f).ifPresent(p -> fields.put(f.name().text(), p));
        }
        if (rules.isEmpty() && fields.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelPolicy(m.name().text(), rules, fields));
    }

    private Optional<FieldPolicy> field(ModelBlock m, FieldDeclaration f) {
        List<AccessRule> rules = new ArrayList<>();
        boolean omit = false;
        Optional<FieldPolicy.FieldMask> mask = Optional.empty();
        Optional<String> authDefault = Optional.empty();
        boolean any = false;
        String name = f.name().text();
        for (Attribute a : f.attributes()) {
            switch (a.name()) {
                case "allow", "deny" -> {
                    any = true;
                    Optional<AccessRule> r = rule(m, a, EnumSet.of(Operation.CREATE, Operation.READ, Operation.UPDATE));
                    r.ifPresent(rules::add);
                    r.ifPresent(rule -> systemFieldCheck(m, f, rule));
                }
                case "omit" -> {
                    any = true;
                    if (!a.arguments().isEmpty()) {
                        error("@omit takes no arguments.", a.span());
                    }
                    if (omit) {
                        error("Attribute \"@omit\" can only be defined once.", a.span());
                    }
                    omit = true;
                }
                case "mask" -> {
                    any = true;
                    if (mask.isPresent()) {
                        error("Attribute \"@mask\" can only be defined once.", a.span());
                    }
                    mask = mask(m, f, a);
                }
                case "default" -> {
                    Optional<Argument> value = a.namedOrFirst("value");
                    if (value.isPresent() && value.get().value() instanceof Expression.FunctionCall call && call.name().equals("auth")) {
                        any = true;
                        authDefault = authDefault(f, call);
                    }
                }
                default -> {
                }
            }
        }
        if (!any) {
            return Optional.empty();
        }
        return Optional.of(new FieldPolicy(name, rules, omit, mask, authDefault));
    }

    /** Rules that would let clients write a protected system field are refused: those fields are never client-writable. */
    private void systemFieldCheck(ModelBlock m, FieldDeclaration f, AccessRule rule) {
        if (!rule.allow() || !(rule.operations().contains(Operation.UPDATE) || rule.operations().contains(Operation.CREATE))) {
            return;
        }
        if (rule.condition() instanceof Condition.Literal l && Boolean.FALSE.equals(l.value())) {
            return;
        }
        String column = physical.column(m, f.name().text());
        boolean system = f.attribute("id").isPresent() || f.attribute("updatedAt").isPresent()
                || SYSTEM_PREFIXES.stream().anyMatch(column::startsWith);
        if (system) {
            error("`" + f.name().text() + "` is a protected system field of model `" + m.name().text()
                    + "` (ids, created_*, updated_*, deleted_*): clients can never write it, so a rule cannot allow it.", rule.span());
        }
    }

    private Optional<FieldPolicy.FieldMask> mask(ModelBlock m, FieldDeclaration f, Attribute a) {
        if (!f.type().name().text().equals("String") || f.type().arity() == TypeReference.Arity.LIST) {
            error("@mask applies to String fields; `" + f.name().text() + "` is " + f.type().name().text() + ".", a.span());
            return Optional.empty();
        }
        List<Argument> positional = a.arguments().stream().filter(x -> x.name().isEmpty()).toList();
        if (positional.size() != 1) {
            error("@mask takes one kind: \"email\", \"phone\", \"last4\" or \"redact\".", a.span());
            return Optional.empty();
        }
        for (Argument x : a.arguments()) {
            if (x.name().isPresent() && !x.name().get().text().equals("unless")) {
                error("No such argument: @mask takes a kind and `unless:`.", x.span());
                return Optional.empty();
            }
        }
        Optional<Condition> kindText = parse(positional.getFirst());
        if (kindText.isEmpty()) {
            return Optional.empty();
        }
        Optional<MaskKind> kind = kindText.get() instanceof Condition.Literal l && l.value() instanceof String s
                ? MaskKind.of(s) : Optional.empty();
        if (kind.isEmpty()) {
            error("Unknown mask `" + raw(positional.getFirst().value().span()) + "`: use \"email\", \"phone\", \"last4\" or \"redact\".",
                    positional.getFirst().value().span());
            return Optional.empty();
        }
        Optional<Condition> unless = Optional.empty();
        Optional<Argument> u = a.named("unless");
        if (u.isPresent()) {
            unless = parse(u.get()).flatMap(c -> check(m, c, true));
            if (unless.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new FieldPolicy.FieldMask(kind.get(), unless));
    }

    private Optional<String> authDefault(FieldDeclaration f, Expression.FunctionCall call) {
        if (call.arguments().size() != 1 || !(call.arguments().getFirst().value() instanceof Expression.ConstantValue claim)) {
            error("@default(auth()) needs a claim: @default(auth().id) or @default(auth().org_id).", call.span());
            return Optional.empty();
        }
        String type = f.type().name().text();
        if (!Set.of("String", "Int", "BigInt").contains(type) || f.type().arity() == TypeReference.Arity.LIST) {
            error("@default(auth()." + claim.text() + ") needs a String, Int or BigInt field; `" + f.name().text()
                    + "` is " + type + ".", call.span());
            return Optional.empty();
        }
        return Optional.of(claim.text());
    }

    private Optional<AccessRule> rule(ModelBlock m, Attribute a, Set<Operation> allowed) {
        boolean allow = a.name().equals("allow");
        List<Argument> args = a.arguments();
        if (args.size() != 2 || args.stream().anyMatch(x -> x.name().isPresent())) {
            error(a.display() + " takes two arguments: the operations and a condition, e.g. "
                    + a.display() + "('read', auth() != null).", a.span());
            return Optional.empty();
        }
        Optional<Set<Operation>> ops = operations(args.get(0), allowed, a.block());
        Optional<Condition> cond = parse(args.get(1)).flatMap(c -> check(m, c, true));
        if (ops.isEmpty() || cond.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AccessRule(allow, ops.get(), cond.get(), a.span()));
    }

    private Optional<Set<Operation>> operations(Argument arg, Set<Operation> allowed, boolean block) {
        Optional<Condition> parsed = parse(arg);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        if (!(parsed.get() instanceof Condition.Literal l) || !(l.value() instanceof String text)) {
            error("The operations of a rule are a string, e.g. 'read' or 'create,update'.", arg.value().span());
            return Optional.empty();
        }
        Set<Operation> ops = EnumSet.noneOf(Operation.class);
        for (String part : text.split(",", -1)) {
            String name = part.trim();
            if (name.equals("all")) {
                ops.addAll(allowed);
                continue;
            }
            Optional<Operation> op = Operation.of(name);
            if (op.isEmpty() || !allowed.contains(op.get())) {
                String valid = block ? "create, read, list, get, update, delete or all" : "create, read, update or all";
                error("Unknown operation `" + name + "` in " + (block ? "a model" : "a field") + " rule: use " + valid + ".",
                        arg.value().span());
                return Optional.empty();
            }
            ops.add(op.get());
        }
        if (block) {
            // read is the union of list and get; a get rule decides every read but the collection route
            if (ops.contains(Operation.READ)) {
                ops.add(Operation.LIST);
                ops.add(Operation.GET);
            }
            if (ops.contains(Operation.GET)) {
                ops.add(Operation.READ);
            }
        }
        return Optional.of(ops);
    }

    private Optional<Condition> parse(Argument arg) {
        Span span = arg.value().span();
        try {
            return Optional.of(ConditionParser.parse(raw(span), span));
        } catch (ConditionException e) {
            diagnostics.add(Diagnostic.error(e.getMessage(), e.span()));
            return Optional.empty();
        }
    }

    private String raw(Span span) {
        if (span.endOffset() <= source.length() && span.startOffset() <= span.endOffset()) {
            return source.substring(span.startOffset(), span.endOffset());
        }
        return "";
    }

    // ---- type checking -------------------------------------------------------------------------

    /** The type of a condition operand. */
    private enum Kind { STRING, NUMBER, BOOLEAN, DATETIME, ENUM, NULL, CLAIM, CALLER, LIST, CONDITION }

    private record Typed(Condition node, Kind kind, String enumName, String describe) {
    }

    /** Checks a condition; returns it with bare enum value names turned into string literals. */
    private Optional<Condition> check(ModelBlock m, Condition c, boolean top) {
        try {
            return Optional.of(condition(m, c));
        } catch (ConditionException e) {
            diagnostics.add(Diagnostic.error(e.getMessage(), e.span()));
            return Optional.empty();
        }
    }

    private Condition condition(ModelBlock m, Condition c) throws ConditionException {
        return switch (c) {
            case Condition.And and -> new Condition.And(condition(m, and.left()), condition(m, and.right()), and.span());
            case Condition.Or or -> new Condition.Or(condition(m, or.left()), condition(m, or.right()), or.span());
            case Condition.Not not -> new Condition.Not(condition(m, not.part()), not.span());
            case Condition.Compare cmp -> compare(m, cmp);
            default -> {
                Typed t = operand(m, c, Optional.empty());
                if (t.kind != Kind.BOOLEAN && t.kind != Kind.CLAIM) {
                    throw new ConditionException("`" + raw(c.span()) + "` is " + t.describe
                            + ", not a condition; compare it, e.g. `" + raw(c.span()) + " == …`.", c.span());
                }
                yield t.node;
            }
        };
    }

    private Condition compare(ModelBlock m, Condition.Compare cmp) throws ConditionException {
        Typed left = operand(m, cmp.left(), Optional.empty());
        Typed right = operand(m, cmp.right(), Optional.of(left));
        if (left.node instanceof Condition.Literal && right.node instanceof Condition.FieldRef) {
            left = operand(m, cmp.left(), Optional.of(right));
        }
        if (left.node instanceof Condition.FieldRef && right.node instanceof Condition.FieldRef) {
            throw new ConditionException("Comparing two fields (`" + raw(cmp.left().span()) + "` and `"
                    + raw(cmp.right().span()) + "`) is not supported; compare a field with a value or a claim.", cmp.span());
        }
        if (cmp.op() == Condition.Comparator.IN) {
            if (right.kind != Kind.LIST && right.kind != Kind.CLAIM) {
                throw new ConditionException("The right side of `in` must be a list `[…]` or a claim of auth(), not "
                        + right.describe + ".", cmp.right().span());
            }
            if (left.kind == Kind.LIST || left.kind == Kind.CALLER) {
                throw new ConditionException("The left side of `in` must be a field, a claim or a value.", cmp.left().span());
            }
            if (right.node instanceof Condition.ListValue list) {
                List<Condition> items = new ArrayList<>();
                for (Condition item : list.items()) {
                    Typed t = operand(m, item, Optional.of(left));
                    if (t.kind == Kind.LIST || t.kind == Kind.CALLER || t.kind == Kind.CONDITION) {
                        throw new ConditionException("A list after `in` holds values or claims.", item.span());
                    }
                    compatible(left, t, Condition.Comparator.EQ, item.span());
                    items.add(t.node);
                }
                return new Condition.Compare(left.node, cmp.op(), new Condition.ListValue(items, list.span()), cmp.span());
            }
            return new Condition.Compare(left.node, cmp.op(), right.node, cmp.span());
        }
        if (left.kind == Kind.LIST || right.kind == Kind.LIST) {
            throw new ConditionException("A list can only follow `in`.", (left.kind == Kind.LIST ? cmp.left() : cmp.right()).span());
        }
        compatible(left, right, cmp.op(), cmp.span());
        return new Condition.Compare(left.node, cmp.op(), right.node, cmp.span());
    }

    private void compatible(Typed a, Typed b, Condition.Comparator op, Span span) throws ConditionException {
        boolean ordering = op != Condition.Comparator.EQ && op != Condition.Comparator.NE;
        if (a.kind == Kind.CALLER || b.kind == Kind.CALLER) {
            Typed other = a.kind == Kind.CALLER ? b : a;
            if (ordering || (other.kind != Kind.NULL && other.kind != Kind.CALLER)) {
                throw new ConditionException("auth() can only be compared with null (`auth() != null`); compare a claim such as auth().id.", span);
            }
            return;
        }
        if (a.kind == Kind.CLAIM || b.kind == Kind.CLAIM) {
            Typed other = a.kind == Kind.CLAIM ? b : a;
            if (ordering && other.kind == Kind.NULL) {
                throw new ConditionException("`" + op.symbol() + "` cannot compare with null.", span);
            }
            return;
        }
        if (a.kind == Kind.NULL || b.kind == Kind.NULL) {
            if (ordering) {
                throw new ConditionException("`" + op.symbol() + "` cannot compare with null; use == null or != null.", span);
            }
            return;
        }
        if (ordering && (a.kind == Kind.BOOLEAN || a.kind == Kind.ENUM || b.kind == Kind.BOOLEAN || b.kind == Kind.ENUM)) {
            throw new ConditionException("`" + op.symbol() + "` compares numbers, strings or dates, not "
                    + (a.kind == Kind.BOOLEAN || a.kind == Kind.ENUM ? a.describe : b.describe) + ".", span);
        }
        if (a.kind == Kind.ENUM && b.kind == Kind.STRING && b.node instanceof Condition.Literal l) {
            enumValue(a, (String) l.value(), l.span());
            return;
        }
        if (b.kind == Kind.ENUM && a.kind == Kind.STRING && a.node instanceof Condition.Literal l) {
            enumValue(b, (String) l.value(), l.span());
            return;
        }
        if (a.kind == Kind.DATETIME && b.kind == Kind.STRING && b.node instanceof Condition.Literal l) {
            dateTime((String) l.value(), l.span());
            return;
        }
        if (b.kind == Kind.DATETIME && a.kind == Kind.STRING && a.node instanceof Condition.Literal l) {
            dateTime((String) l.value(), l.span());
            return;
        }
        if (a.kind != b.kind || (a.kind == Kind.ENUM && !a.enumName.equals(b.enumName))) {
            throw new ConditionException("Type mismatch: cannot compare " + a.describe + " with " + b.describe + ".", span);
        }
    }

    private void enumValue(Typed e, String value, Span span) throws ConditionException {
        if (!enums.getOrDefault(e.enumName, Set.of()).contains(value)) {
            throw new ConditionException("`" + value + "` is not a value of enum " + e.enumName + ".", span);
        }
    }

    private static void dateTime(String value, Span span) throws ConditionException {
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConditionException("`" + value + "` is not an ISO-8601 date-time such as 2026-01-01T00:00:00Z.", span);
        }
    }

    /** Types an operand; {@code other} is the opposite side, which lets a bare name be an enum value. */
    private Typed operand(ModelBlock m, Condition c, Optional<Typed> other) throws ConditionException {
        return switch (c) {
            case Condition.Literal l -> {
                if (l.value() == null) {
                    yield new Typed(l, Kind.NULL, null, "null");
                }
                if (l.value() instanceof String) {
                    yield new Typed(l, Kind.STRING, null, "a string");
                }
                if (l.value() instanceof BigDecimal) {
                    yield new Typed(l, Kind.NUMBER, null, "a number");
                }
                yield new Typed(l, Kind.BOOLEAN, null, "a boolean");
            }
            case Condition.Auth a -> a.claim().isPresent()
                    ? new Typed(a, Kind.CLAIM, null, "a claim")
                    : new Typed(a, Kind.CALLER, null, "auth()");
            case Condition.Now n -> new Typed(n, Kind.DATETIME, null, "now()");
            case Condition.ListValue l -> new Typed(l, Kind.LIST, null, "a list");
            case Condition.FieldRef f -> fieldRef(m, f, other);
            case Condition.Compare cmp -> new Typed(compare(m, cmp), Kind.BOOLEAN, null, "a condition");
            case Condition.And a -> new Typed(condition(m, a), Kind.BOOLEAN, null, "a condition");
            case Condition.Or o -> new Typed(condition(m, o), Kind.BOOLEAN, null, "a condition");
            case Condition.Not n -> new Typed(condition(m, n), Kind.BOOLEAN, null, "a condition");
            case Condition.Arithmetic a -> throw new ConditionException("Arithmetic (`" + a.op().symbol()
                    + "`) is for data rules (@@validate, @@check), not access rules.", a.span());
            case Condition.Call call -> throw new ConditionException("`" + call.function().spelling()
                    + "()` is for data rules (@@validate, @@check); access rules use auth() and now().", call.span());
        };
    }

    private Typed fieldRef(ModelBlock m, Condition.FieldRef f, Optional<Typed> other) throws ConditionException {
        Optional<FieldDeclaration> decl = m.field(f.name());
        if (decl.isEmpty()) {
            if (other.isPresent() && other.get().kind == Kind.ENUM
                    && enums.getOrDefault(other.get().enumName, Set.of()).contains(f.name())) {
                return new Typed(new Condition.Literal(f.name(), f.span()), Kind.STRING, null, "a string");
            }
            throw new ConditionException("Unknown field `" + f.name() + "` in model `" + m.name().text()
                    + "`. A claim of the caller's token is written auth()." + f.name() + ".", f.span());
        }
        TypeReference type = decl.get().type();
        String name = type.name().text();
        String what = "field `" + f.name() + "` (" + name + ")";
        if (models.contains(name)) {
            throw new ConditionException("`" + f.name() + "` is a relation; conditions compare this model's own fields, e.g. its foreign key.", f.span());
        }
        if (decl.get().attribute("ignore").isPresent()) {
            throw new ConditionException("`" + f.name() + "` is @ignore'd: it is not served, so conditions cannot read it.", f.span());
        }
        if (type.arity() == TypeReference.Arity.LIST || type.unsupported().isPresent()) {
            throw new ConditionException("List and Unsupported fields cannot be used in conditions: " + what + ".", f.span());
        }
        if (enums.containsKey(name)) {
            return new Typed(f, Kind.ENUM, name, what);
        }
        Kind kind = switch (name) {
            case "String" -> Kind.STRING;
            case "Int", "BigInt", "Float", "Decimal" -> Kind.NUMBER;
            case "Boolean" -> Kind.BOOLEAN;
            case "DateTime" -> Kind.DATETIME;
            default -> throw new ConditionException(name + " fields cannot be used in conditions: " + what + ".", f.span());
        };
        return new Typed(f, kind, null, what);
    }

    private void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }
}
