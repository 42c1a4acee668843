package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;

/**
 * The schemas every resource shares: {@code Problem} (RFC 9457 problem details with Plinth's members;
 * its {@code code} values are the {@link ApiProblem} catalog), {@code FieldError}, {@code Count} (a
 * collection PATCH or DELETE) and the batch operation and result (docs/api.md, "Errors", "Batch").
 */
final class ProblemSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ProblemSchemas() {
    }

    /**
     * Adds the shared schemas.
     *
     * @param schemas the document's {@code components.schemas}
     * @param prefix  the resources' path prefix ({@code /api} by default), which batch operation paths start with
     */
    static void add(ObjectNode schemas, String prefix) {
        ObjectNode problem = object("A problem (RFC 9457): code is stable, detail is for people.");
        ObjectNode p = problem.putObject("properties");
        p.set("type", string().put("description", "urn:plinth:problem:{code}"));
        p.set("title", string());
        p.set("status", NODES.objectNode().put("type", "integer").put("minimum", 400).put("maximum", 599));
        ObjectNode code = string();
        ArrayNode codes = code.putArray("enum");
        for (ApiProblem ap : ApiProblem.values()) {
            codes.add(ap.code());
        }
        p.set("code", code);
        p.set("detail", string());
        p.set("instance", string());
        p.set("operation", NODES.objectNode().put("type", "integer").put("minimum", 0)
                .put("description", "In a batch: the 0-based index of the operation that failed."));
        p.set("request_id", string().put("description", "The answer's X-Request-Id: the server log has the rest."));
        p.set("errors", OpenApiDocument.array(OpenApiDocument.ref("FieldError")));
        // additionalProperties true: generators (openapi-typescript) read a property-less object as an empty one.
        p.set("current", NODES.objectNode().put("type", "object").put("additionalProperties", true)
                .put("description", "With concurrent_update and precondition_failed: the row as it is now."));
        problem.putArray("required").add("type").add("title").add("status").add("code");
        schemas.set("Problem", problem);

        ObjectNode fieldError = object("One field's error: code is e.g. required, invalid_type, unique, unknown_field.");
        ObjectNode f = fieldError.putObject("properties");
        f.set("field", string());
        f.set("code", string());
        f.set("message", string());
        fieldError.putArray("required").add("field").add("code").add("message");
        schemas.set("FieldError", fieldError);

        ObjectNode count = object("The number of rows a collection PATCH or DELETE changed.");
        count.putObject("properties").set("count", NODES.objectNode().put("type", "integer").put("minimum", 0));
        count.putArray("required").add("count");
        schemas.set("Count", count);

        ObjectNode op = object("One operation of a batch: a method and a path as the routes above take them.");
        ObjectNode o = op.putObject("properties");
        ObjectNode method = string();
        method.putArray("enum").add("GET").add("POST").add("PATCH").add("PUT").add("DELETE");
        o.set("method", method);
        // a path_prefix holds letters, digits, '_', '-', '.' and '/': only the dot needs escaping in the pattern
        o.set("path", string().put("pattern", "^" + (prefix + "/").replace(".", "\\.")));
        o.set("body", NODES.objectNode().put("description", "The body of a POST, PATCH or PUT, as its route takes it"
                + " (nested writes, arrays and bulk updates included)."));
        o.set("if_match", string().put("description", "The If-Match header of a single-row PATCH, PUT or DELETE."));
        ObjectNode noneMatch = string().put("description", "The If-None-Match header of a PUT: * makes it create-only.");
        noneMatch.putArray("enum").add("*");
        o.set("if_none_match", noneMatch);
        o.set("prefer", string().put("description", "The Prefer header of a POST with on_conflict in its path:"
                + " resolution=merge-duplicates or resolution=ignore-duplicates."));
        op.putArray("required").add("method").add("path");
        schemas.set("BatchOperation", op);

        ObjectNode result = object("The answer to one operation of a batch.");
        ObjectNode r = result.putObject("properties");
        r.set("status", NODES.objectNode().put("type", "integer"));
        r.set("body", NODES.objectNode().put("description", "The body the route alone would answer (absent for 204)."));
        ObjectNode outcome = string();
        outcome.putArray("enum").add("created").add("updated").add("ignored");
        r.set("upsert", NODES.objectNode().put("type", "array").put("description",
                "An on_conflict upsert's outcome per object, in order (the route's Plinth-Upsert header).").set("items", outcome));
        result.putArray("required").add("status");
        schemas.set("BatchResult", result);
    }

    private static ObjectNode object(String description) {
        return NODES.objectNode().put("type", "object").put("description", description);
    }

    private static ObjectNode string() {
        return NODES.objectNode().put("type", "string");
    }
}
