package dev.plinth.schema.resolve;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;

import java.util.List;
import java.util.Optional;

/** Reads typed values out of attribute arguments, leniently: a value of the wrong shape reads as empty. */
public final class ArgumentValues {

    private ArgumentValues() {
    }

    /**
     * Returns a string argument's value.
     *
     * @param attribute the attribute
     * @param name      the argument's name; the first positional argument is used when it is absent
     * @return the string, or empty when absent or not a string
     */
    public static Optional<String> string(Attribute attribute, String name) {
        return attribute.namedOrFirst(name).flatMap(a -> string(a.value()));
    }

    /**
     * Returns a named string argument's value, never a positional one.
     *
     * @param attribute the attribute
     * @param name      the argument's name
     * @return the string, or empty
     */
    public static Optional<String> namedString(Attribute attribute, String name) {
        return attribute.named(name).flatMap(a -> string(a.value()));
    }

    /**
     * Returns the database name an attribute gives its index or constraint explicitly: {@code map:}, or
     * for {@code @@index} alone also {@code name:}, which Prisma 3 and later read as a legacy alias of
     * {@code map:} (a normal index has no client name). Source: prisma-engines,
     * {@code psl/parser-database/src/attributes.rs}, {@code model_index}: "accept name arg on normal
     * indexes and use it as map arg"; giving both is an error there and in Plinth's validator.
     *
     * @param attribute an {@code @id}, {@code @unique}, {@code @@id}, {@code @@unique}, {@code @@index} or {@code @@fulltext}
     * @return the explicit database name, or empty when Prisma's default name applies
     */
    public static Optional<String> mappedName(Attribute attribute) {
        Optional<String> map = namedString(attribute, "map");
        if (map.isPresent() || !attribute.block() || !attribute.name().equals("index")) {
            return map;
        }
        return namedString(attribute, "name");
    }

    /** Returns the value of a string expression, or empty for other expressions. */
    public static Optional<String> string(Expression expression) {
        return expression instanceof Expression.StringValue s ? Optional.of(s.value()) : Optional.empty();
    }

    /** Returns the text of a constant expression ({@code Cascade}, {@code Desc}), or empty for other expressions. */
    public static Optional<String> constant(Expression expression) {
        return expression instanceof Expression.ConstantValue c ? Optional.of(c.text()) : Optional.empty();
    }

    /**
     * Returns the elements of an array argument; a single value counts as a one-element array, as in Prisma.
     *
     * @param argument the argument, possibly absent
     * @return the elements, empty when absent
     */
    public static List<Expression> list(Optional<Argument> argument) {
        if (argument.isEmpty()) {
            return List.of();
        }
        Expression value = argument.get().value();
        return value instanceof Expression.ArrayValue array ? array.elements() : List.of(value);
    }

    /**
     * Returns the field name an element of a field list names: {@code email} or {@code email(sort: Desc)}.
     *
     * @param element an element of a {@code fields:} list
     * @return the field name, or empty when the element is not a name
     */
    public static Optional<String> fieldName(Expression element) {
        return switch (element) {
            case Expression.ConstantValue c -> Optional.of(c.text());
            case Expression.FunctionCall f -> Optional.of(f.name());
            default -> Optional.empty();
        };
    }

    /** Returns the names of the field list in an argument, skipping elements that are not names. */
    public static List<String> fieldNames(Optional<Argument> argument) {
        return list(argument).stream().map(ArgumentValues::fieldName).flatMap(Optional::stream).toList();
    }

    /** Returns the text of an expression that is a number, string or constant, for native type arguments. */
    public static String text(Expression expression) {
        return switch (expression) {
            case Expression.StringValue s -> s.value();
            case Expression.NumberValue n -> n.text();
            case Expression.ConstantValue c -> c.text();
            case Expression.FunctionCall f -> f.name();
            case Expression.ArrayValue a -> a.elements().stream().map(ArgumentValues::text).toList().toString();
        };
    }
}
