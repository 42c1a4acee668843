package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * A field attribute ({@code @default(now())}, {@code @db.VarChar(255)}) or a block attribute
 * ({@code @@index([a, b], name: "x")}).
 *
 * @param name      the name without the {@code @} or {@code @@}, dotted for native types ({@code db.VarChar})
 * @param block     true for {@code @@}
 * @param arguments the arguments in order; empty when written without parentheses
 * @param nameSpan  the span of the {@code @name} part
 * @param span      the whole attribute
 */
public record Attribute(String name, boolean block, List<Argument> arguments, Span nameSpan, Span span) {
    public Attribute {
        arguments = List.copyOf(arguments);
    }

    /** Returns the attribute as written without arguments, e.g. {@code @@index} or {@code @db.VarChar}. */
    public String display() {
        return (block ? "@@" : "@") + name;
    }

    /**
     * Finds a named argument.
     *
     * @param argumentName the name before the colon
     * @return the argument, or empty
     */
    public Optional<Argument> named(String argumentName) {
        return arguments.stream().filter(a -> a.name().map(n -> n.text().equals(argumentName)).orElse(false)).findFirst();
    }

    /**
     * Finds the unnamed argument at a position among the unnamed ones.
     *
     * @param index 0-based position among the positional arguments
     * @return the argument, or empty
     */
    public Optional<Argument> positional(int index) {
        List<Argument> positional = arguments.stream().filter(a -> a.name().isEmpty()).toList();
        return index < positional.size() ? Optional.of(positional.get(index)) : Optional.empty();
    }

    /**
     * Finds an argument by name, or else the first positional one (Prisma's "default argument").
     *
     * @param argumentName the name the argument may carry
     * @return the argument, or empty
     */
    public Optional<Argument> namedOrFirst(String argumentName) {
        return named(argumentName).or(() -> positional(0));
    }
}
