package dev.plinth.api.record;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Each relation's link by model and field name, found once: the schema does not change while served. */
    private final Map<String, Optional<RelationLink>> links = new java.util.concurrent.ConcurrentHashMap<>();

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
     * Embeds every include path into the rows: each include's field is set on every row (after what the
     * rows already have, in the order the paths first name it), related rows rendered once each and
     * spliced in when the rows are written out.
     *
     * @param c        a connection
     * @param resource the rows' resource
     * @param rows     the rendered rows, extended in place
     * @param paths    include paths checked by the query parser ({@code company}, {@code contacts.company})
     * @param limit    the most rows per parent of a to-many include
     * @param caller   the caller, whose scope applies to the related models
     * @throws SQLException when the database fails
     * @throws QueryException 400 when an include needs a column the page's {@code select} left out
     */
    void embed(Connection c, Resource resource, RenderedRows rows, List<String> paths, int limit, Caller caller)
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
            RelationLink link = links.computeIfAbsent(resource.model().name() + "." + field.name(),
                    k -> RelationLink.of(schema, catalog, resource.model(), field)).orElseThrow(() ->
                    RelationRequest.refused(dev.plinth.query.QueryError.Code.NOT_SUPPORTED, "include", "'include': relation '" + e.getKey() + "' cannot be embedded"));
            RenderedRows embedded = embedOne(c, link, rows, limit, caller);
            if (!e.getValue().isEmpty() && embedded != null && embedded.size() > 0) {
                embed(c, link.target(), embedded, e.getValue(), limit, caller);
            }
        }
    }

    /** Embeds one relation; returns the related rows it fetched (for a nested level), null when it fetched none. */
    private RenderedRows embedOne(Connection c, RelationLink link, RenderedRows rows, int limit, Caller caller)
            throws SQLException {
        String name = link.field().name();
        Set<List<String>> keys = new LinkedHashSet<>();
        for (Field f : link.local()) {
            // every row has the same fields; an empty page needs none
            if (rows.size() > 0 && !rows.has(f.apiName())) {
                throw RelationRequest.refused(dev.plinth.query.QueryError.Code.INVALID_PARAMETER, "include", "'include=" + name + "' needs the column '"
                        + f.apiName() + "'; add it to select");
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            List<String> key = rows.key(i, link.local());
            if (key != null) {
                keys.add(key);
            }
        }
        java.util.Optional<Scope> visible = RelatedFetch.visible(records, link.target(), caller);
        if (keys.isEmpty() || visible.isEmpty()) {
            RenderedRows.Embedded none = link.many() ? new RenderedRows.Embedded.Rows(rows, new int[0]) : RenderedRows.Embedded.NULL_VALUE;
            for (int i = 0; i < rows.size(); i++) {
                rows.set(i, name, none);
            }
            return null;
        }
        Scope scope = visible.get();
        Map<List<String>, List<Integer>> byKey = new HashMap<>();
        RenderedRows related;
        if (link.manyToMany()) {
            ListQuery q = RelatedFetch.restrict(RelatedRows.query(link.target().model(), new Filter.All(List.of()), 1),
                    scope, link.target(), "include");
            List<String> parentIds = keys.stream().map(List::getFirst).toList();
            SelectSql select = renderer.selectLinked(q, ListService.predicates(link.target(), scope),
                    link.join().orElseThrow().tableName(), link.parentJoinColumn(), link.targetJoinColumn(),
                    link.remote().getFirst(), link.local().getFirst(), parentIds, limit);
            List<String> parents = new ArrayList<>();
            related = fetch.rows(c, link.target(), select, parents);
            for (int i = 0; i < related.size(); i++) {
                byKey.computeIfAbsent(List.of(parents.get(i)), k -> new ArrayList<>()).add(i);
            }
        } else {
            Filter filter = RelatedRows.keyIn(link.target().model(), link.remote(), new ArrayList<>(keys), schema);
            ListQuery q = RelatedFetch.restrict(RelatedRows.query(link.target().model(), filter, keys.size()),
                    scope, link.target(), "include");
            SelectSql select = link.many()
                    ? renderer.selectPerParent(q, ListService.predicates(link.target(), scope), link.remote(), limit)
                    : renderer.select(q, ListService.predicates(link.target(), scope));
            related = fetch.rows(c, link.target(), select);
            for (int i = 0; i < related.size(); i++) {
                byKey.computeIfAbsent(related.key(i, link.remote()), k -> new ArrayList<>()).add(i);
            }
        }
        for (int i = 0; i < rows.size(); i++) {
            List<String> key = rows.key(i, link.local());
            List<Integer> matches = key == null ? List.of() : byKey.getOrDefault(key, List.of());
            if (link.many()) {
                rows.set(i, name, new RenderedRows.Embedded.Rows(related, matches.stream().mapToInt(Integer::intValue).toArray()));
            } else {
                rows.set(i, name, matches.isEmpty() ? RenderedRows.Embedded.NULL_VALUE : new RenderedRows.Embedded.Row(related, matches.getFirst()));
            }
        }
        return related;
    }
}
