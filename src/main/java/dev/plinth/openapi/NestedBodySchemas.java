package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.RelationLink;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Adds the nested forms of a create body (docs/api.md, "Nested writes") to its schema: each relation
 * field a create may nest, as {@code {"connect": {key}}} / {@code {"create": {…}}} for a to-one field and
 * an array to create or {@code {"create", "connect"}} for a to-many one. A foreign key a to-one relation
 * field can set instead is no longer required.
 */
final class NestedBodySchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NestedBodySchemas() {
    }

    /**
     * Adds the relation fields of a resource to its create body schema.
     *
     * @param create    the create body schema, changed in place
     * @param r         the resource
     * @param schema    the served schema
     * @param catalog   the served resources
     * @param component the component name of a model's row ({@code name + "Create"} is its create body)
     */
    static void apply(ObjectNode create, Resource r, Schema schema, ResourceCatalog catalog, Function<Model, String> component) {
        ObjectNode props = (ObjectNode) create.get("properties");
        Set<String> optional = new HashSet<>();
        for (Field f : r.model().relationFields()) {
            Optional<RelationLink> link = RelationLink.of(schema, catalog, r.model(), f);
            if (link.isEmpty() || !link.get().target().addressable()) {
                continue;
            }
            RelationLink l = link.get();
            String target = component.apply(l.target().model());
            ObjectNode key = NODES.objectNode().put("type", "object")
                    .put("description", "The primary key or one unique key of " + l.target().name() + ", every field of it.");
            ObjectNode created = l.target().readOnly() ? null : OpenApiDocument.ref(target + "Create");
            ObjectNode value;
            if (l.many()) {
                ObjectNode ops = NODES.objectNode().put("type", "object").put("additionalProperties", false);
                ObjectNode p = ops.putObject("properties");
                if (created != null) {
                    p.set("create", either(created, OpenApiDocument.array(created)));
                }
                p.set("connect", either(key, OpenApiDocument.array(key)));
                value = created == null ? ops : either(OpenApiDocument.array(created), ops);
            } else {
                ArrayNode forms = NODES.arrayNode();
                forms.add(single("connect", key));
                if (created != null) {
                    forms.add(single("create", created));
                }
                value = NODES.objectNode().set("oneOf", forms);
                if (f.relation().map(RelationInfo::holdsForeignKey).orElse(false)) {
                    l.local().forEach(fk -> optional.add(fk.apiName()));
                }
            }
            value.put("description", "Nested write: " + (l.many() ? "rows to create, or create and connect"
                    : "connect a row or create one") + " (docs/api.md, \"Nested writes\"). The foreign key to this row is set by it.");
            props.set(f.name(), value);
        }
        if (!optional.isEmpty() && create.get("required") instanceof ArrayNode required) {
            ArrayNode kept = NODES.arrayNode();
            for (JsonNode n : required) {
                if (!optional.contains(n.asText())) {
                    kept.add(n);
                }
            }
            create.set("required", kept);
        }
    }

    /**
     * Adds the relation fields of a resource to its PATCH body schema: to-one {@code connect}, {@code create}
     * and, for an optional relation, {@code disconnect}; to-many and many-to-many {@code set},
     * {@code disconnect}, {@code create} and {@code connect}.
     *
     * @param update    the PATCH body schema, changed in place
     * @param r         the resource
     * @param schema    the served schema
     * @param catalog   the served resources
     * @param component the component name of a model's row ({@code name + "Create"} is its create body)
     */
    static void applyUpdate(ObjectNode update, Resource r, Schema schema, ResourceCatalog catalog, Function<Model, String> component) {
        ObjectNode props = (ObjectNode) update.get("properties");
        for (Field f : r.model().relationFields()) {
            Optional<RelationLink> link = RelationLink.of(schema, catalog, r.model(), f);
            if (link.isEmpty() || !link.get().target().addressable()) {
                continue;
            }
            RelationLink l = link.get();
            ObjectNode key = NODES.objectNode().put("type", "object")
                    .put("description", "The primary key or one unique key of " + l.target().name() + ", every field of it.");
            ObjectNode created = l.target().readOnly() ? null : OpenApiDocument.ref(component.apply(l.target().model()) + "Create");
            ObjectNode value = NODES.objectNode().put("type", "object").put("additionalProperties", false);
            ObjectNode p = value.putObject("properties");
            if (l.many()) {
                p.set("set", OpenApiDocument.array(key));
                p.set("disconnect", either(key, OpenApiDocument.array(key)));
                if (created != null) {
                    p.set("create", either(created, OpenApiDocument.array(created)));
                }
                p.set("connect", either(key, OpenApiDocument.array(key)));
            } else {
                p.set("connect", key);
                if (created != null) {
                    p.set("create", created);
                }
                if (f.optional()) {
                    p.set("disconnect", NODES.objectNode().put("const", true));
                }
                value.put("maxProperties", 1);
            }
            value.put("minProperties", 1);
            value.put("description", "Nested write (docs/api.md, \"Nested writes\").");
            props.set(f.name(), value);
        }
    }

    private static ObjectNode single(String name, ObjectNode schema) {
        ObjectNode s = NODES.objectNode().put("type", "object").put("additionalProperties", false);
        s.putObject("properties").set(name, schema);
        s.putArray("required").add(name);
        return s;
    }

    private static ObjectNode either(ObjectNode a, ObjectNode b) {
        return NODES.objectNode().set("oneOf", NODES.arrayNode().add(a).add(b));
    }
}
