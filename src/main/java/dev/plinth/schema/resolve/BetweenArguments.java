package dev.plinth.schema.resolve;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Expression;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * Reads the arguments of the data-model spec's {@code between([min, max])} default, also written
 * {@code between(min, max)}: two number literals, the lower bound first.
 */
public final class BetweenArguments {

    /**
     * The bounds, both included.
     *
     * @param min the lower bound
     * @param max the upper bound
     */
    public record Range(BigDecimal min, BigDecimal max) {
    }

    private BetweenArguments() {
    }

    /**
     * Returns the two bound expressions as written, in either spelling.
     *
     * @param call the {@code between(…)} call
     * @return the two expressions, or empty when there are not exactly two (in a list or not), or when they are named
     */
    public static Optional<List<Expression>> bounds(Expression.FunctionCall call) {
        List<Argument> arguments = call.arguments();
        if (arguments.stream().anyMatch(a -> a.name().isPresent())) {
            return Optional.empty();
        }
        if (arguments.size() == 1 && arguments.get(0).value() instanceof Expression.ArrayValue array) {
            return array.elements().size() == 2 ? Optional.of(array.elements()) : Optional.empty();
        }
        return arguments.size() == 2 ? Optional.of(List.of(arguments.get(0).value(), arguments.get(1).value())) : Optional.empty();
    }

    /**
     * Reads a bound.
     *
     * @param bound one of {@link #bounds}
     * @return the number, or empty when it is not a number literal
     */
    public static Optional<BigDecimal> number(Expression bound) {
        if (bound instanceof Expression.NumberValue n) {
            try {
                return Optional.of(new BigDecimal(n.text()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Reads the range of a call the validator has accepted.
     *
     * @param call the {@code between(…)} call
     * @return the range, or empty when the arguments are not two numbers with {@code min <= max}
     */
    public static Optional<Range> of(Expression.FunctionCall call) {
        Optional<List<Expression>> bounds = bounds(call);
        if (bounds.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> min = number(bounds.get().get(0));
        Optional<BigDecimal> max = number(bounds.get().get(1));
        if (min.isEmpty() || max.isEmpty() || min.get().compareTo(max.get()) > 0) {
            return Optional.empty();
        }
        return Optional.of(new Range(min.get(), max.get()));
    }
}
