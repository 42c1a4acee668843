package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.model.CompositeType;
import dev.plinth.schema.model.DocumentDefaults;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The component schemas of a schema's composite types (docs/schema.md, "Composite types"): one object schema per
 * type, exact to what {@link dev.plinth.api.value.DocumentCheck} accepts and stores: its fields by document key,
 * required where a document without them is refused, no other keys; nested types by {@code $ref}, lists as
 * arrays, enums by their values' database names, a literal {@code @default} as {@code default}. A composite
 * column refers to its type's component (an array of them for a list, or null when optional).
 */
final class CompositeSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Schema schema;
    private final Map<String, String> names = new LinkedHashMap<>();

    /**
     * Names the components of a schema's composite types: the type's name, or with {@code Type} appended when a
     * model's components (or the document's own) already use it.
     *
     * @param schema the served schema
     * @param own    the component names the document itself defines
     */
    CompositeSchemas(Schema schema, Set<String> own) {
        this.schema = schema;
        Set<String> taken = new HashSet<>(own);
        for (Model m : schema.models()) {
            for (String suffix : List.of("", "Model", "List", "Create", "Update")) {
                taken.add(m.name() + suffix);
            }
        }
        for (CompositeType t : schema.types()) {
            names.put(t.name(), taken.contains(t.name()) ? t.name() + "Type" : t.name());
        }
    }

    /**
     * Adds one component per composite type.
     *
     * @param schemas the document's {@code components.schemas}
     */
    void addTo(ObjectNode schemas) {
        for (CompositeType t : schema.types()) {
            schemas.set(names.get(t.name()), component(t));
        }
    }

    /**
     * The schema of a composite field's value: a reference to its type, an array of them, null allowed when optional.
     *
     * @param field a field of a composite type (in a model or in a type)
     * @return the schema
     */
    ObjectNode value(Field field) {
        ObjectNode ref = OpenApiDocument.ref(names.getOrDefault(field.type().name(), field.type().name()));
        ObjectNode one = field.list() ? NODES.objectNode().put("type", "array").set("items", ref) : ref;
        if (!field.optional()) {
            return one;
        }
        ObjectNode either = NODES.objectNode();
        either.putArray("anyOf").add(one).add(NODES.objectNode().put("type", "null"));
        return either;
    }

    private ObjectNode component(CompositeType type) {
        ObjectNode s = NODES.objectNode().put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Field f : type.fields()) {
            ObjectNode p = f.isComposite() ? value(f) : scalar(f);
            DocumentDefaults.literal(schema, f).ifPresent(d -> p.set("default", d));
            f.documentation().ifPresent(d -> p.put("description", d));
            props.set(f.columnName(), p);
            if (!f.optional() && !f.list() && f.defaultValue().isEmpty()) {
                required.add(f.columnName());
            }
        }
        s.set("required", required);
        s.put("additionalProperties", false);
        s.put("description", type.documentation().map(d -> d + "\n\n").orElse("") + "Composite type " + type.name()
                + ": a JSON document stored in one column.");
        return s;
    }

    private ObjectNode scalar(Field f) {
        ObjectNode one = switch (f.type()) {
            case FieldType.EnumRef e -> {
                ObjectNode en = NODES.objectNode().put("type", "string");
                ArrayNode values = en.putArray("enum");
                schema.enumType(e.name()).ifPresent(t -> t.values().stream().map(EnumType.Value::databaseName).forEach(values::add));
                yield en;
            }
            case FieldType.Scalar s -> switch (s.scalar()) {
                case STRING -> NODES.objectNode().put("type", "string");
                case BOOLEAN -> NODES.objectNode().put("type", "boolean");
                case INT -> NODES.objectNode().put("type", "integer").put("format", "int32");
                case BIGINT -> NODES.objectNode().put("type", "integer").put("format", "int64");
                case FLOAT -> NODES.objectNode().put("type", "number").put("format", "double");
                case DECIMAL -> NODES.objectNode().put("type", "number");
                case DATETIME -> NODES.objectNode().put("type", "string").put("format", "date-time");
                case JSON -> NODES.objectNode();
                case BYTES -> NODES.objectNode().put("type", "string").put("contentEncoding", "base64");
            };
            default -> NODES.objectNode();
        };
        if (f.list()) {
            one = NODES.objectNode().put("type", "array").set("items", one);
        }
        if (f.optional() && one.has("type")) {
            one.set("type", NODES.arrayNode().add(one.get("type").asText()).add("null"));
            if (one.get("enum") instanceof ArrayNode values) {
                values.addNull();
            }
        }
        return one;
    }
}
