package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * An {@code enum} block.
 *
 * @param name          the enum's name
 * @param values        its values, in order
 * @param attributes    its block attributes ({@code @@map}, {@code @@schema})
 * @param documentation the {@code ///} lines above the block
 * @param span          the whole block
 */
public record EnumBlock(Identifier name, List<EnumValueDeclaration> values, List<Attribute> attributes,
                        Optional<String> documentation, Span span) implements Block {
    public EnumBlock {
        values = List.copyOf(values);
        attributes = List.copyOf(attributes);
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
     * One value of an enum.
     *
     * @param name          the value
     * @param attributes    its attributes ({@code @map})
     * @param documentation the {@code ///} lines above it
     * @param span          the whole line
     */
    public record EnumValueDeclaration(Identifier name, List<Attribute> attributes, Optional<String> documentation, Span span) {
        public EnumValueDeclaration {
            attributes = List.copyOf(attributes);
        }

        /**
         * Returns the first attribute of a name.
         *
         * @param attributeName the name without {@code @}
         * @return the attribute, or empty
         */
        public Optional<Attribute> attribute(String attributeName) {
            return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
        }
    }
}
