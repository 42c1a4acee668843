package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.query.ListQuery;
import dev.plinth.query.RelatedRows;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operations of nested routes: the rows related to one parent row ({@code GET
 * /api/companies/7/contacts}), creating a child with its foreign key set ({@code POST …}), and
 * connecting or disconnecting rows of an implicit many-to-many relation through its join table
 * ({@code PUT}/{@code DELETE /api/posts/1/categories/3}, idempotent).
 */
public final class RelationService {

    /** The most rows a many-to-many nested list considers (their ids are bound into one statement). */
    public static final int MAX_LINKED_ROWS = 10_000;

    private final Schema schema;
    private final ResourceCatalog catalog;
    private final RecordService records;
    private final ObjectMapper mapper;
    private final DatabaseKind kind;

    /**
     * @param schema  the served schema
     * @param catalog the served resources
     * @param records the single-row service
     * @param mapper  the JSON mapper
     * @param kind    the database
     */
    public RelationService(Schema schema, ResourceCatalog catalog, RecordService records, ObjectMapper mapper, DatabaseKind kind) {
        this.schema = schema;
        this.catalog = catalog;
        this.records = records;
        this.mapper = mapper;
        this.kind = kind;
    }

    /**
     * The to-many and many-to-many relations of a resource that get nested routes.
     *
     * @param resource the parent resource
     * @return the links, in field order
     */
    public List<RelationLink> nestedLinks(Resource resource) {
        List<RelationLink> out = new ArrayList<>();
        for (Field f : resource.model().relationFields()) {
            RelationLink.of(schema, catalog, resource.model(), f).filter(RelationLink::many).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Reads the parent row in the caller's scope.
     *
     * @param c      a connection
     * @param parent the parent resource
     * @param key    the parent's key values
     * @param scope  the caller's scope on the parent
     * @return the row
     * @throws SQLException when the database fails
     * @throws ProblemException 404 when there is no such row in scope
     */
    public ObjectNode row(Connection c, Resource parent, Object[] key, Scope scope) throws SQLException {
        byte[] row = records.get(c, parent, key, scope);
        try {
            return (ObjectNode) mapper.readTree(row);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Narrows a list query of the related resource to the parent's rows.
     *
     * @param c      a connection (read for a many-to-many relation's join table)
     * @param link   the relation
     * @param parent the parent row
     * @param query  the request's query on the related resource
     * @return the narrowed query
     * @throws SQLException when the database fails
     */
    public ListQuery children(Connection c, RelationLink link, ObjectNode parent, ListQuery query) throws SQLException {
        List<String> key = RelatedFetch.key(parent, link.local());
        if (!link.manyToMany()) {
            return RelatedRows.narrowed(query, RelatedRows.equal(link.remote(), key, schema));
        }
        List<List<String>> ids = new ArrayList<>();
        String p = ResourceCatalog.quote(link.parentJoinColumn());
        String t = ResourceCatalog.quote(link.targetJoinColumn());
        try (PreparedStatement ps = c.prepareStatement("SELECT " + t + " FROM " + joinTable(link) + " WHERE " + p + " = ?")) {
            ps.setObject(1, JoinKeys.bind(link.local().getFirst(), key.getFirst()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(List.of(rs.getString(1)));
                }
            }
        }
        if (ids.size() > MAX_LINKED_ROWS) {
            throw ApiProblem.INVALID_PARAMETER.with("this row is linked to more than " + MAX_LINKED_ROWS + " "
                    + link.target().name() + "; list them from " + link.target().path() + " instead");
        }
        if (ids.isEmpty()) {
            return none(link, query);
        }
        return RelatedRows.narrowed(query, RelatedRows.keyIn(link.target().model(), link.remote(), ids, schema));
    }

    /**
     * The query narrowed to no row (the page, count and cursor stay well-formed): a key column both NULL
     * and not NULL.
     *
     * @param link  the relation
     * @param query the query on the related resource
     * @return the narrowed query
     */
    public ListQuery none(RelationLink link, ListQuery query) {
        Field id = link.remote().getFirst();
        dev.plinth.query.ColumnKind kind = dev.plinth.query.ColumnKind.of(id).orElseThrow();
        return RelatedRows.narrowed(query, new dev.plinth.query.Filter.All(List.of(
                new dev.plinth.query.Filter.Comparison(id.columnName(), id, kind, dev.plinth.query.Operator.ISNULL, List.of(Boolean.TRUE)),
                new dev.plinth.query.Filter.Comparison(id.columnName(), id, kind, dev.plinth.query.Operator.ISNULL, List.of(Boolean.FALSE)))));
    }

    /**
     * The caller's scope on the related resource, or empty when the caller can own none of its rows
     * (see {@link RelatedFetch#visible}).
     *
     * @param target the related resource
     * @param caller the caller
     * @return the scope
     */
    public Optional<Scope> visible(Resource target, Caller caller) {
        return RelatedFetch.visible(records, target, caller);
    }

    /**
     * Creates a child row with its foreign key set to the parent's.
     *
     * @param c      the connection, in a write transaction
     * @param link   a to-many relation (not many-to-many)
     * @param parent the parent row
     * @param body   the child's JSON object
     * @param caller the caller
     * @return the inserted row and its key
     * @throws SQLException when the database fails
     * @throws ProblemException 422 for a body that is not an object, or breaks the schema
     */
    public RecordService.Written createChild(Connection c, RelationLink link, ObjectNode parent, JsonNode body, Caller caller)
            throws SQLException {
        if (!(body instanceof ObjectNode object)) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the body must be a JSON object", List.of());
        }
        ObjectNode child = object.deepCopy();
        for (int i = 0; i < link.local().size(); i++) {
            child.set(link.remote().get(i).apiName(), parent.get(link.local().get(i).apiName()));
        }
        return records.create(c, link.target(), child, caller);
    }

    /**
     * Links two rows of a many-to-many relation; linking them again changes nothing.
     *
     * @param c      the connection, in a write transaction
     * @param link   the many-to-many relation
     * @param parent the parent row
     * @param target the related row
     * @throws SQLException when the database fails
     */
    public void connect(Connection c, RelationLink link, ObjectNode parent, ObjectNode target) throws SQLException {
        String sql = "INSERT INTO " + joinTable(link) + " (" + ResourceCatalog.quote(link.parentJoinColumn()) + ", "
                + ResourceCatalog.quote(link.targetJoinColumn()) + ") VALUES (?, ?) ON CONFLICT DO NOTHING";
        joinWrite(c, link, parent, target, sql);
    }

    /**
     * Unlinks two rows of a many-to-many relation; unlinking rows that are not linked changes nothing.
     *
     * @param c      the connection, in a write transaction
     * @param link   the many-to-many relation
     * @param parent the parent row
     * @param target the related row
     * @throws SQLException when the database fails
     */
    public void disconnect(Connection c, RelationLink link, ObjectNode parent, ObjectNode target) throws SQLException {
        String sql = "DELETE FROM " + joinTable(link) + " WHERE " + ResourceCatalog.quote(link.parentJoinColumn()) + " = ? AND "
                + ResourceCatalog.quote(link.targetJoinColumn()) + " = ?";
        joinWrite(c, link, parent, target, sql);
    }

    private void joinWrite(Connection c, RelationLink link, ObjectNode parent, ObjectNode target, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, JoinKeys.bind(link.local().getFirst(), RelatedFetch.key(parent, link.local()).getFirst()));
            ps.setObject(2, JoinKeys.bind(link.remote().getFirst(), RelatedFetch.key(target, link.remote()).getFirst()));
            ps.executeUpdate();
        }
    }

    private String joinTable(RelationLink link) {
        return kind == DatabaseKind.POSTGRESQL ? JoinKeys.table(link.join().orElseThrow().tableName(), link.target().model())
                : ResourceCatalog.quote(link.join().orElseThrow().tableName());
    }
}
