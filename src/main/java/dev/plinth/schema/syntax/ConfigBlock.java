package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * A {@code datasource} or {@code generator} block.
 *
 * @param kind       which of the two
 * @param name       the block's name
 * @param properties its {@code key = value} lines, in order
 * @param span       the whole block
 */
public record ConfigBlock(Kind kind, Identifier name, List<ConfigProperty> properties, Span span) implements Block {
    public ConfigBlock {
        properties = List.copyOf(properties);
    }

    /**
     * Finds the first property of a name.
     *
     * @param key the property name
     * @return the property, or empty
     */
    public Optional<ConfigProperty> property(String key) {
        return properties.stream().filter(p -> p.name().text().equals(key)).findFirst();
    }

    /** The two kinds of configuration block. */
    public enum Kind {
        DATASOURCE("datasource"),
        GENERATOR("generator");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** Returns the keyword that opens the block. */
        public String keyword() {
            return keyword;
        }
    }

    /**
     * One {@code key = value} line.
     *
     * @param name  the key
     * @param value the value expression
     * @param span  the whole line
     */
    public record ConfigProperty(Identifier name, Expression value, Span span) {
    }
}
