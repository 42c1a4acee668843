package dev.plinth.schema.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.schema.resolve.DefaultValueReader;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that each {@code @default} fits its field: literals of the field's type, enum values of the
 * field's enum, {@code autoincrement()} only on {@code Int}/{@code BigInt}, {@code now()} only on
 * {@code DateTime}, {@code uuid()}, {@code cuid()}, {@code nanoid()}, {@code ulid()} only on
 * {@code String} and with the arguments Prisma allows; Plinth's {@code prefixed("…")} only on {@code String}
 * (its argument is checked by {@link IdentifierRules}).
 * Source: Prisma schema reference, "@default" and "Attribute functions"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#attribute-functions).
 */
final class DefaultRules implements Rule {

    private static final String PREFIX = "Error parsing attribute \"@default\": ";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                Optional<Attribute> attribute = field.attribute("default");
                Optional<Expression> value = attribute.flatMap(a -> a.namedOrFirst("value")).map(Argument::value);
                if (value.isPresent() && !context.names().models().containsKey(field.type().name().text())) {
                    check(context, field, value.get());
                }
            }
        }
    }

    private static void check(ValidationContext context, FieldDeclaration field, Expression value) {
        if (value instanceof Expression.FunctionCall call) {
            function(context, field, call);
            return;
        }
        if (field.type().arity() == TypeReference.Arity.LIST) {
            if (!(value instanceof Expression.ArrayValue array)) {
                context.error(PREFIX + "The default value of a list field must be a list.", value.span());
                return;
            }
            array.elements().forEach(element -> literal(context, field, element));
            return;
        }
        literal(context, field, value);
    }

    private static void literal(ValidationContext context, FieldDeclaration field, Expression value) {
        String type = field.type().name().text();
        EnumBlock enumBlock = context.names().enums().get(type);
        if (enumBlock != null) {
            boolean known = value instanceof Expression.ConstantValue c
                    && enumBlock.values().stream().anyMatch(v -> v.name().text().equals(c.text()));
            if (!known) {
                context.error(PREFIX + "The defined default value `" + context.raw(value)
                        + "` is not a valid value of the enum specified for the field.", value.span());
            }
            return;
        }
        boolean fits = switch (type) {
            case "String" -> value instanceof Expression.StringValue;
            case "Int", "BigInt" -> value instanceof Expression.NumberValue n && n.text().matches("-?\\d+");
            case "Float" -> value instanceof Expression.NumberValue;
            // Prisma also takes a Decimal default as a string, `@default("2.00")` (prisma-engines,
            // psl/parser-database/src/attributes/default.rs, `validate_scalar_default_literal`); Plinth
            // requires the string to be a decimal number, since it becomes the column's numeric default.
            case "Decimal" -> value instanceof Expression.NumberValue
                    || value instanceof Expression.StringValue s && DefaultValueReader.decimal(s.value()).isPresent();
            case "Boolean" -> value instanceof Expression.ConstantValue c && (c.text().equals("true") || c.text().equals("false"));
            case "DateTime" -> value instanceof Expression.StringValue s && isDateTime(s.value());
            case "Json" -> value instanceof Expression.StringValue s && isJson(s.value());
            case "Bytes" -> value instanceof Expression.StringValue s && isBase64(s.value());
            default -> field.type().unsupported().isEmpty();
        };
        if (!fits) {
            context.error(PREFIX + "Expected " + article(type) + " value, but received " + describe(value)
                    + " value `" + context.raw(value) + "`.", value.span());
        }
    }

    private static void function(ValidationContext context, FieldDeclaration field, Expression.FunctionCall call) {
        String type = field.type().name().text();
        String name = call.name();
        Set<String> allowedTypes = switch (name) {
            case "autoincrement" -> Set.of("Int", "BigInt");
            case "now" -> Set.of("DateTime");
            case "uuid", "cuid", "nanoid", "ulid" -> Set.of("String");
            case "prefixed" -> Set.of("String"); // Plinth's prefixed ids: the prefix is checked by IdentifierRules
            case "between" -> Set.of("Int", "Float"); // the data-model spec's: arguments checked by BetweenRules
            case "dbgenerated" -> Set.of();
            case "sequence" -> Set.of("Int", "BigInt");
            case "auth" -> Set.of(); // @default(auth().claim): checked by PolicyRules
            default -> null;
        };
        if (allowedTypes == null) {
            context.error(PREFIX + "Unknown function in @default(): `" + name + "` is not known. You can read about the"
                    + " available functions here: https://pris.ly/d/attribute-functions", call.span());
            return;
        }
        if (!allowedTypes.isEmpty() && !allowedTypes.contains(type)) {
            context.error(PREFIX + "The function `" + name + "()` cannot be used on fields of type `" + type + "`.", call.span());
            return;
        }
        switch (name) {
            case "uuid" -> intArgument(context, call, Set.of(4, 7), "which is either 4 or 7");
            case "cuid" -> intArgument(context, call, Set.of(1, 2), "which is either 1 or 2");
            case "nanoid" -> nanoidArgument(context, call);
            case "dbgenerated" -> {
                if (call.arguments().size() > 1 || (call.arguments().size() == 1
                        && !(call.arguments().get(0).value() instanceof Expression.StringValue))) {
                    context.error(PREFIX + "`dbgenerated()` takes a single String argument", call.span());
                }
            }
            case "auth", "prefixed", "between" -> {
            }
            case "sequence" -> {
                if (!context.provider().equals("cockroachdb")) {
                    context.error(PREFIX + "The function `sequence()` is only supported on CockroachDB.", call.span());
                }
            }
            default -> {
                if (!call.arguments().isEmpty()) {
                    context.error(PREFIX + "The function `" + name + "()` takes no arguments.", call.span());
                }
            }
        }
    }

    private static void intArgument(ValidationContext context, Expression.FunctionCall call, Set<Integer> allowed, String which) {
        Optional<Integer> value = singleInt(context, call);
        if (value.isPresent() && !allowed.contains(value.get())) {
            context.error(PREFIX + "`" + call.name() + "()` takes either no argument, or a single integer argument " + which + ".",
                    call.span());
        }
    }

    private static void nanoidArgument(ValidationContext context, Expression.FunctionCall call) {
        Optional<Integer> value = singleInt(context, call);
        if (value.isPresent() && (value.get() < 2 || value.get() > 255)) {
            context.error(PREFIX + "`nanoid()` takes either no argument, or a single integer argument between 2 and 255.",
                    call.span());
        }
    }

    /** Returns the single integer argument; reports a non-integer one; empty without arguments. */
    private static Optional<Integer> singleInt(ValidationContext context, Expression.FunctionCall call) {
        if (call.arguments().isEmpty()) {
            return Optional.empty();
        }
        Expression argument = call.arguments().get(0).value();
        if (call.arguments().size() > 1 || !(argument instanceof Expression.NumberValue n) || !n.text().matches("-?\\d{1,9}")) {
            context.error(PREFIX + "`" + call.name() + "()` takes a single Int argument.", call.span());
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(n.text()));
    }

    private static String article(String type) {
        return switch (type) {
            case "Int", "Json" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String describe(Expression value) {
        return switch (value) {
            case Expression.StringValue s -> "string";
            case Expression.NumberValue n -> "numeric";
            case Expression.ConstantValue c -> "constant";
            case Expression.FunctionCall f -> "functional";
            case Expression.ArrayValue a -> "array";
        };
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isJson(String text) {
        try {
            JSON.readTree(text);
            return true;
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
