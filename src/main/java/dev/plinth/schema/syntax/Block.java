package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

/** A top-level block of a schema file. */
public sealed interface Block permits ConfigBlock, ModelBlock, EnumBlock, TypeAliasBlock {

    /** Returns the block's name, e.g. {@code User} in {@code model User { … }}. */
    Identifier name();

    /** Returns the span of the whole block, from its keyword to its closing brace. */
    Span span();
}
