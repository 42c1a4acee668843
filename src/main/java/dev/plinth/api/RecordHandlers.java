package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.CountMode;
import dev.plinth.query.ListQuery;
import io.javalin.http.Context;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP side of one resource's routes (docs/api.md, "Routes"): it reads the request, calls
 * the record and list services, and writes the answer. Errors are thrown as {@link ProblemException}
 * and rendered by {@link ApiServer}.
 */
public final class RecordHandlers {

    /** The only query parameter of single-row requests. */
    private static final Set<String> ROW_PARAMETERS = Set.of("with_deleted", "include", "include_limit", "labels");

    private final ApiContext api;
    private final Resource resource;
    private final String prefix;
    /** The write forms, shared with {@code POST /api/batch}. */
    private final RecordWrites writes;

    /**
     * Creates the handlers of a resource.
     *
     * @param api      the shared context
     * @param resource the resource
     * @param writes   the write forms of every resource (nested writes, upserts, bulk updates)
     */
    public RecordHandlers(ApiContext api, Resource resource, RecordWrites writes) {
        this.api = api;
        this.resource = resource;
        this.prefix = resource.path() + "/";
        this.writes = writes;
    }

    /**
     * {@code GET /api/{resource}}: one page of rows; with {@code Prefer: count=…}, its total in
     * {@code Content-Range} too (docs/api.md, "Counting"). {@code HEAD} runs this handler and sends no body.
     */
    public void list(Context ctx) throws SQLException, IOException {
        Caller caller = caller(ctx, true);
        ListQuery parsed = api.lists().parse(resource, ctx.queryParamMap(), caller);
        Scope scope = api.records().listScope(resource, caller, parsed.withDeleted());
        RelationRequest relations = RelationRequest.of(ctx.queryParamMap(), parsed.include(), api.relations().labelsAlways(resource));
        boolean strings = api.numbers().strings(ctx);
        if (ListPage.streamed(parsed, relations)) {
            // a Prefer: count=… is not applied: the headers leave before the rows are read (docs/api.md, "Counting")
            ListPage.stream(api, ctx, resource, parsed, scope, caller, strings);
            return;
        }
        Optional<CountMode> preferred = ListPage.preferredCount(ctx);
        ListQuery query = preferred.map(parsed::withCount).orElse(parsed);
        ListPage.Rendered page = api.database().read(c -> ListPage.render(api, c, resource, query, scope, relations, caller));
        ListPage.countHeaders(ctx, preferred, page.listed());
        json(ctx, 200, api.numbers().page(strings, resource, page.json()));
    }

    /** {@code GET /api/{resource}/{key}}: one row, with its {@code ETag}. */
    public void get(Context ctx) throws SQLException {
        Caller caller = caller(ctx, true);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, false));
        boolean withDeleted = rowParameters(ctx);
        Scope scope = api.records().readScope(resource, caller, withDeleted);
        List<String> includeParam = ctx.queryParamMap().get("include");
        // the query grammar is needed only to read an include; most single-row reads have none
        List<String> included = includeParam == null ? List.of()
                : api.lists().parse(resource, Map.of("include", includeParam)).include();
        RelationRequest relations = RelationRequest.of(ctx.queryParamMap(), included, api.relations().labelsAlways(resource));
        byte[][] read = api.database().read(c -> {
            byte[] plain = api.records().get(c, resource, key, scope);
            return new byte[][]{plain, relations.any() ? api.relations().embedRow(c, resource, plain, relations, caller) : plain};
        });
        // The ETag is the row's own, so that If-Match works whatever was embedded beside it.
        ctx.header("ETag", RecordService.etag(read[0]));
        byte[] row = read[1];
        json(ctx, 200, api.numbers().row(api.numbers().strings(ctx), resource, row));
    }

    /**
     * {@code POST /api/{resource}}: one object (201 + {@code Location}), or an array, all or nothing; objects may
     * nest related rows (docs/api.md, "Nested writes"). With {@code on_conflict}: an upsert ({@link #upsert}).
     */
    public void create(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Map<String, List<String>> params = ctx.queryParamMap();
        if (params.containsKey("on_conflict")) {
            upsert(ctx, caller, params);
            return;
        }
        rowParametersNone(ctx);
        JsonNode body = api.bodies().read(ctx);
        send(ctx, api.write(c -> writes.create(c, resource, body, caller)));
    }

    /**
     * {@code POST /api/{resource}?on_conflict=a,b} with {@code Prefer: resolution=merge-duplicates|ignore-duplicates}
     * (docs/api.md, "Upsert"). {@code Plinth-Upsert} lists, per object in order, {@code created}, {@code updated}
     * or {@code ignored}. One object: 201 + {@code Location} when created, 200 when updated, 204 when ignored;
     * an array: 201 when every object was created, else 200, with the rows written (ignored ones left out).
     */
    private void upsert(Context ctx, Caller caller, Map<String, List<String>> params) throws SQLException {
        RecordWrites.Upsert upsert = RecordWrites.Upsert.of(resource, params, ctx.req().getHeaders("Prefer") == null
                ? List.of() : java.util.Collections.list(ctx.req().getHeaders("Prefer")), "Prefer");
        JsonNode body = api.bodies().read(ctx);
        send(ctx, api.write(c -> writes.upsert(c, resource, upsert, body, caller)));
    }

    /**
     * {@code PATCH /api/{resource}/{key}}: the fields sent, and the relations the body writes; 409/412 on
     * stale expectations.
     */
    public void update(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, false));
        rowParametersNone(ctx);
        JsonNode body = api.bodies().read(ctx);
        send(ctx, api.write(c -> writes.update(c, resource, key, body, caller, ifMatch(ctx))));
    }

    /**
     * {@code PUT /api/{resource}/{key}} (docs/api.md, "Upsert"): replaces the row (200) or creates it at that
     * key (201 + {@code Location}); {@code If-Match}/{@code _expected_updated_at} make it conditional,
     * {@code If-None-Match: *} create-only.
     */
    public void put(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, false));
        rowParametersNone(ctx);
        JsonNode body = api.bodies().read(ctx);
        boolean createOnly = RecordWrites.createOnly(ctx.header("If-None-Match"), "If-None-Match");
        send(ctx, api.write(c -> writes.put(c, resource, key, body, caller, ifMatch(ctx), createOnly)));
    }

    /** {@code DELETE /api/{resource}/{key}}: 204; soft when the table has {@code deleted_at}. */
    public void delete(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, false));
        rowParametersNone(ctx);
        api.write(c -> {
            api.records().delete(c, resource, key, caller, ifMatch(ctx));
            return null;
        });
        ctx.status(204);
    }

    /** {@code POST /api/{resource}/{key}/restore}: undo a soft delete. */
    public void restore(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, true));
        rowParametersNone(ctx);
        byte[] row = api.write(c -> api.records().restore(c, resource, key, caller));
        ctx.header("ETag", RecordService.etag(row));
        json(ctx, 200, api.numbers().row(api.numbers().strings(ctx), resource, row));
    }

    /**
     * {@code PATCH /api/{resource}?filter} with an object: update every matching row (a to-one relation field
     * may connect or disconnect); answers the count. With an array of objects that each carry their key: a bulk
     * update with a value per row, all or nothing; answers the updated rows in request order (docs/api.md,
     * "Bulk updates").
     */
    public void updateAll(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        // a filter's parameters are checked before the body is read
        ListQuery query = ctx.queryParamMap().isEmpty() ? null : api.lists().parse(resource, ctx.queryParamMap(), caller);
        JsonNode body = api.bodies().read(ctx);
        send(ctx, api.write(c -> writes.updateAll(c, resource, query, body, caller)));
    }

    /** {@code DELETE /api/{resource}?filter}: delete every matching row; answers the count. */
    public void deleteAll(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        ListQuery query = api.lists().parse(resource, ctx.queryParamMap(), caller);
        int count = api.write(c -> api.lists().deleteAll(c, resource, query, caller));
        json(ctx, 200, ("{\"count\":" + count + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Answers 405 for writes on a read-only resource (a view). */
    public void readOnly(Context ctx) {
        throw ApiProblem.METHOD_NOT_ALLOWED.with(resource.name() + " is a view: it is read-only");
    }

    private Caller caller(Context ctx, boolean read) {
        Caller caller = api.authenticator().authenticate(ctx);
        if (resource.owner().isEmpty() || (api.records().access() != null && api.records().access().governed(resource))
                || (read && resource.model().conventions().openRead())) {
            api.authenticator().requireAccess(caller, read);
        }
        return caller;
    }

    private String rawKey(Context ctx, boolean restore) {
        String uri = ctx.req().getRequestURI();
        String rest = uri.substring(uri.indexOf(prefix) + prefix.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        if (restore) {
            rest = rest.substring(0, rest.length() - "/restore".length());
        }
        return rest;
    }

    private static boolean rowParameters(Context ctx) {
        Map<String, List<String>> params = ctx.queryParamMap();
        for (String name : params.keySet()) {
            if (!ROW_PARAMETERS.contains(name)) {
                throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name
                                + "'; a single row takes only with_deleted, include, include_limit and labels",
                        List.of(new FieldError(name, "invalid_parameter", "valid parameters: with_deleted, include, include_limit, labels")));
            }
        }
        String v = ctx.queryParam("with_deleted");
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.fields(ApiProblem.INVALID_VALUE, "'with_deleted' must be true or false",
                    List.of(new FieldError("with_deleted", "invalid_value", "must be true or false")));
        };
    }

    private static void rowParametersNone(Context ctx) {
        for (String name : ctx.queryParamMap().keySet()) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name + "'",
                    List.of(new FieldError(name, "invalid_parameter", "this request takes no query parameters")));
        }
    }

    private static Optional<String> ifMatch(Context ctx) {
        return Optional.ofNullable(ctx.header("If-Match"));
    }

    /** Writes a write's answer: its status, {@code Location}, {@code ETag}, upsert headers and body. */
    private void send(Context ctx, RecordWrites.Answer answer) {
        if (answer.resolution() != null) {
            ctx.res().addHeader("Preference-Applied", answer.resolution());
            ctx.header("Plinth-Upsert", String.join(", ", answer.upsert()));
        }
        if (answer.key() != null) {
            ctx.header("Location", prefix + answer.key());
        }
        if (answer.etagRow() != null) {
            ctx.header("ETag", RecordService.etag(answer.etagRow()));
        }
        if (answer.body() == null) {
            ctx.status(answer.status());
            return;
        }
        byte[] body = answer.resource() == null ? answer.body()
                : api.numbers().row(api.numbers().strings(ctx), answer.resource(), answer.body());
        json(ctx, answer.status(), body);
    }

    static void json(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body);
    }
}
