package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.Optional;

/**
 * A field's type as written: {@code String}, {@code Post[]}, {@code Role?}, {@code Unsupported("circle")}.
 *
 * @param name        the type name
 * @param arity       required, optional ({@code ?}) or list ({@code []})
 * @param unsupported for {@code Unsupported("…")}: the database type text
 * @param span        the type including its modifier
 */
public record TypeReference(Identifier name, Arity arity, Optional<String> unsupported, Span span) {

    /** How many values a field holds. */
    public enum Arity {
        REQUIRED,
        OPTIONAL,
        LIST
    }
}
