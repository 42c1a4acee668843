package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates a row together with related rows named in its body (docs/api.md, "Nested writes"), in the
 * caller's one transaction: a to-one relation field takes {@code {"connect": {key}}} or
 * {@code {"create": {…}}}; a to-many or implicit many-to-many relation field takes an array of objects to
 * create, or {@code {"create": […], "connect": […]}}; nesting goes as deep as the schema's relations.
 * The grammar is Prisma Client's nested writes
 * (https://www.prisma.io/docs/orm/prisma-client/queries/relation-queries#nested-writes).
 *
 * <p>Every created row goes through {@link RecordService#prepareInsert} and {@link RecordService#insert}
 * as a top-level create would (body reader, data rules, defaults, owner/tenant/timestamps/audit, create
 * rules); a connected row must be readable by the caller ({@link ConnectKeys}), and a to-many
 * {@code connect} changes the connected row's foreign key through {@link RecordService#update}, so its
 * update rules apply as to a PATCH. Rows a parent holds the foreign key of are written first, then the
 * parent, then its to-many rows: those without nested relations of their own go in multi-row inserts per
 * statement shape. Statements grow linearly with the rows written.
 */
public final class NestedWrites {

    /** The operations of a create body, in the order they are carried out. */
    static final List<String> OPERATIONS = List.of("create", "connect");

    private final Map<String, Map<String, RelationLink>> links;
    private final RecordService records;
    private final ConstraintTranslator translator;
    private final ObjectMapper mapper;
    private final DatabaseKind kind;
    private final ConnectKeys keys;

    private NestedWrites(Map<String, Map<String, RelationLink>> links, RecordService records, ConstraintTranslator translator,
                         ObjectMapper mapper, DatabaseKind kind) {
        this.links = links;
        this.records = records;
        this.translator = translator;
        this.mapper = mapper;
        this.kind = kind;
        this.keys = new ConnectKeys(records, mapper);
    }

    /**
     * Resolves, once at startup, the relation fields a body may nest.
     *
     * @param schema     the served schema
     * @param catalog    the served resources
     * @param records    the single-row service
     * @param translator explains a constraint a nested row broke
     * @param mapper     the JSON mapper
     * @param kind       the database
     * @return the nested writes, or empty when no served model has a relation (no request pays anything then)
     */
    public static Optional<NestedWrites> of(Schema schema, ResourceCatalog catalog, RecordService records,
                                            ConstraintTranslator translator, ObjectMapper mapper, DatabaseKind kind) {
        Map<String, Map<String, RelationLink>> links = new HashMap<>();
        for (Resource r : catalog.resources()) {
            Map<String, RelationLink> own = new LinkedHashMap<>();
            for (Field f : r.model().relationFields()) {
                RelationLink.of(schema, catalog, r.model(), f).filter(l -> l.target().addressable()).ifPresent(l -> own.put(f.name(), l));
            }
            if (!own.isEmpty()) {
                links.put(r.name(), Map.copyOf(own));
            }
        }
        return links.isEmpty() ? Optional.empty()
                : Optional.of(new NestedWrites(Map.copyOf(links), records, translator, mapper, kind));
    }

    /** Returns the relation fields a body of a resource may nest, by field name (empty for none). */
    Map<String, RelationLink> links(Resource resource) {
        return links.getOrDefault(resource.name(), Map.of());
    }

    /** Returns the finder of connected rows. */
    ConnectKeys keys() {
        return keys;
    }

    /** Returns the single-row service. */
    RecordService records() {
        return records;
    }

    /**
     * Tells whether a create body nests related rows.
     *
     * @param resource the resource created
     * @param body     the request body
     * @return true when the body is an object with a member named as one of the resource's relation fields
     */
    public boolean applies(Resource resource, JsonNode body) {
        Map<String, RelationLink> own = links.get(resource.name());
        if (own == null || !(body instanceof ObjectNode object)) {
            return false;
        }
        // a lookup per relation field in the body's own map: no iterator over the body's members, on every
        // object of every write (a bulk create asks once per row)
        for (String relation : own.keySet()) {
            if (object.get(relation) != null) {
                return true;
            }
        }
        return false;
    }

    /**
     * The written root row and what to embed to show the written relations.
     *
     * @param written the root row as a plain create answers it (after a PATCH: the updated row, with no key path)
     * @param include the include paths of the relations written ({@code posts}, {@code posts.comments})
     */
    public record Created(RecordService.Written written, List<String> include) {

        public Created {
            include = List.copyOf(include);
        }

        /** Returns the request embedding the written relations, with the largest per-parent cap. */
        public RelationRequest relations() {
            return new RelationRequest(include, RelationRequest.MAX_INCLUDE_LIMIT, false, false);
        }
    }

    /**
     * Creates a row and the rows nested in its body, in the connection's transaction.
     *
     * @param c        the connection, in a write transaction (a failure must roll it back)
     * @param resource the resource created
     * @param body     the body, an object
     * @param caller   the caller
     * @return the root row and the relations to embed
     * @throws SQLException when the database fails
     * @throws ProblemException 401/403/409/422 for the first bad part, its field paths pointing into the body
     * @throws ConstraintFailure when a constraint refuses the root row
     */
    public Created create(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        Set<String> include = new LinkedHashSet<>();
        Row root = createOne(c, resource, (ObjectNode) body, null, caller, "", "", include);
        return new Created(root.written(), new ArrayList<>(include));
    }

    /** A created row: as the caller sees it, and as JSON to read its key values from. */
    private record Row(RecordService.Written written, ObjectNode json) {
    }

    /** One object to create, with where it sits in the body. */
    record Item(ObjectNode body, String path) {
    }

    private Row createOne(Connection c, Resource resource, ObjectNode body, ObjectNode fixed, Caller caller, String path,
                          String inc, Set<String> include) throws SQLException {
        Map<String, RelationLink> own = links.getOrDefault(resource.name(), Map.of());
        ObjectNode scalars = mapper.createObjectNode();
        List<Map.Entry<String, JsonNode>> after = new ArrayList<>();
        List<String> foreignKeysSet = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            RelationLink link = own.get(member.getKey());
            if (link == null) {
                scalars.set(member.getKey(), member.getValue());
                continue;
            }
            include.add(inc + member.getKey());
            if (holdsForeignKey(link)) {
                ObjectNode target = toOne(c, link, member.getValue(), caller, NestedPath.join(path, member.getKey()),
                        inc + member.getKey() + ".", include);
                for (int i = 0; i < link.local().size(); i++) {
                    String fk = link.local().get(i).apiName();
                    scalars.set(fk, target.get(link.remote().get(i).apiName()));
                    foreignKeysSet.add(fk);
                }
            } else {
                after.add(member);
            }
        }
        for (String fk : foreignKeysSet) {
            if (body.has(fk)) {
                throw refuse(NestedPath.join(path, fk), "is set by a nested relation in the same object: send one or the other");
            }
        }
        if (fixed != null) {
            scalars.setAll(fixed);
        }
        RecordService.Written written = insertOne(c, resource, scalars, caller, path);
        Row row = new Row(written, parse(written.row()));
        for (Map.Entry<String, JsonNode> member : after) {
            children(c, own.get(member.getKey()), row.json(), member.getValue(), caller,
                    NestedPath.join(path, member.getKey()), inc + member.getKey() + ".", include);
        }
        return row;
    }

    /** A to-one relation whose foreign key the parent holds: the row to point at, connected or created first. */
    ObjectNode toOne(Connection c, RelationLink link, JsonNode value, Caller caller, String path, String inc,
                             Set<String> include) throws SQLException {
        if (!(value instanceof ObjectNode object) || object.size() != 1 || !OPERATIONS.contains(object.fieldNames().next())) {
            throw refuse(path, "expected {\"connect\": {…unique key…}} or {\"create\": {…}}");
        }
        String op = object.fieldNames().next();
        String at = NestedPath.join(path, op);
        if (op.equals("connect")) {
            return keys.find(c, link.target(), object.get(op), caller, at);
        }
        ObjectNode created = requireObject(object.get(op), at);
        refuseReadOnly(link, at);
        return createOne(c, link.target(), created, null, caller, at, inc, include).json();
    }

    /** A relation whose rows hold the parent's key (to-many, the far side of a one-to-one) or a many-to-many one. */
    private void children(Connection c, RelationLink link, ObjectNode parent, JsonNode value, Caller caller, String path,
                          String inc, Set<String> include) throws SQLException {
        List<Item> creates = new ArrayList<>();
        List<Item> connects = new ArrayList<>();
        if (value instanceof ArrayNode array && link.many()) {
            collect(array, path, creates);
        } else if (value instanceof ObjectNode object && !object.isEmpty() && allOperations(object)) {
            for (String op : OPERATIONS) {
                JsonNode part = object.get(op);
                if (part == null) {
                    continue;
                }
                String at = NestedPath.join(path, op);
                List<Item> into = op.equals("create") ? creates : connects;
                if (part instanceof ArrayNode array && link.many()) {
                    collect(array, at, into);
                } else if (part instanceof ObjectNode one) {
                    into.add(new Item(one, at));
                } else {
                    throw refuse(at, link.many() ? "expected an object or an array of objects" : "expected an object");
                }
            }
        } else {
            throw refuse(path, link.many()
                    ? "expected an array of objects to create, or {\"create\": […], \"connect\": […]}"
                    : "expected {\"connect\": {…unique key…}} or {\"create\": {…}}");
        }
        if (!link.many() && creates.size() + connects.size() > 1) {
            throw refuse(path, "a to-one relation takes one of create or connect");
        }
        if (!creates.isEmpty()) {
            refuseReadOnly(link, creates.getFirst().path());
        }
        if (link.manyToMany()) {
            List<ObjectNode> targets = new ArrayList<>(createMany(c, link.target(), creates, null, caller, inc, include));
            for (Item item : connects) {
                targets.add(keys.find(c, link.target(), item.body(), caller, item.path()));
            }
            joinRows(c, link, parent, targets);
            return;
        }
        ObjectNode fixed = fixed(link, parent);
        checkCreates(link, creates);
        createMany(c, link.target(), creates, fixed, caller, inc, include);
        connectChildren(c, link, fixed, connects, caller);
    }

    /** The foreign-key values a row nested under {@code parent} through {@code link} gets. */
    ObjectNode fixed(RelationLink link, ObjectNode parent) {
        ObjectNode fixed = mapper.createObjectNode();
        for (int i = 0; i < link.local().size(); i++) {
            fixed.set(link.remote().get(i).apiName(), parent.get(link.local().get(i).apiName()));
        }
        return fixed;
    }

    /** Refuses created children that set what their parent sets: the foreign key, or the relation back to it. */
    static void checkCreates(RelationLink link, List<Item> creates) {
        String back = link.field().relation().flatMap(RelationInfo::backField).orElse("");
        for (Item item : creates) {
            for (Field f : link.remote()) {
                if (item.body().has(f.apiName())) {
                    throw refuse(NestedPath.join(item.path(), f.apiName()), "is set by the parent this row is nested in: leave it out");
                }
            }
            if (!back.isEmpty() && item.body().has(back)) {
                throw refuse(NestedPath.join(item.path(), back), "is the parent this row is nested in: leave it out");
            }
        }
    }

    /**
     * Points rows at a parent by their foreign key ({@code fixed}; nulls to let them go): each row is found in
     * the caller's read scope, then changed as a PATCH of it would be (its update rules apply).
     */
    void connectChildren(Connection c, RelationLink link, ObjectNode fixed, List<Item> connects, Caller caller) throws SQLException {
        if (!connects.isEmpty()) {
            refuseReadOnly(link, connects.getFirst().path()); // connecting here writes the connected row's foreign key
        }
        for (Item item : connects) {
            setForeignKey(c, link, keys.find(c, link.target(), item.body(), caller, item.path()), fixed, caller, item.path());
        }
    }

    /** Changes the foreign key of one found row, as a PATCH of it would, problems told at {@code path}. */
    void setForeignKey(Connection c, RelationLink link, ObjectNode found, ObjectNode fixed, Caller caller, String path)
            throws SQLException {
        Object[] key = keyOf(link.target(), found, path);
        try {
            records.update(c, link.target(), key, fixed, caller, Optional.empty());
        } catch (ProblemException p) {
            throw NestedPath.at(p, path);
        } catch (ConstraintFailure f) {
            throw NestedPath.at(translator.translate(f), path);
        }
    }

    /**
     * Creates objects of one resource in order: those nesting relations of their own one by one, the others
     * in multi-row inserts of one statement shape each (the bulk create's rule, {@link RecordService#insertMany}).
     */
    List<ObjectNode> createMany(Connection c, Resource target, List<Item> items, ObjectNode fixed, Caller caller,
                                        String inc, Set<String> include) throws SQLException {
        List<ObjectNode> out = new ArrayList<>(items.size());
        int i = 0;
        while (i < items.size()) {
            Item item = items.get(i);
            if (applies(target, item.body())) {
                out.add(createOne(c, target, item.body(), fixed, caller, item.path(), inc, include).json());
                i++;
                continue;
            }
            List<RecordService.PreparedInsert> run = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            while (i < items.size() && !applies(target, items.get(i).body())) {
                ObjectNode body = items.get(i).body();
                if (fixed != null) {
                    body = body.deepCopy().setAll(fixed);
                }
                try {
                    run.add(records.prepareInsert(target, body, caller));
                } catch (ProblemException p) {
                    throw NestedPath.at(p, items.get(i).path());
                }
                paths.add(items.get(i).path());
                i++;
            }
            insertRun(c, target, run, paths, out);
        }
        return out;
    }

    /** Inserts prepared rows: consecutive ones of one shape and no create rule together, within the bind limit. */
    private void insertRun(Connection c, Resource target, List<RecordService.PreparedInsert> run, List<String> paths,
                           List<ObjectNode> out) throws SQLException {
        int start = 0;
        while (start < run.size()) {
            RecordService.PreparedInsert first = run.get(start);
            int max = records.maxRowsPerInsert(first.values().presentColumns().size());
            int end = start + 1;
            while (end < run.size() && end - start < max && sameStatement(first, run.get(end))) {
                end++;
            }
            if (end - start == 1) {
                out.add(parse(insertPrepared(c, target, first, paths.get(start)).row()));
            } else {
                for (byte[] row : insertChunk(c, target, run.subList(start, end), paths.subList(start, end))) {
                    out.add(parse(row));
                }
            }
            start = end;
        }
    }

    private static boolean sameStatement(RecordService.PreparedInsert first, RecordService.PreparedInsert next) {
        return first.rule().isTrue() && next.rule().isTrue() && !first.values().presentColumns().isEmpty()
                && first.values().shape().equals(next.values().shape());
    }

    /**
     * One multi-row insert; when the database refuses it, the rows go again one by one under a savepoint so
     * the problem names the object that caused it (the request is rolled back whole either way).
     */
    private List<byte[]> insertChunk(Connection c, Resource target, List<RecordService.PreparedInsert> rows, List<String> paths)
            throws SQLException {
        try {
            return records.insertMany(c, target, rows, "plinth_nested");
        } catch (SQLException e) {
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT plinth_nested");
                s.execute("RELEASE SAVEPOINT plinth_nested");
            }
            for (int i = 0; i < rows.size(); i++) {
                insertPrepared(c, target, rows.get(i), paths.get(i));
            }
            throw e; // together they failed although each went in alone: the original failure stands
        }
    }

    private RecordService.Written insertOne(Connection c, Resource resource, ObjectNode body, Caller caller, String path)
            throws SQLException {
        RecordService.PreparedInsert prepared;
        try {
            prepared = records.prepareInsert(resource, body, caller);
        } catch (ProblemException p) {
            throw NestedPath.at(p, path);
        }
        return insertPrepared(c, resource, prepared, path);
    }

    private RecordService.Written insertPrepared(Connection c, Resource resource, RecordService.PreparedInsert prepared, String path)
            throws SQLException {
        try {
            return records.insert(c, resource, prepared);
        } catch (ProblemException p) {
            throw NestedPath.at(p, path);
        } catch (ConstraintFailure f) {
            if (path.isEmpty()) {
                throw f;
            }
            throw NestedPath.at(translator.translate(f), path);
        }
    }

    /** Links a parent to rows of a many-to-many relation with one multi-row insert into the join table. */
    void joinRows(Connection c, RelationLink link, ObjectNode parent, List<ObjectNode> targets) throws SQLException {
        if (targets.isEmpty()) {
            return;
        }
        String table = kind == DatabaseKind.POSTGRESQL ? JoinKeys.table(link.join().orElseThrow().tableName(), link.target().model())
                : ResourceCatalog.quote(link.join().orElseThrow().tableName());
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(ResourceCatalog.quote(link.parentJoinColumn())).append(", ")
                .append(ResourceCatalog.quote(link.targetJoinColumn())).append(") VALUES ");
        for (int i = 0; i < targets.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
        }
        sql.append(" ON CONFLICT DO NOTHING"); // the same row connected twice is linked once
        Object parentId = JoinKeys.bind(link.local().getFirst(), RelatedFetch.key(parent, link.local()).getFirst());
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (ObjectNode target : targets) {
                ps.setObject(i++, parentId);
                ps.setObject(i++, JoinKeys.bind(link.remote().getFirst(), RelatedFetch.key(target, link.remote()).getFirst()));
            }
            ps.executeUpdate();
        }
    }

    private Object[] keyOf(Resource target, ObjectNode row, String path) {
        Object[] key = new Object[target.key().size()];
        for (int i = 0; i < key.length; i++) {
            Column col = target.key().get(i);
            try {
                key[i] = col.codec().decode(row.get(col.name()));
            } catch (InvalidValue e) {
                throw refuse(path, "the row's key could not be read back: " + e.getMessage());
            }
        }
        return key;
    }

    /** A read-only resource (a view, or a model the schema makes read-only) is never written, nested or not. */
    static void refuseReadOnly(RelationLink link, String path) {
        if (link.target().readOnly()) {
            throw refuse(path, link.target().name() + " is read-only");
        }
    }

    static boolean holdsForeignKey(RelationLink link) {
        return !link.manyToMany() && link.field().relation().map(RelationInfo::holdsForeignKey).orElse(false);
    }

    static boolean allOperations(ObjectNode object) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (!OPERATIONS.contains(it.next())) {
                return false;
            }
        }
        return true;
    }

    static void collect(ArrayNode array, String path, List<Item> into) {
        for (int i = 0; i < array.size(); i++) {
            String at = path + "[" + i + "]";
            into.add(new Item(requireObject(array.get(i), at), at));
        }
    }

    static ObjectNode requireObject(JsonNode node, String path) {
        if (node instanceof ObjectNode object) {
            return object;
        }
        throw refuse(path, "expected an object");
    }

    ObjectNode parse(byte[] row) {
        try {
            return (ObjectNode) mapper.readTree(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ProblemException refuse(String path, String message) {
        return ProblemException.fields(ApiProblem.VALIDATION_FAILED, path + ": " + message,
                List.of(new FieldError(path, "invalid_nested_write", message)));
    }
}
