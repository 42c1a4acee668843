package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.BodyReader;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.schema.policy.FieldPolicy;
import dev.plinth.schema.policy.ModelPolicy;
import dev.plinth.schema.policy.Operation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON Schemas (2020-12, as OpenAPI 3.1 uses them) of one resource's rows and bodies, exact to what
 * the column codecs write (docs/api.md, "Values in JSON"): a nullable column has a type array with
 * {@code "null"}, {@code Int} is {@code int32}, {@code BigInt} {@code int64} (an exact JSON number),
 * {@code Decimal} an exact JSON number, {@code DateTime} a {@code date-time} string, {@code Bytes} a
 * base64 string ({@code contentEncoding}, RFC 4648 section 4), {@code Json} any value, an enum its
 * values' database names, a scalar list an array.
 */
final class ModelSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ModelSchemas() {
    }

    /**
     * Returns the schema of each served column; an {@code @omit}ted one is {@code writeOnly} (absent
     * from rows, accepted in bodies).
     *
     * @param r      the resource
     * @param policy its access policy, if any
     * @return the value schema by column name, in column order
     */
    static Map<String, ObjectNode> columns(Resource r, Optional<ModelPolicy> policy) {
        return columns(r, policy, null);
    }

    /**
     * Returns the schema of each served column, a composite column referring to its type's component.
     *
     * @param r          the resource
     * @param policy     its access policy, if any
     * @param composites the components of the schema's composite types, or null to describe them as any JSON
     * @return the value schema by column name, in column order
     */
    static Map<String, ObjectNode> columns(Resource r, Optional<ModelPolicy> policy, CompositeSchemas composites) {
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        for (Column c : r.columns()) {
            Optional<FieldPolicy> fp = policy.flatMap(p -> p.field(c.field().name()));
            ObjectNode s = composites != null && c.field().isComposite() ? composites.value(c.field())
                    : value(c.codec(), c.field().optional());
            NativeLimitSchemas.limit(s, c.field());
            if (fp.map(FieldPolicy::omit).orElse(false)) {
                // @omit hides a field from every read; a body may still write it
                s.put("writeOnly", true);
            }
            fp.flatMap(FieldPolicy::mask).ifPresent(m -> {
                s.put("description", "Masked (" + m.kind().name().toLowerCase(java.util.Locale.ROOT)
                        + ") unless the schema's @mask condition holds for the caller; the masked form is a string.");
                if (s.get("type") instanceof com.fasterxml.jackson.databind.node.TextNode t && !t.asText().equals("string")) {
                    s.set("type", NODES.arrayNode().add(t.asText()).add("string"));
                } else if (s.get("type") instanceof ArrayNode types && !types.toString().contains("\"string\"")) {
                    types.add("string");
                }
            });
            out.put(c.name(), s);
        }
        return out;
    }

    /**
     * The labels every read of a resource carries under {@code labels = "always"} or {@code @@labels("always")}
     * (docs/search-and-relations.md, "Labels on every read"): each a read-only value of the related model's
     * display column, or null. Empty when the resource's labels come only on request ({@code labels=true}),
     * where the document describes the parameter rather than the members.
     *
     * @param schema  the served schema
     * @param catalog the served resources
     * @param r       the resource
     * @return the label schemas by key, in relation-field order
     */
    static Map<String, ObjectNode> labels(dev.plinth.schema.model.Schema schema, dev.plinth.api.resource.ResourceCatalog catalog,
                                          Resource r) {
        dev.plinth.schema.model.LabelSettings settings = dev.plinth.schema.model.LabelSettings.of(schema);
        Map<String, ObjectNode> out = new LinkedHashMap<>();
        if (!settings.always(r.model())) {
            return out;
        }
        for (dev.plinth.api.record.LabelLoader.Labelled l : dev.plinth.api.record.LabelLoader.labelled(schema, catalog, settings, r)) {
            ObjectNode s = value(l.display().codec(), true);
            s.put("readOnly", true);
            s.put("description", "Display label: " + l.link().target().name() + "." + l.display().name() + " of the row "
                    + l.fk() + " refers to; null when there is none or the caller cannot see it. Every read carries it;"
                    + " labels=false leaves it out.");
            out.put(l.key(), s);
        }
        return out;
    }

    /** Names of the columns no caller ever sees. */
    static Set<String> omitted(Resource r, Optional<ModelPolicy> policy) {
        Set<String> out = new java.util.HashSet<>();
        for (Column c : r.columns()) {
            if (policy.flatMap(p -> p.field(c.field().name())).map(FieldPolicy::omit).orElse(false)) {
                out.add(c.name());
            }
        }
        return out;
    }

    /**
     * The row as every read answers it. Columns under a read rule or mask may be absent or differ for a
     * caller, so they are not required; {@code select} and {@code include} change the shape, so other
     * members are allowed.
     */
    static ObjectNode row(Resource r, Optional<ModelPolicy> policy, Map<String, ObjectNode> columns,
                          Map<String, ObjectNode> included) {
        ObjectNode s = typed("object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Column c : r.columns()) {
            ObjectNode value = columns.get(c.name());
            if (value == null || value.path("writeOnly").asBoolean()) {
                continue;
            }
            ObjectNode p = value.deepCopy();
            if (serverSet(r, c)) {
                p.put("readOnly", true);
            }
            props.set(c.name(), p);
            Optional<FieldPolicy> fp = policy.flatMap(m -> m.field(c.field().name()));
            if (fp.isEmpty() || (!fp.get().governs(Operation.READ) && fp.get().mask().isEmpty())) {
                required.add(c.name());
            }
        }
        included.forEach((name, schema) -> {
            if (!props.has(name)) {
                props.set(name, schema);
            }
        });
        s.set("required", required);
        s.put("description", "A row of " + r.name() + " (model " + r.model().name() + ")."
                + " select returns only the named columns; include adds each named relation.");
        return s;
    }

    /**
     * The body of a create: the client's columns, required where an insert without them fails; a key the
     * schema generates is absent (refused unless the model is in {@code clientKeys}); server-maintained
     * columns are listed as read-only, since they are ignored rather than refused.
     */
    static ObjectNode create(Resource r, Map<String, ObjectNode> columns) {
        ObjectNode s = typed("object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (Column c : r.columns()) {
            ObjectNode value = columns.get(c.name());
            if (value == null || (!r.clientKeys() && BodyReader.generatedKey(r, c))) {
                continue;
            }
            ObjectNode p = value.deepCopy();
            p.remove("description");
            if (c.role().serverManaged()) {
                p.put("readOnly", true);
            }
            props.set(c.name(), p);
            if (c.requiredOnInsert()) {
                required.add(c.name());
            }
        }
        s.set("required", required);
        s.put("additionalProperties", false);
        return s;
    }

    /**
     * The body of a PATCH: every column optional, keys read-only (refused when they differ from the
     * row's), and {@code _expected_updated_at} on tables with an {@code updated_at} column.
     */
    static ObjectNode update(Resource r, Map<String, ObjectNode> columns) {
        ObjectNode s = typed("object");
        ObjectNode props = s.putObject("properties");
        for (Column c : r.columns()) {
            ObjectNode value = columns.get(c.name());
            if (value == null) {
                continue;
            }
            ObjectNode p = value.deepCopy();
            p.remove("description");
            if (c.role().serverManaged() || r.key().contains(c)) {
                p.put("readOnly", true);
            }
            props.set(c.name(), p);
        }
        r.updatedAt().ifPresent(u -> props.putObject("_expected_updated_at").put("type", "string").put("format", "date-time")
                .put("writeOnly", true).put("description", "The row's " + u.name() + " as last read: the update happens only"
                        + " if it is unchanged, otherwise 409 concurrent_update."));
        s.put("additionalProperties", false);
        return s;
    }

    /** True for a column the server fills: timestamps, owner, audit columns, and a generated key. */
    private static boolean serverSet(Resource r, Column c) {
        return c.role().serverManaged() || (!r.clientKeys() && BodyReader.generatedKey(r, c));
    }

    /**
     * The schema of one value as its codec writes it.
     *
     * @param codec    the column's codec
     * @param nullable true for an optional column
     * @return the schema
     */
    static ObjectNode value(ColumnCodec codec, boolean nullable) {
        ObjectNode s = switch (codec) {
            case ColumnCodec.Text t -> t.uuid() ? typed("string").put("format", "uuid") : typed("string");
            case ColumnCodec.Whole w -> w.big() ? NativeLimitSchemas.bigInt() : NativeLimitSchemas.integer();
            case ColumnCodec.Floating f -> typed("number").put("format", f.single() ? "float" : "double");
            case ColumnCodec.Decimal d -> NativeLimitSchemas.decimal();
            case ColumnCodec.Bool b -> typed("boolean");
            case ColumnCodec.DateTime d -> typed("string").put("format", "date-time");
            case ColumnCodec.Json j -> object().put("description", "Json: any JSON value.");
            case ColumnCodec.Bytes b -> typed("string").put("contentEncoding", "base64");
            case ColumnCodec.EnumValue e -> {
                ObjectNode en = typed("string");
                ArrayNode values = en.putArray("enum");
                e.values().forEach(values::add);
                yield en;
            }
            case ColumnCodec.ListOf l -> {
                ObjectNode list = typed("array");
                list.set("items", value(l.element(), false));
                yield list;
            }
            default -> object();
        };
        if (nullable && s.get("type") instanceof ArrayNode types) {
            types.add("null");
        } else if (nullable && s.has("type")) {
            s.set("type", NODES.arrayNode().add(s.get("type").asText()).add("null"));
            if (s.get("enum") instanceof ArrayNode values) {
                values.addNull();
            }
        }
        return s;
    }

    private static ObjectNode typed(String type) {
        return NODES.objectNode().put("type", type);
    }

    private static ObjectNode object() {
        return NODES.objectNode();
    }
}
