package dev.plinth.schema.rules;

import dev.plinth.schema.model.Span;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.ConditionException;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Types one data condition of a model ({@code @@validate}; docs/schema.md, "Validators and model rules"):
 * the model's own scalar fields, literals, enum values, arithmetic on numbers, comparisons (field with
 * field too), {@code in}, the connectives and ZenStack's functions, each operand of a type that fits.
 * It collects the fields the condition reads and compiles the patterns of its {@code regex()} calls.
 */
final class DataConditionTyper {

    /** The type of a condition operand. */
    enum Kind { STRING, NUMBER, BOOLEAN, DATETIME, ENUM, NULL, LIST }

    /**
     * A typed operand.
     *
     * @param node     the operand, rewritten (bare enum values become their stored names)
     * @param kind     its type
     * @param element  for a list, its elements' type (NULL for an empty list literal)
     * @param enumName for an enum (or a list of one), the enum
     * @param describe how messages name it
     */
    record Typed(Condition node, Kind kind, Kind element, String enumName, String describe) {
        Typed(Condition node, Kind kind, String describe) {
            this(node, kind, null, null, describe);
        }
    }

    private final ModelBlock model;
    private final Map<String, Map<String, String>> enums;
    private final Set<String> models;
    private final Function<Span, String> raw;
    private final Function<Span, Optional<String>> regexText;
    /** The schema names of the fields the condition reads, in the order met. */
    final Set<String> fields = new LinkedHashSet<>();
    /** The compiled patterns of the condition's {@code regex()} calls, by their text. */
    final Map<String, Pattern> patterns = new HashMap<>();

    /**
     * Creates a typer for one condition.
     *
     * @param model     the model the condition belongs to
     * @param enums     enum name → value name → stored name
     * @param models    the names of every model (a field of such a type is a relation)
     * @param raw       the source text of a span
     * @param regexText the pattern of a quoted string as written, backslashes kept
     */
    DataConditionTyper(ModelBlock model, Map<String, Map<String, String>> enums, Set<String> models,
                       Function<Span, String> raw, Function<Span, Optional<String>> regexText) {
        this.model = model;
        this.enums = enums;
        this.models = models;
        this.raw = raw;
        this.regexText = regexText;
    }

    /**
     * Types a whole condition, which must be a boolean.
     *
     * @param c the parsed condition
     * @return the condition with bare enum values turned into string literals of their stored names
     * @throws ConditionException at the first misuse
     */
    Condition condition(Condition c) throws ConditionException {
        Typed t = type(c, Optional.empty());
        if (t.kind() != Kind.BOOLEAN) {
            throw new ConditionException("`" + raw(c.span()) + "` is " + t.describe()
                    + ", not a condition; compare it, e.g. `" + raw(c.span()) + " > 0`.", c.span());
        }
        return t.node();
    }

    private String raw(Span span) {
        return raw.apply(span);
    }

    private Optional<String> regexText(Span span) {
        return regexText.apply(span);
    }


    Typed type(Condition c, Optional<Typed> other) throws ConditionException {
        return switch (c) {
            case Condition.Literal l -> {
                if (l.value() == null) {
                    yield new Typed(l, Kind.NULL, "null");
                }
                if (l.value() instanceof String) {
                    if (other.isPresent() && other.get().enumName != null) {
                        yield enumLiteral(other.get().enumName, (String) l.value(), l.span());
                    }
                    yield new Typed(l, Kind.STRING, "a string");
                }
                if (l.value() instanceof BigDecimal) {
                    yield new Typed(l, Kind.NUMBER, "a number");
                }
                yield new Typed(l, Kind.BOOLEAN, "a boolean");
            }
            case Condition.FieldRef f -> field(f, other);
            case Condition.Now n -> new Typed(n, Kind.DATETIME, "now()");
            case Condition.Auth a -> throw new ConditionException("auth() is not available in @@validate: a data rule"
                    + " sees only the row; put conditions on the caller in @@allow/@@deny.", a.span());
            case Condition.ListValue l -> list(l, other);
            case Condition.Arithmetic a -> {
                Typed left = type(a.left(), Optional.empty());
                Typed right = type(a.right(), Optional.empty());
                for (Typed side : List.of(left, right)) {
                    if (side.kind != Kind.NUMBER) {
                        throw new ConditionException("`" + a.op().symbol() + "` computes with numbers; `"
                                + raw(side.node.span()) + "` is " + side.describe + ".", side.node.span());
                    }
                }
                yield new Typed(new Condition.Arithmetic(left.node, a.op(), right.node, a.span()), Kind.NUMBER, "a number");
            }
            case Condition.Compare cmp -> compare(cmp);
            case Condition.And a -> new Typed(new Condition.And(bool(a.left()), bool(a.right()), a.span()), Kind.BOOLEAN, "a condition");
            case Condition.Or o -> new Typed(new Condition.Or(bool(o.left()), bool(o.right()), o.span()), Kind.BOOLEAN, "a condition");
            case Condition.Not n -> new Typed(new Condition.Not(bool(n.part()), n.span()), Kind.BOOLEAN, "a condition");
            case Condition.Call call -> call(call);
        };
    }

    private Condition bool(Condition c) throws ConditionException {
        Typed t = type(c, Optional.empty());
        if (t.kind != Kind.BOOLEAN) {
            throw new ConditionException("`" + raw(c.span()) + "` is " + t.describe + ", not a condition.", c.span());
        }
        return t.node;
    }

    private Typed enumLiteral(String enumName, String value, Span span) throws ConditionException {
        String stored = enums.getOrDefault(enumName, Map.of()).get(value);
        if (stored == null) {
            throw new ConditionException("`" + value + "` is not a value of enum " + enumName + ".", span);
        }
        return new Typed(new Condition.Literal(stored, span), Kind.ENUM, null, enumName, "a value of " + enumName);
    }

    private Typed field(Condition.FieldRef f, Optional<Typed> other) throws ConditionException {
        Optional<FieldDeclaration> decl = model.field(f.name());
        if (decl.isEmpty()) {
            if (other.isPresent() && other.get().enumName != null
                    && enums.getOrDefault(other.get().enumName, Map.of()).containsKey(f.name())) {
                return enumLiteral(other.get().enumName, f.name(), f.span());
            }
            if (other.isPresent() && other.get().enumName != null) {
                throw new ConditionException("`" + f.name() + "` is not a value of enum " + other.get().enumName
                        + " nor a field of " + model.kind().keyword() + " `" + model.name().text() + "`.", f.span());
            }
            throw new ConditionException("Unknown field `" + f.name() + "` in " + model.kind().keyword() + " `" + model.name().text() + "`.", f.span());
        }
        TypeReference type = decl.get().type();
        String name = type.name().text();
        String what = "field `" + f.name() + "` (" + DataRulesCompiler.describe(decl.get()) + ")";
        if (models.contains(name)) {
            throw new ConditionException("`" + f.name() + "` is a relation; @@validate reads this model's own fields.", f.span());
        }
        if (decl.get().attribute("ignore").isPresent()) {
            throw new ConditionException("`" + f.name() + "` is @ignore'd: it is not served, so a rule cannot read it.", f.span());
        }
        if (type.unsupported().isPresent()) {
            throw new ConditionException("Unsupported fields cannot be read by rules: " + what + ".", f.span());
        }
        Kind kind;
        String enumName = null;
        if (enums.containsKey(name)) {
            kind = Kind.ENUM;
            enumName = name;
        } else {
            kind = switch (name) {
                case "String" -> Kind.STRING;
                case "Int", "BigInt", "Float", "Decimal" -> Kind.NUMBER;
                case "Boolean" -> Kind.BOOLEAN;
                case "DateTime" -> Kind.DATETIME;
                default -> throw new ConditionException(name + " fields cannot be read by rules: " + what + ".", f.span());
            };
        }
        fields.add(f.name());
        if (type.arity() == TypeReference.Arity.LIST) {
            return new Typed(f, Kind.LIST, kind, enumName, what);
        }
        return new Typed(f, kind, null, enumName, what);
    }

    private Typed list(Condition.ListValue l, Optional<Typed> other) throws ConditionException {
        Optional<Typed> element = other.map(o -> o.kind == Kind.LIST
                ? new Typed(o.node, o.element, null, o.enumName, o.describe) : o);
        List<Condition> items = new ArrayList<>();
        Kind kind = Kind.NULL;
        String enumName = null;
        for (Condition item : l.items()) {
            Typed t = type(item, element);
            if (t.kind == Kind.LIST || t.kind == Kind.BOOLEAN && !(t.node instanceof Condition.Literal)) {
                throw new ConditionException("A list `[…]` holds values.", item.span());
            }
            if (t.kind != Kind.NULL) {
                if (kind != Kind.NULL && !compatible(kind, t.kind)) {
                    throw new ConditionException("A list mixes " + kind.name().toLowerCase() + " and " + t.describe + ".", item.span());
                }
                kind = t.kind;
                enumName = t.enumName != null ? t.enumName : enumName;
            }
            items.add(t.node);
        }
        return new Typed(new Condition.ListValue(items, l.span()), Kind.LIST, kind, enumName, "a list");
    }

    private Typed compare(Condition.Compare cmp) throws ConditionException {
        Typed left = type(cmp.left(), Optional.empty());
        Typed right = type(cmp.right(), Optional.of(left));
        if (left.node instanceof Condition.Literal && !(right.node instanceof Condition.Literal)) {
            left = type(cmp.left(), Optional.of(right));
        }
        Condition node = new Condition.Compare(left.node, cmp.op(), right.node, cmp.span());
        if (cmp.op() == Condition.Comparator.IN) {
            if (right.kind != Kind.LIST) {
                throw new ConditionException("The right side of `in` must be a list `[…]` or a list field, not "
                        + right.describe + ".", cmp.right().span());
            }
            if (left.kind == Kind.LIST) {
                throw new ConditionException("The left side of `in` is one value; for lists use hasSome() or hasEvery().", cmp.left().span());
            }
            if (right.element != Kind.NULL && left.kind != Kind.NULL && !compatible(left.kind, right.element)) {
                throw new ConditionException("Type mismatch: " + left.describe + " cannot be in " + right.describe + ".", cmp.span());
            }
            return new Typed(node, Kind.BOOLEAN, "a condition");
        }
        if (left.kind == Kind.LIST || right.kind == Kind.LIST) {
            Typed list = left.kind == Kind.LIST ? left : right;
            throw new ConditionException("`" + cmp.op().symbol() + "` compares single values; for " + list.describe
                    + " use has(), hasSome(), hasEvery(), isEmpty() or length().", list.node.span());
        }
        boolean ordering = cmp.op() != Condition.Comparator.EQ && cmp.op() != Condition.Comparator.NE;
        if (left.kind == Kind.NULL || right.kind == Kind.NULL) {
            if (ordering) {
                throw new ConditionException("`" + cmp.op().symbol() + "` cannot compare with null; use == null or != null.", cmp.span());
            }
            return new Typed(node, Kind.BOOLEAN, "a condition");
        }
        if (ordering && (left.kind == Kind.BOOLEAN || left.kind == Kind.ENUM || right.kind == Kind.BOOLEAN || right.kind == Kind.ENUM)) {
            throw new ConditionException("`" + cmp.op().symbol() + "` compares numbers, strings or dates, not "
                    + (left.kind == Kind.BOOLEAN || left.kind == Kind.ENUM ? left.describe : right.describe) + ".", cmp.span());
        }
        dateText(left, right);
        dateText(right, left);
        if (!compatible(left.kind, right.kind) || (left.enumName != null && right.enumName != null && !left.enumName.equals(right.enumName))) {
            throw new ConditionException("Type mismatch: cannot compare " + left.describe + " with " + right.describe + ".", cmp.span());
        }
        return new Typed(node, Kind.BOOLEAN, "a condition");
    }

    /** A DateTime compared with a string literal: the literal must be an ISO-8601 date-time. */
    private void dateText(Typed a, Typed b) throws ConditionException {
        if (a.kind == Kind.DATETIME && b.kind == Kind.STRING && b.node instanceof Condition.Literal l) {
            try {
                java.time.OffsetDateTime.parse((String) l.value());
            } catch (java.time.format.DateTimeParseException e) {
                throw new ConditionException("`" + l.value() + "` is not an ISO-8601 date-time such as 2026-01-01T00:00:00Z.", l.span());
            }
        }
    }

    private static boolean compatible(Kind a, Kind b) {
        return a == b || (a == Kind.DATETIME && b == Kind.STRING) || (a == Kind.STRING && b == Kind.DATETIME)
                || (a == Kind.ENUM && b == Kind.STRING) || (a == Kind.STRING && b == Kind.ENUM);
    }

    private Typed call(Condition.Call call) throws ConditionException {
        String fn = call.function().spelling() + "()";
        List<Condition> args = call.arguments();
        Typed subject = type(args.getFirst(), Optional.empty());
        List<Condition> out = new ArrayList<>();
        out.add(subject.node);
        switch (call.function()) {
            case LENGTH -> {
                if (subject.kind != Kind.STRING && subject.kind != Kind.LIST) {
                    throw mismatch(fn, "a String or a list", subject);
                }
                if (args.size() < 2) {
                    throw new ConditionException(fn + " needs a minimum: length(field, min, max?).", call.span());
                }
                for (Condition bound : args.subList(1, args.size())) {
                    Typed t = type(bound, Optional.empty());
                    if (t.kind != Kind.NUMBER) {
                        throw mismatch(fn, "numbers as its bounds", t);
                    }
                    out.add(t.node);
                }
            }
            case REGEX, STARTS_WITH, ENDS_WITH, CONTAINS -> {
                if (subject.kind != Kind.STRING) {
                    throw mismatch(fn, "a String", subject);
                }
                Typed text = type(args.get(1), Optional.empty());
                if (text.kind != Kind.STRING) {
                    throw mismatch(fn, "a string as its second argument", text);
                }
                if (call.function() == Condition.Function.REGEX) {
                    if (!(text.node instanceof Condition.Literal l)) {
                        throw new ConditionException("The pattern of regex() must be a string literal.", text.node.span());
                    }
                    String p = regexText(l.span()).orElse((String) l.value());
                    text = new Typed(new Condition.Literal(p, l.span()), Kind.STRING, "a string");
                    try {
                        patterns.put(p, Pattern.compile(p));
                    } catch (PatternSyntaxException e) {
                        throw new ConditionException("The regular expression /" + p + "/ does not compile: " + e.getDescription() + ".", l.span());
                    }
                }
                out.add(text.node);
            }
            case EMAIL, URL -> {
                if (subject.kind != Kind.STRING) {
                    throw mismatch(fn, "a String", subject);
                }
            }
            case HAS -> {
                if (subject.kind != Kind.LIST) {
                    throw mismatch(fn, "a list field", subject);
                }
                Typed value = type(args.get(1), Optional.of(new Typed(subject.node, subject.element, null, subject.enumName, subject.describe)));
                if (value.kind == Kind.LIST || value.kind == Kind.NULL || !compatible(subject.element, value.kind)) {
                    throw new ConditionException("Type mismatch: " + subject.describe + " cannot hold " + value.describe + ".", value.node.span());
                }
                out.add(value.node);
            }
            case HAS_SOME, HAS_EVERY -> {
                if (subject.kind != Kind.LIST) {
                    throw mismatch(fn, "a list field", subject);
                }
                Typed values = type(args.get(1), Optional.of(subject));
                if (values.kind != Kind.LIST || (values.element != Kind.NULL && !compatible(subject.element, values.element))) {
                    throw new ConditionException("Type mismatch: " + fn + " needs a list of values like the elements of "
                            + subject.describe + "; got " + values.describe + ".", values.node.span());
                }
                out.add(values.node);
            }
            case IS_EMPTY -> {
                if (subject.kind != Kind.LIST) {
                    throw mismatch(fn, "a list field", subject);
                }
            }
        }
        return new Typed(new Condition.Call(call.function(), out, call.span()), Kind.BOOLEAN, "a condition");
    }

    private ConditionException mismatch(String fn, String wants, Typed got) {
        return new ConditionException(fn + " takes " + wants + "; `" + raw(got.node.span()) + "` is " + got.describe + ".", got.node.span());
    }
}
