package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.BetweenArguments;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Checks the data-model spec's {@code @default(between([min, max]))} (also {@code between(min, max)}): two numbers,
 * {@code min <= max}, whole numbers within Int's range on an Int field, on a field that is not a list (the
 * field's type is checked by {@link DefaultRules}: Int or Float). A valid one gets a note: today's Prisma has no
 * such default, Plinth generates the value on insert and {@code plinth prisma-schema} leaves it out.
 */
final class BetweenRules implements Rule {

    private static final String PREFIX = "Error parsing attribute \"@default\": ";
    private static final BigDecimal INT_MIN = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal INT_MAX = BigDecimal.valueOf(Integer.MAX_VALUE);

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                field.attribute("default").flatMap(a -> a.namedOrFirst("value")).map(Argument::value)
                        .filter(v -> v instanceof Expression.FunctionCall call && call.name().equals("between"))
                        .ifPresent(v -> check(context, field, (Expression.FunctionCall) v));
            }
        }
    }

    private static void check(ValidationContext context, FieldDeclaration field, Expression.FunctionCall call) {
        String type = field.type().name().text();
        if (!type.equals("Int") && !type.equals("Float")) {
            return; // DefaultRules reports the type
        }
        if (field.type().arity() == dev.plinth.schema.syntax.TypeReference.Arity.LIST) {
            context.error(PREFIX + "`between()` gives one number; it cannot be the default of a list field.", call.span());
            return;
        }
        Optional<List<Expression>> bounds = BetweenArguments.bounds(call);
        if (bounds.isEmpty()) {
            context.error(PREFIX + "`between()` takes the range's two bounds, `between([1, 5])` or `between(1, 5)`.", call.span());
            return;
        }
        boolean whole = type.equals("Int");
        BigDecimal[] values = new BigDecimal[2];
        for (int i = 0; i < 2; i++) {
            Expression bound = bounds.get().get(i);
            Optional<BigDecimal> value = BetweenArguments.number(bound);
            if (value.isEmpty()) {
                context.error(PREFIX + "The bounds of `between()` must be numbers, but received `" + context.raw(bound) + "`.",
                        bound.span());
                return;
            }
            if (whole && (value.get().stripTrailingZeros().scale() > 0 || value.get().compareTo(INT_MIN) < 0
                    || value.get().compareTo(INT_MAX) > 0)) {
                context.error(PREFIX + "The bounds of `between()` on an Int field must be whole numbers from -2147483648 to"
                        + " 2147483647, but received `" + context.raw(bound) + "`.", bound.span());
                return;
            }
            values[i] = value.get();
        }
        if (values[0].compareTo(values[1]) > 0) {
            context.error(PREFIX + "`between()` takes the lower bound first: " + values[0].toPlainString() + " is above "
                    + values[1].toPlainString() + ".", call.span());
            return;
        }
        context.note("`" + context.raw(call) + "` is a default of the data-model spec that today's Prisma does not have: Plinth"
                + " gives each new row a random " + (whole ? "whole number" : "number") + " from " + values[0].toPlainString()
                + " to " + values[1].toPlainString() + " (both included) when the request has none; `plinth prisma-schema`"
                + " leaves it out.", call.span());
    }
}
