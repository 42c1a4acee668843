package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.query.Filter;
import dev.plinth.query.ListQuery;
import dev.plinth.query.QueryException;
import dev.plinth.query.RelatedRows;
import dev.plinth.query.SelectSql;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Embeds related rows into a page of rows ({@code include=company,contacts.company}): a to-one
 * relation as an object (or null), a to-many relation as an array of at most {@code include_limit}
 * rows per parent, in the related model's primary-key order.
 *
 * <p>Each include is one statement for the whole page ({@code WHERE fk IN (…)}; for to-many a
 * {@code row_number()} window caps each parent's rows), never one per row; a nested include is one more
 * for all the rows of its level; an implicit many-to-many include joins its join table in that one
 * statement. The related model's owner scoping and soft deletes apply: a row the caller
 * could not GET is never embedded (a to-one include then shows null).
 */
public final class IncludeLoader {

    private final Schema schema;
    private final ResourceCatalog catalog;
    private final SqlRenderer renderer;
    private final RecordService records;
    private final RelatedFetch fetch;

    /**
     * @param schema   the served schema
     * @param catalog  the served resources
     * @param renderer the SQL renderer
     * @param records  the single-row service (for scopes)
     * @param mapper   the JSON mapper
     */
    public IncludeLoader(Schema schema, ResourceCatalog catalog, SqlRenderer renderer, RecordService records, ObjectMapper mapper) {
        this.schema = schema;
        this.catalog = catalog;
        this.renderer = renderer;
        this.records = records;
        this.fetch = new RelatedFetch(mapper);
    }

    /**
     * Embeds every include path into the rows.
     *
     * @param c        a connection
     * @param resource the rows' resource
     * @param rows     the rows, changed in place
     * @param paths    include paths checked by the query parser ({@code company}, {@code contacts.company})
     * @param limit    the most rows per parent of a to-many include
     * @param caller   the caller, whose scope applies to the related models
     * @throws SQLException when the database fails
     * @throws QueryException 400 when an include needs a column the page's {@code select} left out
     */
    public void embed(Connection c, Resource resource, List<ObjectNode> rows, List<String> paths, int limit, Caller caller)
            throws SQLException {
        Map<String, List<String>> nested = new LinkedHashMap<>();
        for (String path : paths) {
            int dot = path.indexOf('.');
            String first = dot < 0 ? path : path.substring(0, dot);
            List<String> rest = nested.computeIfAbsent(first, k -> new ArrayList<>());
            if (dot >= 0) {
                rest.add(path.substring(dot + 1));
            }
        }
        for (Map.Entry<String, List<String>> e : nested.entrySet()) {
            Field field = resource.model().field(e.getKey()).orElseThrow();
            RelationLink link = RelationLink.of(schema, catalog, resource.model(), field).orElseThrow(() ->
                    RelationRequest.refused(dev.plinth.query.QueryError.Code.NOT_SUPPORTED, "include", "'include': relation '" + e.getKey() + "' cannot be embedded"));
            List<ObjectNode> embedded = embedOne(c, link, rows, limit, caller);
            if (!e.getValue().isEmpty() && !embedded.isEmpty()) {
                embed(c, link.target(), embedded, e.getValue(), limit, caller);
            }
        }
    }

    /** Embeds one relation; returns every embedded row (for a nested level). */
    private List<ObjectNode> embedOne(Connection c, RelationLink link, List<ObjectNode> rows, int limit, Caller caller)
            throws SQLException {
        String name = link.field().name();
        Set<List<String>> keys = new LinkedHashSet<>();
        for (ObjectNode row : rows) {
            for (Field f : link.local()) {
                if (!row.has(f.columnName())) {
                    throw RelationRequest.refused(dev.plinth.query.QueryError.Code.INVALID_PARAMETER, "include", "'include=" + name + "' needs the column '"
                            + f.columnName() + "'; add it to select");
                }
            }
            List<String> key = RelatedFetch.key(row, link.local());
            if (key != null) {
                keys.add(key);
            }
        }
        java.util.Optional<Scope> visible = RelatedFetch.visible(records, link.target(), caller);
        if (keys.isEmpty() || visible.isEmpty()) {
            rows.forEach(r -> r.set(name, link.many() ? r.arrayNode() : null));
            return List.of();
        }
        Scope scope = visible.get();
        Map<List<String>, List<ObjectNode>> byKey = new LinkedHashMap<>();
        List<ObjectNode> all = new ArrayList<>();
        if (link.manyToMany()) {
            ListQuery q = RelatedFetch.restrict(RelatedRows.query(link.target().model(), new Filter.All(List.of()), 1),
                    scope, link.target(), "include");
            List<String> parentIds = keys.stream().map(List::getFirst).toList();
            SelectSql select = renderer.selectLinked(q, ListService.predicates(link.target(), scope),
                    link.join().orElseThrow().tableName(), link.parentJoinColumn(), link.targetJoinColumn(),
                    link.remote().getFirst(), link.local().getFirst(), parentIds, limit);
            List<String> parents = new ArrayList<>();
            List<ObjectNode> linked = fetch.rows(c, link.target(), select, parents);
            for (int i = 0; i < linked.size(); i++) {
                byKey.computeIfAbsent(List.of(parents.get(i)), k -> new ArrayList<>()).add(linked.get(i));
                all.add(linked.get(i));
            }
        } else {
            Filter filter = RelatedRows.keyIn(link.target().model(), link.remote(), new ArrayList<>(keys), schema);
            ListQuery q = RelatedFetch.restrict(RelatedRows.query(link.target().model(), filter, keys.size()),
                    scope, link.target(), "include");
            SelectSql select = link.many()
                    ? renderer.selectPerParent(q, ListService.predicates(link.target(), scope), link.remote(), limit)
                    : renderer.select(q, ListService.predicates(link.target(), scope));
            for (ObjectNode t : fetch.rows(c, link.target(), select)) {
                byKey.computeIfAbsent(RelatedFetch.key(t, link.remote()), k -> new ArrayList<>()).add(t);
                all.add(t);
            }
        }
        for (ObjectNode row : rows) {
            List<String> key = RelatedFetch.key(row, link.local());
            List<ObjectNode> related = key == null ? List.of() : byKey.getOrDefault(key, List.of());
            if (link.many()) {
                ArrayNode array = row.arrayNode();
                related.forEach(array::add);
                row.set(name, array);
            } else {
                row.set(name, related.isEmpty() ? null : related.getFirst());
            }
        }
        return all;
    }
}
