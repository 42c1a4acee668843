package dev.plinth.schema.check;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.ConditionException;
import dev.plinth.schema.policy.ConditionParser;
import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.resolve.SchemaNames;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code @@check(condition, name: "…")} attributes of one model block into
 * {@link CheckConstraint}s, reporting with line and column every condition that SQLite and PostgreSQL
 * could not both enforce the same way.
 *
 * <p>The condition language is the access rules' ({@link ConditionParser}, after ZenStack's expressions).
 * A CHECK constraint sees only the row being written, so it accepts: the model's own scalar and enum
 * fields, literals, {@code ==} and {@code !=} on any of them, {@code < <= > >=} on numbers and between two
 * DateTime fields, {@code in [literals]}, {@code &&}, {@code ||} and {@code !}, arithmetic {@code + - * /}
 * on numbers and {@code length(field)} of a String. It refuses {@code auth()} (the database does not know
 * the caller), {@code now()} (PostgreSQL requires CHECK expressions to be immutable: "CREATE TABLE",
 * https://www.postgresql.org/docs/current/sql-createtable.html), relation and list fields, Json, Bytes and
 * {@code Unsupported} fields, and ordering comparisons on text and enums (SQLite compares text bytewise and
 * enums as text, PostgreSQL by collation and by the enum's declaration order, so the same row could pass
 * on one and fail on the other).
 */
public final class CheckReader {

    /** The block attribute's name. */
    public static final String ATTRIBUTE = "check";

    private final SchemaNames names;
    private final String source;
    private final List<Diagnostic> diagnostics;

    /**
     * Creates a reader.
     *
     * @param names       the schema's names (models, composite types, enums)
     * @param source      the schema text (conditions are read from it by span)
     * @param diagnostics where problems are reported
     */
    public CheckReader(SchemaNames names, String source, List<Diagnostic> diagnostics) {
        this.names = names;
        this.source = source;
        this.diagnostics = diagnostics;
    }

    /**
     * Reads the checks of one block.
     *
     * @param block       a model, view or type block
     * @param table       the block's table name (for the derived constraint names)
     * @param constraints the naming rules of the datasource's provider
     * @return the checks that are valid, in declaration order; problems are reported to the diagnostics
     */
    public List<CheckConstraint> read(ModelBlock block, String table, ConstraintNames constraints) {
        List<Attribute> attributes = block.attributes(ATTRIBUTE);
        if (attributes.isEmpty()) {
            return List.of();
        }
        List<CheckConstraint> checks = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Map<String, String> keys = keyConstraints(block, table, constraints);
        int n = 0;
        for (Attribute attribute : attributes) {
            n++;
            if (block.kind() != ModelBlock.Kind.MODEL) {
                error("@@check is a CHECK constraint of a table; a " + block.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + " has none.", attribute.nameSpan());
                continue;
            }
            Optional<CheckConstraint> check = check(block, attribute, table, n, constraints);
            if (check.isPresent()) {
                if (keys.containsKey(check.get().name())) {
                    error("The @@check name \"" + check.get().name() + "\" is already the name of " + keys.get(check.get().name())
                            + " of model `" + block.name().text() + "`; a table's constraints need different names.", attribute.span());
                    continue;
                }
                if (!seen.add(check.get().name())) {
                    error("Two @@check constraints of model `" + block.name().text() + "` are named \"" + check.get().name()
                            + "\"; constraint names must differ.", attribute.span());
                    continue;
                }
                checks.add(check.get());
            }
        }
        return checks;
    }

    /**
     * The names of the table's other constraints, which share a namespace with its CHECK constraints on PostgreSQL
     * ({@code pg_constraint}): the primary key and the foreign keys, named as {@code ModelResolver} and
     * {@code RelationResolver} name them. Unique constraints and indexes are indexes there, not constraints.
     */
    private Map<String, String> keyConstraints(ModelBlock block, String table, ConstraintNames constraints) {
        Map<String, String> out = new HashMap<>();
        Optional<String> idMap = block.attribute("id").flatMap(a -> ArgumentValues.namedString(a, "map"))
                .or(() -> block.fields().stream().flatMap(f -> f.attribute("id").stream()).findFirst()
                        .flatMap(a -> ArgumentValues.namedString(a, "map")));
        out.put(idMap.orElse(constraints.primaryKey(table)), "the primary key");
        for (FieldDeclaration field : block.fields()) {
            Optional<Attribute> relation = field.attribute("relation");
            if (relation.isEmpty()) {
                continue;
            }
            List<String> fields = ArgumentValues.fieldNames(relation.get().arguments().stream()
                    .filter(a -> a.name().map(i -> i.text().equals("fields")).orElse(false)).findFirst());
            if (!fields.isEmpty()) {
                String name = ArgumentValues.namedString(relation.get(), "map").orElse(constraints.foreignKey(table,
                        fields.stream().map(f -> names.columnName(block, f)).toList()));
                out.put(name, "the foreign key of `" + field.name().text() + "`");
            }
        }
        return out;
    }

    private Optional<CheckConstraint> check(ModelBlock block, Attribute attribute, String table, int n, ConstraintNames constraints) {
        Optional<Argument> conditionArgument = attribute.arguments().stream().filter(a -> a.name().isEmpty()).findFirst();
        if (conditionArgument.isEmpty()) {
            error("@@check needs a condition, e.g. @@check(price > 0).", attribute.span());
            return Optional.empty();
        }
        String name = constraints.check(table, n);
        Optional<Argument> nameArgument = attribute.arguments().stream()
                .filter(a -> a.name().map(i -> i.text().equals("name")).orElse(false)).findFirst();
        if (nameArgument.isPresent()) {
            Optional<String> given = stringLiteral(text(nameArgument.get().value().span()));
            if (given.isEmpty() || given.get().isBlank()) {
                error("The name of a @@check is a non-empty string, e.g. name: \"price_positive\".", nameArgument.get().value().span());
                return Optional.empty();
            }
            name = given.get();
        }
        Span span = conditionArgument.get().value().span();
        String text = text(span);
        Condition condition;
        try {
            condition = ConditionParser.parse(text, span);
        } catch (ConditionException e) {
            error(e.getMessage(), e.span());
            return Optional.empty();
        }
        try {
            Type type = new Typing(block).type(condition);
            if (type != Type.BOOLEAN) {
                throw new ConditionException("A @@check condition is true or false; `" + text.strip() + "` is "
                        + type.describe() + ".", condition.span());
            }
        } catch (ConditionException e) {
            error(e.getMessage(), e.span());
            return Optional.empty();
        }
        return Optional.of(new CheckConstraint(name, condition, text.strip(), attribute.span()));
    }

    /** What a part of a condition yields. */
    private enum Type {
        NUMBER("a number"), STRING("a text"), BOOLEAN("true or false"), DATETIME("a DateTime"), ENUM("an enum value"),
        NULL("null"), LIST("a list");

        private final String describe;

        Type(String describe) {
            this.describe = describe;
        }

        String describe() {
            return describe;
        }
    }

    /** Infers the type of each node of one block's condition, refusing what a CHECK constraint cannot hold. */
    private final class Typing {

        private final ModelBlock block;

        Typing(ModelBlock block) {
            this.block = block;
        }

        Type type(Condition c) throws ConditionException {
            return switch (c) {
                case Condition.Literal l -> l.value() == null ? Type.NULL : l.isString() ? Type.STRING : l.isNumber() ? Type.NUMBER : Type.BOOLEAN;
                case Condition.FieldRef f -> field(f);
                case Condition.Auth a -> throw new ConditionException("auth() cannot be used in @@check: the database does not know "
                        + "the caller. Use @@allow / @@deny for rules about the caller.", a.span());
                case Condition.Now now -> throw new ConditionException("now() cannot be used in @@check: a CHECK constraint must hold "
                        + "for ever, and PostgreSQL requires its expression to be immutable.", now.span());
                case Condition.ListValue list -> throw new ConditionException("A list is only allowed on the right of `in`.", list.span());
                case Condition.And and -> connective(and.left(), and.right(), "&&");
                case Condition.Or or -> connective(or.left(), or.right(), "||");
                case Condition.Not not -> {
                    if (type(not.part()) != Type.BOOLEAN) {
                        throw new ConditionException("`!` applies to a condition (true or false).", not.part().span());
                    }
                    yield Type.BOOLEAN;
                }
                case Condition.Compare compare -> compare(compare);
                case Condition.Arithmetic arithmetic -> arithmetic(arithmetic);
                case Condition.Call call -> call(call);
                default -> extension(c);
            };
        }

        private Type extension(Condition c) throws ConditionException {
            throw new ConditionException("This expression cannot be used in @@check: a CHECK constraint holds the row's fields, "
                    + "literals, comparisons, arithmetic, &&, ||, ! and length().", c.span());
        }

        /** {@code a + b}, {@code a - b}, {@code a * b}, {@code a / b} (and {@code -a}, read as {@code 0 - a}): numbers only. */
        private Type arithmetic(Condition.Arithmetic a) throws ConditionException {
            for (Condition side : List.of(a.left(), a.right())) {
                Type t = type(side);
                if (t != Type.NUMBER) {
                    throw new ConditionException("`" + a.op().symbol() + "` computes with numbers; this is " + t.describe() + ".", side.span());
                }
            }
            return Type.NUMBER;
        }

        /**
         * {@code length(field, min, max?)}, ZenStack's: true when the String's length in characters lies within the
         * bounds (both databases count characters: SQLite's and PostgreSQL's {@code length()}). The other functions
         * are Plinth's checks in {@code @@validate}, not the database's.
         */
        private Type call(Condition.Call call) throws ConditionException {
            String fn = call.function().spelling() + "()";
            if (call.function() != Condition.Function.LENGTH) {
                throw new ConditionException(fn + " cannot be used in @@check: SQLite and PostgreSQL do not evaluate it alike. "
                        + "Use it in @@validate, which Plinth checks before writing; @@check takes length() of the functions.", call.span());
            }
            List<Condition> args = call.arguments();
            if (args.isEmpty() || !(args.get(0) instanceof Condition.FieldRef) || type(args.get(0)) != Type.STRING) {
                throw new ConditionException(fn + " in @@check takes a String field of the model first: length(field, min, max?).",
                        args.isEmpty() ? call.span() : args.get(0).span());
            }
            if (args.size() < 2) {
                throw new ConditionException(fn + " needs a minimum: length(field, min, max?).", call.span());
            }
            for (Condition bound : args.subList(1, args.size())) {
                if (type(bound) != Type.NUMBER) {
                    throw new ConditionException(fn + " takes numbers as its bounds.", bound.span());
                }
            }
            return Type.BOOLEAN;
        }

        private Type connective(Condition left, Condition right, String op) throws ConditionException {
            if (type(left) != Type.BOOLEAN) {
                throw new ConditionException("Both sides of `" + op + "` are conditions (true or false).", left.span());
            }
            if (type(right) != Type.BOOLEAN) {
                throw new ConditionException("Both sides of `" + op + "` are conditions (true or false).", right.span());
            }
            return Type.BOOLEAN;
        }

        private Type compare(Condition.Compare c) throws ConditionException {
            if (c.op() == Condition.Comparator.IN) {
                return in(c);
            }
            Type left = type(c.left());
            Type right = type(c.right());
            boolean equality = c.op() == Condition.Comparator.EQ || c.op() == Condition.Comparator.NE;
            if (left == Type.NULL || right == Type.NULL) {
                if (!equality || left == right) {
                    throw new ConditionException("null is compared with `==` or `!=` to a field.", c.span());
                }
                return Type.BOOLEAN;
            }
            if (left == Type.ENUM || right == Type.ENUM) {
                enumComparison(c, equality);
                return Type.BOOLEAN;
            }
            if (left != right) {
                throw new ConditionException("`" + c.op().symbol() + "` compares " + left.describe() + " with " + right.describe()
                        + "; both sides must be of one type.", c.span());
            }
            if (!equality && left != Type.NUMBER && left != Type.DATETIME) {
                throw new ConditionException("`" + c.op().symbol() + "` orders numbers or DateTime fields; " + left.describe()
                        + " can only be compared with `==` or `!=` in @@check (SQLite and PostgreSQL order text differently).", c.span());
            }
            if (left == Type.DATETIME && !(c.left() instanceof Condition.FieldRef && c.right() instanceof Condition.FieldRef)) {
                throw new ConditionException("DateTime values are compared field to field in @@check (SQLite and PostgreSQL store "
                        + "them differently, so a literal would not compare the same way).", c.span());
            }
            return Type.BOOLEAN;
        }

        private void enumComparison(Condition.Compare c, boolean equality) throws ConditionException {
            if (!equality) {
                throw new ConditionException("`" + c.op().symbol() + "` does not order enum values in @@check (PostgreSQL orders them "
                        + "by declaration, SQLite by name); use `==`, `!=` or `in`.", c.span());
            }
            Condition.FieldRef field = c.left() instanceof Condition.FieldRef f && enumOf(f).isPresent() ? f
                    : c.right() instanceof Condition.FieldRef f2 && enumOf(f2).isPresent() ? f2 : null;
            Condition other = field == c.left() ? c.right() : c.left();
            if (field == null) {
                throw new ConditionException("An enum value is compared with a field of its enum.", c.span());
            }
            EnumBlock type = enumOf(field).orElseThrow();
            if (other instanceof Condition.FieldRef f && enumOf(f).map(e -> e == type).orElse(false)) {
                return;
            }
            enumValue(type, other);
        }

        private void enumValue(EnumBlock type, Condition value) throws ConditionException {
            if (!(value instanceof Condition.Literal l && l.isString())) {
                throw new ConditionException("A field of enum `" + type.name().text() + "` is compared with a value of it, written as "
                        + "a string, e.g. \"" + type.values().stream().findFirst().map(v -> v.name().text()).orElse("VALUE") + "\".", value.span());
            }
            String v = (String) l.value();
            if (type.values().stream().noneMatch(x -> x.name().text().equals(v))) {
                throw new ConditionException("\"" + v + "\" is not a value of enum `" + type.name().text() + "`.", value.span());
            }
        }

        private Type in(Condition.Compare c) throws ConditionException {
            if (!(c.right() instanceof Condition.ListValue list) || list.items().isEmpty()) {
                throw new ConditionException("`in` takes a non-empty list of values, e.g. status in [\"draft\", \"sent\"].", c.right().span());
            }
            Type left = type(c.left());
            Optional<EnumBlock> enumType = c.left() instanceof Condition.FieldRef f ? enumOf(f) : Optional.empty();
            for (Condition item : list.items()) {
                if (!(item instanceof Condition.Literal l) || l.value() == null) {
                    throw new ConditionException("The list of `in` holds literal values (no fields, no null).", item.span());
                }
                if (enumType.isPresent()) {
                    enumValue(enumType.get(), item);
                } else if (type(item) != left || left == Type.BOOLEAN) {
                    throw new ConditionException("`in` compares " + left.describe() + " with a list of the same type.", item.span());
                }
            }
            return Type.BOOLEAN;
        }

        private Optional<EnumBlock> enumOf(Condition.FieldRef f) {
            return block.field(f.name()).map(d -> names.enums().get(d.type().name().text()));
        }

        private Type field(Condition.FieldRef f) throws ConditionException {
            Optional<FieldDeclaration> declaration = block.field(f.name());
            if (declaration.isEmpty()) {
                throw new ConditionException("Unknown field `" + f.name() + "` in @@check: model `" + block.name().text()
                        + "` has no such field.", f.span());
            }
            TypeReference type = declaration.get().type();
            String typeName = type.name().text();
            if (names.models().containsKey(typeName) || names.types().containsKey(typeName)) {
                throw new ConditionException("`" + f.name() + "` is a relation or composite field; a CHECK constraint sees only the "
                        + "row's own columns.", f.span());
            }
            if (type.arity() == TypeReference.Arity.LIST) {
                throw new ConditionException("`" + f.name() + "` is a list; @@check compares single values.", f.span());
            }
            if (declaration.get().attribute("ignore").isPresent()) {
                throw new ConditionException("`" + f.name() + "` is @ignore'd; @@check names the fields Plinth serves.", f.span());
            }
            if (names.enums().containsKey(typeName)) {
                return Type.ENUM;
            }
            return switch (typeName) {
                case "Int", "BigInt", "Float", "Decimal" -> Type.NUMBER;
                case "String" -> Type.STRING;
                case "Boolean" -> Type.BOOLEAN;
                case "DateTime" -> Type.DATETIME;
                default -> throw new ConditionException("`" + f.name() + "` is " + typeName + "; @@check compares numbers, text, "
                        + "booleans, enums and DateTime fields.", f.span());
            };
        }
    }

    private String text(Span span) {
        if (span.endOffset() <= source.length() && span.startOffset() <= span.endOffset()) {
            return source.substring(span.startOffset(), span.endOffset());
        }
        return "";
    }

    /** A double-quoted string as the schema writes one, unescaped; empty when the text is not one. */
    private static Optional<String> stringLiteral(String text) {
        String t = text.strip();
        if (t.length() < 2 || !t.startsWith("\"") || !t.endsWith("\"")) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 1; i < t.length() - 1; i++) {
            char c = t.charAt(i);
            if (c == '\\' && i + 1 < t.length() - 1) {
                c = t.charAt(++i);
            } else if (c == '"') {
                return Optional.empty();
            }
            out.append(c);
        }
        return Optional.of(out.toString());
    }

    private void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }
}
