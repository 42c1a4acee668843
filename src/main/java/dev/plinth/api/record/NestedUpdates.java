package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.schema.model.Field;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Nested writes in a PATCH of one row (docs/api.md, "Nested writes"): a to-one relation field takes
 * {@code connect}, {@code create} or, when optional, {@code {"disconnect": true}}; a to-many or
 * many-to-many one takes {@code create}, {@code connect}, {@code disconnect} and {@code set} (the full list
 * of rows that stay or become linked), as Prisma Client's nested updates
 * (https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries#nested-writes). The row itself is
 * updated first, by {@link RecordService#update} (its preconditions, rules and conventions), then the
 * relations in body order, in the request's one transaction. Rows are created, found and re-pointed by
 * {@link NestedWrites}'s rules; letting a to-many row go sets its foreign key to null, which needs an
 * optional relation.
 */
public final class NestedUpdates {

    /** The operations of a to-many field in a PATCH, in the order they are carried out. */
    private static final List<String> MANY = List.of("set", "disconnect", "create", "connect");

    private final NestedWrites writes;
    private final DatabaseKind kind;

    /**
     * @param writes the nested creates, whose relations and rules a PATCH shares
     * @param kind   the database
     */
    public NestedUpdates(NestedWrites writes, DatabaseKind kind) {
        this.writes = writes;
        this.kind = kind;
    }

    /**
     * Tells whether a PATCH body nests relation writes.
     *
     * @param resource the resource updated
     * @param body     the body
     * @return true when the body is an object naming a relation field of the resource
     */
    public boolean applies(Resource resource, JsonNode body) {
        return writes.applies(resource, body);
    }

    /**
     * Updates a row and the relations its body names.
     *
     * @param c        the connection, in a write transaction (a failure must roll it back)
     * @param resource the resource
     * @param key      the row's key
     * @param body     the body, an object
     * @param caller   the caller
     * @param ifMatch  the {@code If-Match} header, or empty
     * @return the updated row and the relations to embed
     * @throws SQLException when the database fails
     * @throws ProblemException 404/409/412/422 as a PATCH, or for the first bad nested part with its path
     * @throws ConstraintFailure when a constraint refuses the row's own change
     */
    public NestedWrites.Created update(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller,
                                       Optional<String> ifMatch) throws SQLException {
        Map<String, RelationLink> own = writes.links(resource);
        ObjectNode scalars = ((ObjectNode) body).objectNode();
        List<Map.Entry<String, JsonNode>> after = new ArrayList<>();
        Set<String> include = new LinkedHashSet<>();
        Set<String> foreignKeys = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            RelationLink link = own.get(member.getKey());
            if (link == null) {
                scalars.set(member.getKey(), member.getValue());
                continue;
            }
            include.add(member.getKey());
            if (!NestedWrites.holdsForeignKey(link)) {
                after.add(member);
                continue;
            }
            String path = member.getKey();
            JsonNode value = member.getValue();
            if (value instanceof ObjectNode o && o.size() == 1 && o.has("disconnect")) {
                if (!o.get("disconnect").asBoolean(false) || !o.get("disconnect").isBoolean()) {
                    throw NestedWrites.refuse(path + ".disconnect", "expected true");
                }
                if (!link.field().optional()) {
                    throw NestedWrites.refuse(path + ".disconnect", "the relation is required: connect another row instead");
                }
                link.local().forEach(f -> scalars.set(f.apiName(), NullNode.getInstance()));
            } else {
                ObjectNode target = writes.toOne(c, link, value, caller, path, member.getKey() + ".", include);
                for (int i = 0; i < link.local().size(); i++) {
                    scalars.set(link.local().get(i).apiName(), target.get(link.remote().get(i).apiName()));
                }
            }
            link.local().forEach(f -> foreignKeys.add(f.apiName()));
        }
        for (String fk : foreignKeys) {
            if (body.has(fk)) {
                throw NestedWrites.refuse(fk, "is set by a nested relation in the same object: send one or the other");
            }
        }
        byte[] row = writes.records().update(c, resource, key, scalars, caller, ifMatch);
        ObjectNode parent = writes.parse(row);
        for (Map.Entry<String, JsonNode> member : after) {
            relation(c, own.get(member.getKey()), parent, member.getValue(), caller, member.getKey(), include);
        }
        return new NestedWrites.Created(new RecordService.Written(row, ""), new ArrayList<>(include));
    }

    /** The writes of one to-many, far-side to-one or many-to-many field. */
    private void relation(Connection c, RelationLink link, ObjectNode parent, JsonNode value, Caller caller, String path,
                          Set<String> include) throws SQLException {
        if (!(value instanceof ObjectNode object) || object.isEmpty()) {
            throw NestedWrites.refuse(path, link.many() ? "expected {\"create\", \"connect\", \"disconnect\", \"set\"}"
                    : "expected {\"connect\": {…}}, {\"create\": {…}} or {\"disconnect\": true}");
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String op = it.next();
            if (!MANY.contains(op) || (!link.many() && op.equals("set"))) {
                throw NestedWrites.refuse(NestedPath.join(path, op), "unknown operation; expected one of "
                        + (link.many() ? MANY : MANY.subList(1, 4)));
            }
        }
        if (!link.many() && object.size() > 1) {
            throw NestedWrites.refuse(path, "a to-one relation takes one operation");
        }
        String inc = path + ".";
        if (object.has("set")) {
            set(c, link, parent, object.get("set"), caller, NestedPath.join(path, "set"));
        }
        if (object.has("disconnect")) {
            disconnect(c, link, parent, object.get("disconnect"), caller, NestedPath.join(path, "disconnect"));
        }
        List<NestedWrites.Item> creates = items(link, object.get("create"), NestedPath.join(path, "create"));
        List<NestedWrites.Item> connects = items(link, object.get("connect"), NestedPath.join(path, "connect"));
        if (!link.many() && (!creates.isEmpty() || !connects.isEmpty())) {
            // a far-side to-one row is replaced: the one there now lets go first
            letGo(c, link, current(c, link, parent, caller), caller, path);
        }
        if (!creates.isEmpty()) {
            NestedWrites.refuseReadOnly(link, creates.getFirst().path());
        }
        if (link.manyToMany()) {
            List<ObjectNode> targets = new ArrayList<>(writesCreate(c, link, creates, null, caller, inc, include));
            for (NestedWrites.Item item : connects) {
                targets.add(writes.keys().find(c, link.target(), item.body(), caller, item.path()));
            }
            writes.joinRows(c, link, parent, targets);
            return;
        }
        ObjectNode fixed = writes.fixed(link, parent);
        NestedWrites.checkCreates(link, creates);
        writesCreate(c, link, creates, fixed, caller, inc, include);
        writes.connectChildren(c, link, fixed, connects, caller);
    }

    private List<ObjectNode> writesCreate(Connection c, RelationLink link, List<NestedWrites.Item> creates, ObjectNode fixed,
                                          Caller caller, String inc, Set<String> include) throws SQLException {
        return writes.createMany(c, link.target(), creates, fixed, caller, inc, include);
    }

    /** {@code set}: the rows linked now and not listed let go, then the listed ones are connected. */
    private void set(Connection c, RelationLink link, ObjectNode parent, JsonNode value, Caller caller, String path)
            throws SQLException {
        List<NestedWrites.Item> listed = items(link, value, path);
        List<ObjectNode> wanted = new ArrayList<>();
        Set<String> keep = new HashSet<>();
        for (NestedWrites.Item item : listed) {
            ObjectNode found = writes.keys().find(c, link.target(), item.body(), caller, item.path());
            wanted.add(found);
            keep.add(keyText(link.target(), found));
        }
        if (link.manyToMany()) {
            List<ObjectNode> linked = linkedTargets(c, link, parent, caller);
            List<ObjectNode> gone = linked.stream().filter(t -> !keep.contains(keyText(link.target(), t))).toList();
            unlink(c, link, parent, gone);
            writes.joinRows(c, link, parent, wanted);
            return;
        }
        for (ObjectNode now : current(c, link, parent, caller)) {
            if (!keep.contains(keyText(link.target(), now))) {
                letGo(c, link, List.of(now), caller, path);
            }
        }
        ObjectNode fixed = writes.fixed(link, parent);
        for (int i = 0; i < wanted.size(); i++) {
            writes.setForeignKey(c, link, wanted.get(i), fixed, caller, listed.get(i).path());
        }
    }

    /** {@code disconnect}: the listed rows (or, on a far-side to-one, {@code true}: the row there) let go. */
    private void disconnect(Connection c, RelationLink link, ObjectNode parent, JsonNode value, Caller caller, String path)
            throws SQLException {
        if (!link.many()) {
            if (!value.isBoolean() || !value.asBoolean()) {
                throw NestedWrites.refuse(path, "expected true");
            }
            letGo(c, link, current(c, link, parent, caller), caller, path);
            return;
        }
        List<ObjectNode> rows = new ArrayList<>();
        ObjectNode fixed = writes.fixed(link, parent);
        List<NestedWrites.Item> listed = items(link, value, path);
        for (NestedWrites.Item item : listed) {
            ObjectNode found = writes.keys().find(c, link.target(), item.body(), caller, item.path());
            if (!link.manyToMany()) {
                for (Iterator<String> it = fixed.fieldNames(); it.hasNext(); ) {
                    String fk = it.next();
                    if (!fixed.get(fk).equals(found.get(fk))) {
                        throw NestedWrites.refuse(item.path(), "this row is not linked to the row patched");
                    }
                }
            }
            rows.add(found);
        }
        if (link.manyToMany()) {
            unlink(c, link, parent, rows);
            return;
        }
        for (int i = 0; i < rows.size(); i++) {
            letGo(c, link, List.of(rows.get(i)), caller, listed.get(i).path());
        }
    }

    /** Sets the foreign key of rows to null, as a PATCH of each would; refused when the key is required. */
    private void letGo(Connection c, RelationLink link, List<ObjectNode> rows, Caller caller, String path) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        ObjectNode nulls = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (Field f : link.remote()) {
            if (!f.optional()) {
                throw NestedWrites.refuse(path, link.target().name() + "." + f.apiName()
                        + " is required: a row cannot be let go, only deleted or connected elsewhere");
            }
            nulls.set(f.apiName(), NullNode.getInstance());
        }
        for (ObjectNode row : rows) {
            writes.setForeignKey(c, link, row, nulls, caller, path);
        }
    }

    /** The rows of a to-many or far-side to-one relation that point at {@code parent} now, in the caller's read scope. */
    private List<ObjectNode> current(Connection c, RelationLink link, ObjectNode parent, Caller caller) throws SQLException {
        List<Column> fks = new ArrayList<>();
        Object[] values = new Object[link.remote().size()];
        for (int i = 0; i < link.remote().size(); i++) {
            Column col = link.target().stored(link.remote().get(i).columnName()).orElseThrow();
            fks.add(col);
            try {
                values[i] = col.codec().decode(parent.get(link.local().get(i).apiName()));
            } catch (dev.plinth.api.value.InvalidValue e) {
                throw new IllegalStateException("a stored key does not read back: " + e.getMessage(), e);
            }
        }
        return writes.keys().rows(c, link.target(), fks, values, writes.records().readScope(link.target(), caller, false));
    }

    /** The rows a parent is linked to through a many-to-many join table, as far as the caller may read them. */
    private List<ObjectNode> linkedTargets(Connection c, RelationLink link, ObjectNode parent, Caller caller) throws SQLException {
        List<ObjectNode> out = new ArrayList<>();
        String sql = "SELECT " + ResourceCatalog.quote(link.targetJoinColumn()) + " FROM " + joinTable(link)
                + " WHERE " + ResourceCatalog.quote(link.parentJoinColumn()) + " = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, JoinKeys.bind(link.local().getFirst(), RelatedFetch.key(parent, link.local()).getFirst()));
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ObjectNode t = parent.objectNode();
                    t.put(link.remote().getFirst().apiName(), rs.getString(1));
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** Removes the join rows between a parent and targets, one statement. */
    private void unlink(Connection c, RelationLink link, ObjectNode parent, List<ObjectNode> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        String sql = "DELETE FROM " + joinTable(link) + " WHERE " + ResourceCatalog.quote(link.parentJoinColumn()) + " = ? AND "
                + ResourceCatalog.quote(link.targetJoinColumn()) + " IN (" + String.join(", ", java.util.Collections.nCopies(targets.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, JoinKeys.bind(link.local().getFirst(), RelatedFetch.key(parent, link.local()).getFirst()));
            int i = 2;
            for (ObjectNode t : targets) {
                ps.setObject(i++, JoinKeys.bind(link.remote().getFirst(), RelatedFetch.key(t, link.remote()).getFirst()));
            }
            ps.executeUpdate();
        }
    }

    private String joinTable(RelationLink link) {
        return kind == DatabaseKind.POSTGRESQL ? JoinKeys.table(link.join().orElseThrow().tableName(), link.target().model())
                : ResourceCatalog.quote(link.join().orElseThrow().tableName());
    }

    private static String keyText(Resource target, ObjectNode row) {
        StringBuilder s = new StringBuilder();
        for (Column k : target.key()) {
            s.append(row.path(k.name()).asText()).append('\u0000');
        }
        return s.toString();
    }

    /** The objects of one operation: an array (to-many) or one object. */
    private static List<NestedWrites.Item> items(RelationLink link, JsonNode part, String path) {
        List<NestedWrites.Item> out = new ArrayList<>();
        if (part == null) {
            return out;
        }
        if (part instanceof ArrayNode array && link.many()) {
            NestedWrites.collect(array, path, out);
        } else if (part instanceof ObjectNode one) {
            out.add(new NestedWrites.Item(one, path));
        } else {
            throw NestedWrites.refuse(path, link.many() ? "expected an object or an array of objects" : "expected an object");
        }
        return out;
    }
}
