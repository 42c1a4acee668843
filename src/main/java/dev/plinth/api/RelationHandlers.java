package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.record.RelationLink;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.RelationService;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;
import io.javalin.http.Context;

import java.sql.SQLException;
import java.util.List;

/**
 * The nested routes of one relation of a resource:
 * <ul>
 *   <li>{@code GET /api/{parent}/{key}/{relation}}: the related rows, with every list parameter;</li>
 *   <li>{@code POST /api/{parent}/{key}/{relation}}: create a child with the foreign key set (to-many);</li>
 *   <li>{@code PUT} and {@code DELETE /api/{parent}/{key}/{relation}/{key}}: link and unlink rows of an
 *       implicit many-to-many relation, idempotent, {@code 204}.</li>
 * </ul>
 * The parent must be visible to the caller (else {@code 404}), as must the other row of a link.
 */
public final class RelationHandlers {

    private final ApiContext api;
    private final RelationService relations;
    private final Resource parent;
    private final RelationLink link;

    /**
     * @param api       the shared context
     * @param relations the relation operations
     * @param parent    the parent resource
     * @param link      the relation (to-many or many-to-many)
     */
    public RelationHandlers(ApiContext api, RelationService relations, Resource parent, RelationLink link) {
        this.api = api;
        this.relations = relations;
        this.parent = parent;
        this.link = link;
    }

    /**
     * {@code GET /api/{parent}/{key}/{relation}}; with {@code Prefer: count=…}, the total in {@code Content-Range}
     * as on the collection route. {@code HEAD} runs this handler and sends no body.
     */
    public void list(Context ctx) throws SQLException {
        Caller caller = caller(ctx, parent, true);
        requireAccess(caller, link.target(), true);
        Object[] key = api.records().parseKey(parent, segment(ctx, "key"));
        Scope parentScope = api.records().readScope(parent, caller, false);
        java.util.Optional<dev.plinth.query.CountMode> preferred = ListPage.preferredCount(ctx);
        ListQuery parsed = api.lists().parse(link.target(), ctx.queryParamMap(), caller);
        ListQuery query = preferred.map(parsed::withCount).orElse(parsed);
        // A caller who can own no row of an owner-scoped target sees an empty list under the parent.
        java.util.Optional<Scope> visible = relations.visible(link.target(), caller);
        // The target's whole scope applies: owner, access rules and tenant conventions, hidden fields.
        Scope scope = visible.map(s -> query.withDeleted() ? s.withDeleted() : s)
                .orElse(new Scope(java.util.Optional.empty(), query.withDeleted()));
        RelationRequest embed = RelationRequest.of(ctx.queryParamMap(), query.include(), api.relations().labelsAlways(link.target()));
        ListPage.Rendered page = api.database().read(c -> {
            ObjectNode row = relations.row(c, parent, key, parentScope);
            ListQuery children = visible.isPresent() ? relations.children(c, link, row, query) : relations.none(link, query);
            return ListPage.render(api, c, link.target(), children, scope, embed, caller);
        });
        ListPage.countHeaders(ctx, preferred, page.listed());
        RecordHandlers.json(ctx, 200, api.numbers().page(api.numbers().strings(ctx), link.target(), page.json()));
    }

    /** {@code POST /api/{parent}/{key}/{relation}}: 201 with the child and its {@code Location}. */
    public void create(Context ctx) throws SQLException {
        Caller caller = caller(ctx, parent, false);
        requireAccess(caller, link.target(), false);
        Object[] key = api.records().parseKey(parent, segment(ctx, "key"));
        noParameters(ctx);
        JsonNode body = api.bodies().read(ctx);
        Scope parentScope = api.records().scope(parent, caller, false);
        RecordService.Written written = api.write(c ->
                relations.createChild(c, link, relations.row(c, parent, key, parentScope), body, caller));
        ctx.header("Location", link.target().path() + "/" + written.key());
        ctx.header("ETag", RecordService.etag(written.row()));
        RecordHandlers.json(ctx, 201, api.numbers().row(api.numbers().strings(ctx), link.target(), written.row()));
    }

    /** {@code PUT /api/{parent}/{key}/{relation}/{other}}: link; 204. */
    public void connect(Context ctx) throws SQLException {
        link(ctx, true);
    }

    /** {@code DELETE /api/{parent}/{key}/{relation}/{other}}: unlink; 204. */
    public void disconnect(Context ctx) throws SQLException {
        link(ctx, false);
    }

    private void link(Context ctx, boolean connect) throws SQLException {
        Caller caller = caller(ctx, parent, false);
        requireAccess(caller, link.target(), false);
        Object[] key = api.records().parseKey(parent, segment(ctx, "key"));
        Object[] other = api.records().parseKey(link.target(), segment(ctx, "other"));
        noParameters(ctx);
        Scope parentScope = api.records().scope(parent, caller, false);
        Scope targetScope = api.records().scope(link.target(), caller, false);
        api.write(c -> {
            ObjectNode p = relations.row(c, parent, key, parentScope);
            ObjectNode t = relations.row(c, link.target(), other, targetScope);
            if (connect) {
                relations.connect(c, link, p, t);
            } else {
                relations.disconnect(c, link, p, t);
            }
            return null;
        });
        ctx.status(204);
    }

    private Caller caller(Context ctx, Resource resource, boolean read) {
        Caller caller = api.authenticator().authenticate(ctx);
        requireAccess(caller, resource, read);
        return caller;
    }

    private void requireAccess(Caller caller, Resource resource, boolean read) {
        if (resource.owner().isEmpty() || (read && resource.model().conventions().openRead())) {
            api.authenticator().requireAccess(caller, read);
        }
    }

    /** A key's path segment, still percent-encoded (as {@link dev.plinth.api.record.RecordService#parseKey} takes it). */
    private String segment(Context ctx, String name) {
        String[] parts = ctx.req().getRequestURI().split("/", -1);
        // the parent's path ("/api/parent", or under another path_prefix), then key, relation, other?
        int key = parent.path().split("/", -1).length;
        return name.equals("key") ? parts[key] : parts[key + 2];
    }

    private static void noParameters(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name + "'",
                    List.of(new FieldError(name, "invalid_parameter", "this request takes no query parameters")));
        }
    }
}
