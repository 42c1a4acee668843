package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * A {@code model}, {@code view} or composite {@code type} block.
 *
 * @param kind          which of the three
 * @param name          the block's name
 * @param fields        its fields, in order
 * @param attributes    its block attributes ({@code @@id}, {@code @@map}, …), in order
 * @param documentation the {@code ///} lines above the block, joined with newlines
 * @param span          the whole block
 * @param embedKeyword  for a composite type spelled as the Prisma data-model spec does ({@code embed Name { … }},
 *                      or an inline {@code field embed { … }}): the {@code embed} keyword; empty otherwise
 */
public record ModelBlock(Kind kind, Identifier name, List<FieldDeclaration> fields, List<Attribute> attributes,
                         Optional<String> documentation, Span span, Optional<Span> embedKeyword) implements Block {
    public ModelBlock {
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
        embedKeyword = embedKeyword == null ? Optional.empty() : embedKeyword;
    }

    /** A block spelled with its own keyword ({@code model}, {@code view}, {@code type}); parameters as for the record. */
    public ModelBlock(Kind kind, Identifier name, List<FieldDeclaration> fields, List<Attribute> attributes,
                      Optional<String> documentation, Span span) {
        this(kind, name, fields, attributes, documentation, span, Optional.empty());
    }

    /**
     * Returns the block attributes of a name.
     *
     * @param attributeName the name without {@code @@}, e.g. {@code "unique"}
     * @return the attributes, in order
     */
    public List<Attribute> attributes(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).toList();
    }

    /**
     * Returns the first block attribute of a name.
     *
     * @param attributeName the name without {@code @@}
     * @return the attribute, or empty
     */
    public Optional<Attribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /**
     * Finds a field by name.
     *
     * @param fieldName the field's name
     * @return the first field of that name, or empty
     */
    public Optional<FieldDeclaration> field(String fieldName) {
        return fields.stream().filter(f -> f.name().text().equals(fieldName)).findFirst();
    }

    /** The three kinds of block with fields. */
    public enum Kind {
        MODEL("model"),
        VIEW("view"),
        TYPE("type");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** Returns the keyword that opens the block. */
        public String keyword() {
            return keyword;
        }
    }
}
