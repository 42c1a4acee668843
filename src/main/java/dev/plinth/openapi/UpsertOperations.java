package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.ConflictUpsert;
import dev.plinth.api.record.RowReplacer;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The OpenAPI description of upserts (docs/api.md, "Upsert"): {@code PUT /api/{resource}/{key}} and the
 * {@code on_conflict} parameter and {@code Prefer: resolution=…} header of {@code POST /api/{resource}}
 * (PostgREST's spelling, https://postgrest.org/en/stable/references/api/tables_views.html#upsert).
 */
final class UpsertOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The response header listing what became of each object of an upsert. */
    static final String OUTCOME_HEADER = "Plinth-Upsert";

    private UpsertOperations() {
    }

    /**
     * The body of a PUT: the create body, whose key fields are optional (the path gives them).
     *
     * @param create   the resource's create schema
     * @param resource the resource
     * @return a new schema
     */
    static ObjectNode replaceSchema(ObjectNode create, Resource resource) {
        ObjectNode out = create.deepCopy();
        if (out.get("required") instanceof ArrayNode required) {
            List<String> keys = resource.key().stream().map(Column::name).toList();
            for (int i = required.size() - 1; i >= 0; i--) {
                if (keys.contains(required.get(i).asText())) {
                    required.remove(i);
                }
            }
        }
        out.put("description", "The whole row: omitted optional fields become null or their default; server-maintained"
                + " fields are ignored; a key field, when sent, must equal the path's.");
        return out;
    }

    /**
     * Describes a PUT operation built by the document (id, security, body, 200): its headers and 201.
     *
     * @param put      the operation
     * @param resource the resource
     * @param row      the schema of a row (a reference)
     */
    static void put(ObjectNode put, Resource resource, ObjectNode row) {
        boolean creates = RowReplacer.acceptsClientKey(resource);
        put.put("description", "Replaces the row's writable fields (200)"
                + (creates ? ", or creates the row at this key (201 with Location)" : "; a missing row is 404 (its key is generated)")
                + ". If-Match or _expected_updated_at make it conditional (a conditional PUT never creates);"
                + " If-None-Match: * makes it create-only (412 when the row exists). A key held by a row the caller may not see"
                + " is never read or changed: 409 unique_violation, as a POST with that key.");
        ArrayNode params = put.get("parameters") instanceof ArrayNode a ? a : put.putArray("parameters");
        params.add(NODES.objectNode().put("name", "If-None-Match").put("in", "header").put("required", false)
                .put("description", "* makes the PUT create-only: 412 precondition_failed when the row exists (RFC 9110 section 13.1.2).")
                .set("schema", NODES.objectNode().put("type", "string").put("const", "*")));
        if (creates) {
            ObjectNode created = NODES.objectNode().put("description", "The row created at this key");
            created.set("headers", NODES.objectNode()
                    .<ObjectNode>set("Location", NODES.objectNode().put("$ref", "#/components/headers/Location"))
                    .set("ETag", NODES.objectNode().put("$ref", "#/components/headers/ETag")));
            created.set("content", NODES.objectNode().set("application/json", NODES.objectNode().set("schema", row)));
            ((ObjectNode) put.get("responses")).set("201", created);
        }
    }

    /**
     * Adds {@code on_conflict}, {@code Prefer: resolution=…} and the upsert answers to a collection's POST.
     *
     * @param post     the create operation
     * @param resource the resource
     */
    static void onConflict(ObjectNode post, Resource resource) {
        ArrayNode params = post.get("parameters") instanceof ArrayNode a ? a : post.putArray("parameters");
        ArrayNode targets = NODES.arrayNode();
        ConflictTargets.of(resource).forEach(targets::add);
        params.add(NODES.objectNode().put("name", "on_conflict").put("in", "query").put("required", false)
                .put("description", "Upsert: the fields of the key or of one unique constraint, comma-separated (any order)."
                        + " An object meeting a row with the same values updates it (merge-duplicates) or is skipped"
                        + " (ignore-duplicates), as Prefer says; every object must give these fields. Rows of other owners"
                        + " are never changed: merging into one is 409 unique_violation, nothing written.")
                .set("schema", NODES.objectNode().put("type", "string").set("enum", targets)));
        params.add(NODES.objectNode().put("name", "Prefer").put("in", "header").put("required", false)
                .put("description", "With on_conflict (required then): resolution=merge-duplicates or resolution=ignore-duplicates"
                        + " (PostgREST's spelling), echoed in Preference-Applied.")
                .set("schema", NODES.objectNode().put("type", "string")
                        .set("enum", NODES.arrayNode().add("resolution=" + ConflictUpsert.Resolution.MERGE.spelling())
                                .add("resolution=" + ConflictUpsert.Resolution.IGNORE.spelling()))));
        ObjectNode outcome = NODES.objectNode().put("description", "With on_conflict: per object in order, created, updated or"
                + " ignored, separated by \", \".").set("schema", NODES.objectNode().put("type", "string"));
        ObjectNode responses = (ObjectNode) post.get("responses");
        if (responses.get("201") instanceof ObjectNode created && created.get("headers") instanceof ObjectNode h) {
            h.set(OUTCOME_HEADER, outcome);
        }
        ObjectNode updated = NODES.objectNode().put("description", "With on_conflict, when some object updated or met a row:"
                + " the rows written (an object: the updated row; an array: created and updated rows in order, ignored ones left out)");
        updated.set("headers", NODES.objectNode().set(OUTCOME_HEADER, outcome));
        if (responses.get("201") instanceof ObjectNode created && created.get("content") != null) {
            updated.set("content", created.get("content").deepCopy());
        }
        responses.set("200", updated);
        responses.set("204", NODES.objectNode().put("description", "With on_conflict and ignore-duplicates, one object that met a row: nothing written")
                .set("headers", NODES.objectNode().set(OUTCOME_HEADER, outcome)));
    }

    /** The {@code on_conflict} values a resource takes, each as the parameter is written. */
    private static final class ConflictTargets {
        private ConflictTargets() {
        }

        static List<String> of(Resource resource) {
            List<String> out = new java.util.ArrayList<>();
            if (!resource.key().isEmpty()) {
                out.add(resource.key().stream().map(Column::name).collect(Collectors.joining(",")));
            }
            for (dev.plinth.schema.model.Index u : resource.model().uniques()) {
                List<String> names = u.columnNames().stream().map(resource::stored)
                        .flatMap(java.util.Optional::stream).map(Column::name).toList();
                String joined = String.join(",", names);
                if (names.size() == u.columnNames().size() && !out.contains(joined)) {
                    out.add(joined);
                }
            }
            return out;
        }
    }
}
