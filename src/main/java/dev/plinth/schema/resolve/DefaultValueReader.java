package dev.plinth.schema.resolve;

import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Expression;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the expression of a {@code @default(…)} into a typed {@link DefaultValue}.
 *
 * <p>Reads what the validator has accepted; for an expression it does not understand it returns
 * empty rather than failing. Source: Prisma schema reference, "@default"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#default).
 */
public final class DefaultValueReader {

    private DefaultValueReader() {
    }

    /**
     * Reads a default value.
     *
     * @param expression the first argument of {@code @default}
     * @param enumField  true when the field's type is an enum, so a bare name is an enum value
     * @return the typed value, or empty when the expression is not a default Prisma knows
     */
    public static Optional<DefaultValue> read(Expression expression, boolean enumField) {
        return switch (expression) {
            case Expression.StringValue s -> Optional.of(new DefaultValue.StringLiteral(s.value()));
            case Expression.NumberValue n -> number(n.text());
            case Expression.ConstantValue c -> constant(c.text(), enumField);
            case Expression.ArrayValue a -> list(a, enumField);
            case Expression.FunctionCall f -> function(f);
        };
    }

    /**
     * Reads a Decimal default: a number, or a string holding one ({@code @default("2.00")}), which
     * Prisma accepts for Decimal fields and treats as the number (its DMMF shows {@code 2}).
     *
     * @param value the default as {@link #read} typed it
     * @return the value with decimal strings turned into numbers, in lists too
     */
    public static DefaultValue decimal(DefaultValue value) {
        return switch (value) {
            case DefaultValue.StringLiteral s -> decimal(s.value()).<DefaultValue>map(DefaultValue.NumberLiteral::new).orElse(value);
            case DefaultValue.ListLiteral l -> new DefaultValue.ListLiteral(l.values().stream().map(DefaultValueReader::decimal).toList());
            default -> value;
        };
    }

    /**
     * Parses a decimal number written as a string.
     *
     * @param text the string's content, e.g. {@code 2.00}
     * @return the number, or empty when the text is not a plain decimal (no exponent, no spaces)
     */
    public static Optional<BigDecimal> decimal(String text) {
        return text.matches("-?\\d+(\\.\\d+)?") ? Optional.of(new BigDecimal(text)) : Optional.empty();
    }

    private static Optional<DefaultValue> number(String text) {
        try {
            return Optional.of(new DefaultValue.NumberLiteral(new BigDecimal(text)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<DefaultValue> constant(String text, boolean enumField) {
        if (!enumField && (text.equals("true") || text.equals("false"))) {
            return Optional.of(new DefaultValue.BooleanLiteral(Boolean.parseBoolean(text)));
        }
        return Optional.of(new DefaultValue.EnumLiteral(text));
    }

    private static Optional<DefaultValue> list(Expression.ArrayValue array, boolean enumField) {
        List<DefaultValue> values = new ArrayList<>();
        for (Expression element : array.elements()) {
            Optional<DefaultValue> value = read(element, enumField);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        return Optional.of(new DefaultValue.ListLiteral(values));
    }

    private static Optional<DefaultValue> function(Expression.FunctionCall call) {
        List<Argument> arguments = call.arguments();
        Optional<Integer> intArgument = arguments.isEmpty() ? Optional.empty() : integer(arguments.get(0).value());
        return switch (call.name()) {
            case "autoincrement" -> Optional.of(new DefaultValue.Autoincrement());
            case "now" -> Optional.of(new DefaultValue.Now());
            case "uuid" -> Optional.of(new DefaultValue.Uuid(intArgument.orElse(4)));
            case "cuid" -> Optional.of(new DefaultValue.Cuid(intArgument.orElse(1)));
            case "nanoid" -> Optional.of(new DefaultValue.Nanoid(intArgument));
            case "ulid" -> Optional.of(new DefaultValue.Ulid());
            case "prefixed" -> arguments.size() == 1 && arguments.get(0).value() instanceof Expression.StringValue s
                    ? Optional.of(new DefaultValue.Prefixed(s.value())) : Optional.empty();
            case "between" -> BetweenArguments.of(call).map(r -> new DefaultValue.Between(r.min(), r.max()));
            case "dbgenerated" -> Optional.of(new DefaultValue.DbGenerated(arguments.isEmpty() ? Optional.empty()
                    : Optional.of(arguments.get(0).value() instanceof Expression.StringValue s ? s.value() : "")));
            default -> Optional.of(new DefaultValue.OtherFunction(call.name(), arguments.stream().map(a -> text(a.value())).toList()));
        };
    }

    private static Optional<Integer> integer(Expression expression) {
        if (expression instanceof Expression.NumberValue n) {
            try {
                return Optional.of(Integer.parseInt(n.text()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static String text(Expression expression) {
        return switch (expression) {
            case Expression.StringValue s -> s.value();
            case Expression.NumberValue n -> n.text();
            case Expression.ConstantValue c -> c.text();
            case Expression.FunctionCall f -> f.name() + "()";
            case Expression.ArrayValue a -> a.elements().stream().map(DefaultValueReader::text).toList().toString();
        };
    }
}
