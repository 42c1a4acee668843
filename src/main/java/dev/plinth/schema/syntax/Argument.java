package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.Optional;

/**
 * An argument of an attribute or function: {@code value} or {@code name: value}.
 *
 * @param name  the name, for a named argument
 * @param value the value
 * @param span  the whole argument
 */
public record Argument(Optional<Identifier> name, Expression value, Span span) {
}
