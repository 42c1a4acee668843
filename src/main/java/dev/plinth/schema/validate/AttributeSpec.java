package dev.plinth.schema.validate;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What an attribute accepts: the name of its unnamed (default) argument, whether that argument is
 * required, and its named arguments. Source: Prisma schema reference, "Attributes"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#attributes).
 *
 * @param defaultArgument the name the first unnamed argument stands for, e.g. {@code fields} for {@code @@index}
 * @param required        true when the default argument must be given
 * @param named           the other accepted argument names
 * @param repeatable      true when a block may carry the attribute several times ({@code @@index})
 */
record AttributeSpec(Optional<String> defaultArgument, boolean required, Set<String> named, boolean repeatable) {

    private static final Map<String, AttributeSpec> FIELD = Map.of(
            "id", new AttributeSpec(Optional.empty(), false, Set.of("map", "length", "sort", "clustered"), false),
            "unique", new AttributeSpec(Optional.empty(), false, Set.of("map", "length", "sort", "clustered"), false),
            "default", new AttributeSpec(Optional.of("value"), true, Set.of("map"), false),
            "map", new AttributeSpec(Optional.of("name"), true, Set.of(), false),
            "relation", new AttributeSpec(Optional.of("name"), false,
                    Set.of("fields", "references", "onDelete", "onUpdate", "map"), false),
            "updatedAt", new AttributeSpec(Optional.empty(), false, Set.of(), false),
            "ignore", new AttributeSpec(Optional.empty(), false, Set.of(), false),
            "shardKey", new AttributeSpec(Optional.empty(), false, Set.of(), false));

    private static final Map<String, AttributeSpec> BLOCK = Map.ofEntries(
            Map.entry("id", new AttributeSpec(Optional.of("fields"), true, Set.of("name", "map", "clustered"), false)),
            Map.entry("unique", new AttributeSpec(Optional.of("fields"), true, Set.of("name", "map", "clustered"), true)),
            Map.entry("index", new AttributeSpec(Optional.of("fields"), true, Set.of("name", "map", "type", "clustered"), true)),
            Map.entry("fulltext", new AttributeSpec(Optional.of("fields"), true, Set.of("map"), true)),
            Map.entry("map", new AttributeSpec(Optional.of("name"), true, Set.of(), false)),
            Map.entry("ignore", new AttributeSpec(Optional.empty(), false, Set.of(), false)),
            Map.entry("schema", new AttributeSpec(Optional.of("map"), true, Set.of(), false)),
            Map.entry("shardKey", new AttributeSpec(Optional.of("fields"), true, Set.of(), false)),
            // Plinth's own: the field whose value labels a row (docs/search-and-relations.md, display labels).
            Map.entry("display", new AttributeSpec(Optional.of("field"), true, Set.of(), false)),
            // Plinth's own (docs/schema.md, "Naming"): the model's naming, and its route segment (docs/api.md, "Routes").
            // Plinth's own: how path keys, filters and bodies normalize a String key (docs/schema.md, "Identifiers").
            Map.entry("normalizeKey", new AttributeSpec(Optional.of("steps"), true, Set.of(), false)),
            Map.entry("naming", new AttributeSpec(Optional.of("value"), true, Set.of(), false)),
            Map.entry("route", new AttributeSpec(Optional.of("path"), true, Set.of(), false)),
            // Plinth's own: a CHECK constraint of the table (docs/schema.md, "CHECK constraints"), checked by CheckRules.
            Map.entry("check", new AttributeSpec(Optional.of("condition"), true, Set.of("name"), true)));

    private static final Map<String, AttributeSpec> ENUM_VALUE = Map.of(
            "map", new AttributeSpec(Optional.of("name"), true, Set.of(), false));

    private static final Map<String, AttributeSpec> ENUM_BLOCK = Map.of(
            "map", new AttributeSpec(Optional.of("name"), true, Set.of(), false),
            "schema", new AttributeSpec(Optional.of("map"), true, Set.of(), false));

    /** Returns the spec of a field attribute, or empty when Prisma knows no such attribute. */
    static Optional<AttributeSpec> field(String name) {
        return Optional.ofNullable(FIELD.get(name));
    }

    /** Returns the spec of a model block attribute, or empty. */
    static Optional<AttributeSpec> block(String name) {
        return Optional.ofNullable(BLOCK.get(name));
    }

    /** Returns the spec of an enum value attribute, or empty. */
    static Optional<AttributeSpec> enumValue(String name) {
        return Optional.ofNullable(ENUM_VALUE.get(name));
    }

    /** Returns the spec of an enum block attribute, or empty. */
    static Optional<AttributeSpec> enumBlock(String name) {
        return Optional.ofNullable(ENUM_BLOCK.get(name));
    }

    /** Returns the names of the field attributes this table accepts (compared with PlinthExtensions by a test). */
    static java.util.Set<String> fieldNames() {
        return FIELD.keySet();
    }

    /** Returns the names of the model block attributes this table accepts. */
    static java.util.Set<String> blockNames() {
        return BLOCK.keySet();
    }
}
