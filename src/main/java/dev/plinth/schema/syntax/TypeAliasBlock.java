package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * A type alias of the Prisma data-model spec, {@code type Numeric = Float @pg.numeric(10, 2)}: a name that a
 * field may use as its type, standing for the base type with the attributes. Today's Prisma has no aliases;
 * {@code dev.plinth.schema.spelling.SpecSpellings} expands every use and drops the block before validation
 * (docs/schema.md, "The data-model spec's spellings"). Not a composite {@code type X { … }} block.
 *
 * @param name          the alias
 * @param base          the base type as written, e.g. {@code Float}
 * @param attributes    the attributes every field of the alias gets, in order
 * @param documentation the {@code ///} lines above it
 * @param span          the whole line, from {@code type} to the last attribute
 */
public record TypeAliasBlock(Identifier name, TypeReference base, List<Attribute> attributes, Optional<String> documentation,
                             Span span) implements Block {
    public TypeAliasBlock {
        attributes = List.copyOf(attributes);
    }
}
