package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.List;
import java.util.Optional;

/**
 * A field line of a model, view or type block: {@code name Type? @attr(…) @attr}.
 *
 * @param name          the field's name
 * @param type          its type with arity
 * @param attributes    its field attributes, in order
 * @param documentation the {@code ///} lines above it
 * @param span          the whole line
 */
public record FieldDeclaration(Identifier name, TypeReference type, List<Attribute> attributes,
                               Optional<String> documentation, Span span) {
    public FieldDeclaration {
        attributes = List.copyOf(attributes);
    }

    /**
     * Returns the first field attribute of a name.
     *
     * @param attributeName the name without {@code @}, e.g. {@code "default"} or {@code "db.VarChar"}
     * @return the attribute, or empty
     */
    public Optional<Attribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /** Returns the {@code @db.*} attribute, or empty. */
    public Optional<Attribute> nativeTypeAttribute() {
        return attributes.stream().filter(a -> a.name().contains(".")).findFirst();
    }
}
