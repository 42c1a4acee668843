package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

/**
 * One token of schema text.
 *
 * @param kind what it is
 * @param text the identifier or number as written, a string's value with escapes resolved, a doc
 *             comment's text, or the character of an unknown token; empty for punctuation
 * @param span where it is in the file
 */
public record Token(TokenKind kind, String text, Span span) {
}
