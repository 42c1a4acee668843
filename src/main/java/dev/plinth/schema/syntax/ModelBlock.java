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
 */
public record ModelBlock(Kind kind, Identifier name, List<FieldDeclaration> fields, List<Attribute> attributes,
                         Optional<String> documentation, Span span) implements Block {
    public ModelBlock {
        fields = List.copyOf(fields);
        attributes = List.copyOf(attributes);
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
