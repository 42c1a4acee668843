package dev.plinth.schema.model;

import java.util.List;
import java.util.Optional;

/**
 * A composite type: a {@code type Name { … }} block, or the Prisma data-model spec's {@code embed Name { … }}
 * and inline {@code field embed { … }}. A field of a composite type is stored as one JSON document in one
 * column (docs/schema.md, "Composite types"); Prisma itself supports composite types only on MongoDB
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/models#defining-composite-types).
 *
 * <p>Its fields are ordinary {@link Field}s: {@link Field#columnName()} is the document's key ({@code @map} or
 * the field name), {@link Field#type()} a scalar, an enum or another composite type, with {@code ?}, {@code []}
 * and {@code @default} as on a model's fields. Checks of a field's values read them from here, so a rule added
 * to {@link Field} applies inside documents too.
 *
 * @param name          the type's name (for an inline embed, the name Plinth gives it: model and field, e.g.
 *                      {@code UserAddress})
 * @param fields        its fields, in declaration order
 * @param documentation the {@code ///} comment above the block
 * @param span          where it is declared
 */
public record CompositeType(String name, List<Field> fields, Optional<String> documentation, Span span) {
    public CompositeType {
        fields = List.copyOf(fields);
    }

    /**
     * Finds a field by the key it has in a stored document.
     *
     * @param key a JSON key ({@code @map} or the field name)
     * @return the field, or empty
     */
    public Optional<Field> fieldByKey(String key) {
        return fields.stream().filter(f -> f.columnName().equals(key)).findFirst();
    }
}
