package dev.plinth.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.TotalCounter;

/**
 * The OpenAPI description of counting (docs/api.md, "Counting"): the {@code Prefer: count=…} header of a
 * list (PostgREST's spellings), the {@code Content-Range}, {@code Preference-Applied} and {@code Plinth-Count}
 * headers it answers, and {@code HEAD} on list routes, which answers a GET's headers without its body.
 */
final class CountOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String PREFER = "count=exact asks for the total in Content-Range (e.g. 0-24/3573, */0 for no row)"
            + " and in the body's total; count=estimated for an exact total up to " + TotalCounter.EXACT_UP_TO
            + " rows and the database's estimate above (total_estimated and Plinth-Count say which); count=planned for"
            + " the estimate alone. Applied preferences are echoed in Preference-Applied (RFC 7240); others are ignored."
            + " Not applied to streamed pages (per_page=all, or above 1000 rows without include or labels).";

    private CountOperations() {
    }

    /**
     * Adds the response headers of a counted list to the document's {@code components/headers}.
     *
     * @param headers the {@code components/headers} object
     */
    static void addHeaders(ObjectNode headers) {
        headers.set("ContentRange", header("With Prefer: count=…: first-last/total of the page's rows (0-based), or */total"
                + " when the page holds no row or is a cursor page after the first (RFC 9110 section 14.4)."));
        headers.set("PreferenceApplied", header("The preferences applied, e.g. count=exact (RFC 7240 section 3)."));
        headers.set("PlinthCount", header("With Prefer: count=…: exact when the total was counted, estimated when it is the"
                + " database's estimate.").<ObjectNode>set("schema", NODES.objectNode().put("type", "string")
                .set("enum", NODES.arrayNode().add("exact").add("estimated"))));
    }

    /**
     * Adds the {@code Prefer} header parameter (or extends the one already there) and the count headers of the
     * 200 answer to a list's GET.
     *
     * @param get the list operation
     */
    static void onList(ObjectNode get) {
        ArrayNode params = get.get("parameters") instanceof ArrayNode a ? a : get.putArray("parameters");
        ObjectNode prefer = null;
        for (JsonNode p : params) {
            if (p.path("in").asText().equals("header") && p.path("name").asText().equals("Prefer") && p instanceof ObjectNode o) {
                prefer = o;
            }
        }
        if (prefer == null) {
            params.add(NODES.objectNode().put("name", "Prefer").put("in", "header").put("required", false)
                    .put("description", PREFER).set("schema", NODES.objectNode().put("type", "string").put("example", "count=exact")));
        } else {
            prefer.put("description", PREFER + " " + prefer.path("description").asText());
        }
        if (get.path("responses").get("200") instanceof ObjectNode ok) {
            ObjectNode headers = ok.get("headers") instanceof ObjectNode h ? h : ok.putObject("headers");
            headers.set("Content-Range", ref("ContentRange"));
            headers.set("Preference-Applied", ref("PreferenceApplied"));
            headers.set("Plinth-Count", ref("PlinthCount"));
        }
    }

    /**
     * The {@code HEAD} of a list route: the GET's parameters and statuses, its headers, no body.
     *
     * @param get the list's GET, after {@link #onList}
     * @param id  the operation id
     * @return the operation
     */
    static ObjectNode head(ObjectNode get, String id) {
        ObjectNode head = get.deepCopy();
        head.put("operationId", id);
        head.put("summary", "Count: " + get.path("summary").asText() + ", headers only");
        head.put("description", "The GET's status and headers without the body (RFC 9110 section 9.3.2); with"
                + " Prefer: count=exact and per_page=0 only the count runs, and Content-Range holds the total.");
        if (head.path("responses").get("200") instanceof ObjectNode ok) {
            ok.remove("content");
            ok.put("description", "The page's headers");
        }
        return head;
    }

    private static ObjectNode header(String description) {
        return NODES.objectNode().put("description", description).set("schema", NODES.objectNode().put("type", "string"));
    }

    private static ObjectNode ref(String header) {
        return NODES.objectNode().put("$ref", "#/components/headers/" + header);
    }
}
