package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Resource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.Map;

/**
 * The relation fields of a collection {@code PATCH /api/{resource}?filter} (docs/api.md, "Nested writes"):
 * what maps to a plain column write of every matched row is turned into its foreign-key columns, the rest
 * is refused. Prisma Client's {@code updateMany} takes no nested writes at all
 * (https://www.prisma.io/docs/orm/reference/prisma-client-reference#updatemany); Plinth takes, on a to-one
 * relation field holding the foreign key, {@code {"connect": {key}}} (the row found in the caller's read
 * scope, as {@link ConnectKeys} finds it for any nested write) and {@code {"disconnect": true}} when the
 * relation is optional, since both only set the foreign key of each matched row.
 */
public final class MatchedRelations {

    private final NestedWrites writes;

    /**
     * @param writes the nested writes, whose relation fields and connect lookups a collection PATCH shares
     */
    public MatchedRelations(NestedWrites writes) {
        this.writes = writes;
    }

    /**
     * Rewrites a collection PATCH body: each relation field becomes the foreign-key columns it sets.
     *
     * @param c        the connection, in the write's transaction (a {@code connect} is looked up there)
     * @param resource the resource patched
     * @param body     the body, an object naming at least one relation field ({@link NestedWrites#applies})
     * @param caller   the caller, whose read scope a connected row must be in
     * @return a body of columns only, in the member order of {@code body}
     * @throws SQLException when the database fails
     * @throws ProblemException 422 {@code invalid_nested_write} at the relation field for a form that is not a
     *         plain column write (create, to-many, many-to-many, far-side to-one), or a foreign key sent beside
     *         its relation field; 422 {@code foreign_key_violation} ({@code not_found}) for a connected row the
     *         caller cannot read or that does not exist
     */
    public ObjectNode columns(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        Map<String, RelationLink> own = writes.links(resource);
        ObjectNode out = ((ObjectNode) body).objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            RelationLink link = own.get(member.getKey());
            if (link == null) {
                out.set(member.getKey(), member.getValue());
                continue;
            }
            String field = member.getKey();
            if (!NestedWrites.holdsForeignKey(link)) {
                throw NestedWrites.refuse(field, "a PATCH of many rows writes only a to-one relation whose foreign key the row"
                        + " holds ({\"connect\": {…}} or {\"disconnect\": true}): PATCH each row, or send the rows' PATCHes in POST /api/batch");
            }
            for (var fk : link.local()) {
                if (body.has(fk.apiName())) {
                    throw NestedWrites.refuse(fk.apiName(), "is set by the relation field " + field + " in the same object: send one or the other");
                }
            }
            JsonNode value = member.getValue();
            if (value instanceof ObjectNode o && o.size() == 1 && o.has("disconnect")) {
                if (!o.get("disconnect").isBoolean() || !o.get("disconnect").asBoolean()) {
                    throw NestedWrites.refuse(field + ".disconnect", "expected true");
                }
                if (!link.field().optional()) {
                    throw NestedWrites.refuse(field + ".disconnect", "the relation is required: connect another row instead");
                }
                link.local().forEach(f -> out.set(f.apiName(), NullNode.getInstance()));
            } else if (value instanceof ObjectNode o && o.size() == 1 && o.has("connect")) {
                ObjectNode target = writes.keys().find(c, link.target(), o.get("connect"), caller, field + ".connect");
                for (int i = 0; i < link.local().size(); i++) {
                    out.set(link.local().get(i).apiName(), target.get(link.remote().get(i).apiName()));
                }
            } else {
                throw NestedWrites.refuse(field, "a PATCH of many rows takes {\"connect\": {…unique key…}}"
                        + (link.field().optional() ? " or {\"disconnect\": true}" : "")
                        + " here; to create related rows, PATCH each row, or send the rows' PATCHes in POST /api/batch");
            }
        }
        return out;
    }
}
