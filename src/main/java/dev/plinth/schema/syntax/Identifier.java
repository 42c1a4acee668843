package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

/**
 * A name as written in the schema, with where it is.
 *
 * @param text the name
 * @param span its span
 */
public record Identifier(String text, Span span) {
}
