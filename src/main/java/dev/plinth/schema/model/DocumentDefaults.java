package dev.plinth.schema.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.Optional;

/**
 * The JSON value of a composite type field's literal {@code @default}: what a document lacking the field gets,
 * both when it is written through the API and when a migration completes stored documents (docs/schema.md,
 * "Composite types"). Computed defaults ({@code now()}, {@code uuid()}, …) have no fixed value: they are
 * filled in when a document is written.
 */
public final class DocumentDefaults {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DocumentDefaults() {
    }

    /**
     * Returns the fixed JSON value of a field's default.
     *
     * @param schema the schema (for an enum value's database name)
     * @param field  a field of a composite type
     * @return the value (a string, number, boolean, an enum's database name, or a list of these), or empty when
     *         the field has no default or a computed one
     */
    public static Optional<JsonNode> literal(Schema schema, Field field) {
        return field.defaultValue().map(d -> literal(schema, field, d));
    }

    private static JsonNode literal(Schema schema, Field field, DefaultValue d) {
        return switch (d) {
            case DefaultValue.StringLiteral s -> NODES.textNode(s.value());
            case DefaultValue.NumberLiteral n -> NODES.numberNode(n.value());
            case DefaultValue.BooleanLiteral b -> NODES.booleanNode(b.value());
            case DefaultValue.EnumLiteral e -> NODES.textNode(field.type() instanceof FieldType.EnumRef ref
                    ? schema.enumType(ref.name()).flatMap(t -> t.value(e.value())).map(EnumType.Value::databaseName).orElse(e.value())
                    : e.value());
            case DefaultValue.ListLiteral l -> {
                ArrayNode out = NODES.arrayNode();
                for (DefaultValue v : l.values()) {
                    JsonNode element = literal(schema, field, v);
                    if (element == null) {
                        yield null;
                    }
                    out.add(element);
                }
                yield out;
            }
            default -> null;
        };
    }
}
