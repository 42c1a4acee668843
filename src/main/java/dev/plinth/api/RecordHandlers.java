package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ConflictUpsert;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.record.RelationRequest;
import dev.plinth.api.record.Scope;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.CountMode;
import dev.plinth.query.ListQuery;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
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
    /** Nested writes, present only when this resource has relations a body may nest. */
    private final Optional<dev.plinth.api.record.NestedWrites> nested;
    private final dev.plinth.api.record.BulkUpdate bulk;

    /**
     * Creates the handlers of a resource.
     *
     * @param api      the shared context
     * @param resource the resource
     */
    public RecordHandlers(ApiContext api, Resource resource) {
        this(api, resource, Optional.empty());
    }

    /**
     * Creates the handlers of a resource whose creates may nest related rows (docs/api.md, "Nested writes").
     *
     * @param api      the shared context
     * @param resource the resource
     * @param nested   the nested writes of the schema, or empty
     */
    public RecordHandlers(ApiContext api, Resource resource, Optional<dev.plinth.api.record.NestedWrites> nested) {
        this.api = api;
        this.resource = resource;
        this.prefix = resource.path() + "/";
        this.nested = nested;
        this.bulk = new dev.plinth.api.record.BulkUpdate(api.database().kind(), api.records());
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

    /** {@code POST /api/{resource}}: one object (201 + {@code Location}), or an array, all or nothing. */
    public void create(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Map<String, List<String>> params = ctx.queryParamMap();
        if (params.containsKey("on_conflict")) {
            upsert(ctx, caller, params);
            return;
        }
        rowParametersNone(ctx);
        JsonNode body = api.bodies().read(ctx);
        if (body.isArray()) {
            List<byte[]> rows = api.write(c -> createAll(c, body, caller));
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            buffer.write('[');
            for (int i = 0; i < rows.size(); i++) {
                if (i > 0) {
                    buffer.write(',');
                }
                buffer.writeBytes(rows.get(i));
            }
            buffer.write(']');
            json(ctx, 201, api.numbers().row(api.numbers().strings(ctx), resource, buffer.toByteArray()));
            return;
        }
        if (nested.isPresent() && nested.get().applies(resource, body)) {
            createNested(ctx, nested.get(), body, caller);
            return;
        }
        RecordService.Written written = api.write(c -> api.records().create(c, resource, body, caller));
        ctx.header("Location", prefix + written.key());
        ctx.header("ETag", RecordService.etag(written.row()));
        json(ctx, 201, api.numbers().row(api.numbers().strings(ctx), resource, written.row()));
    }

    /**
     * A create whose body nests related rows: all in one transaction, answered with the root row and the
     * written relations embedded as {@code include} shows them (its {@code ETag} is the root row's own).
     */
    private void createNested(Context ctx, dev.plinth.api.record.NestedWrites writes, JsonNode body, Caller caller)
            throws SQLException {
        Object[] done = api.write(c -> {
            dev.plinth.api.record.NestedWrites.Created created = writes.create(c, resource, body, caller);
            byte[] row = created.written().row();
            return new Object[]{created.written(), api.relations().embedRow(c, resource, row, created.relations(), caller)};
        });
        RecordService.Written written = (RecordService.Written) done[0];
        ctx.header("Location", prefix + written.key());
        ctx.header("ETag", RecordService.etag(written.row()));
        json(ctx, 201, api.numbers().row(api.numbers().strings(ctx), resource, (byte[]) done[1]));
    }

    /**
     * {@code POST /api/{resource}?on_conflict=a,b} with {@code Prefer: resolution=merge-duplicates|ignore-duplicates}
     * (docs/api.md, "Upsert"). {@code Plinth-Upsert} lists, per object in order, {@code created}, {@code updated}
     * or {@code ignored}. One object: 201 + {@code Location} when created, 200 when updated, 204 when ignored;
     * an array: 201 when every object was created, else 200, with the rows written (ignored ones left out).
     */
    private void upsert(Context ctx, Caller caller, Map<String, List<String>> params) throws SQLException {
        for (String name : params.keySet()) {
            if (!name.equals("on_conflict")) {
                throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name + "'",
                        List.of(new FieldError(name, "invalid_parameter", "an upsert takes on_conflict only")));
            }
        }
        List<String> values = params.get("on_conflict");
        if (values.size() != 1) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "on_conflict is given once",
                    List.of(new FieldError("on_conflict", "invalid_parameter", "give it once, fields separated by commas")));
        }
        List<dev.plinth.api.resource.Column> target = ConflictUpsert.target(resource, values.getFirst());
        ConflictUpsert.Resolution resolution = ConflictUpsert.Resolution.fromPrefer(ctx.req().getHeaders("Prefer") == null
                        ? List.of() : java.util.Collections.list(ctx.req().getHeaders("Prefer")))
                .orElseThrow(() -> ProblemException.fields(ApiProblem.INVALID_PARAMETER,
                        "on_conflict needs Prefer: resolution=merge-duplicates or resolution=ignore-duplicates",
                        List.of(new FieldError("Prefer", "invalid_parameter", "send resolution=merge-duplicates or resolution=ignore-duplicates"))));
        JsonNode body = api.bodies().read(ctx);
        boolean array = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (array) {
            body.forEach(items::add);
            if (items.isEmpty()) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the array is empty", List.of());
            }
        } else {
            items.add(body);
        }
        ConflictUpsert.Result result = api.write(c -> new ConflictUpsert(api.records())
                .upsert(c, resource, items, target, resolution, caller, array));
        boolean strings = api.numbers().strings(ctx);
        ctx.res().addHeader("Preference-Applied", "resolution=" + resolution.spelling());
        ctx.header("Plinth-Upsert", String.join(", ", result.outcomes().stream().map(ConflictUpsert.Outcome::word).toList()));
        if (!array) {
            ConflictUpsert.Outcome outcome = result.outcomes().getFirst();
            if (outcome == ConflictUpsert.Outcome.IGNORED) {
                ctx.status(204);
                return;
            }
            byte[] row = result.rows().getFirst();
            if (outcome == ConflictUpsert.Outcome.CREATED) {
                ctx.header("Location", prefix + result.keys().getFirst());
            }
            ctx.header("ETag", RecordService.etag(row));
            json(ctx, outcome == ConflictUpsert.Outcome.CREATED ? 201 : 200, api.numbers().row(strings, resource, row));
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write('[');
        boolean first = true;
        for (byte[] row : result.rows()) {
            if (row != null) {
                if (!first) {
                    buffer.write(',');
                }
                buffer.writeBytes(row);
                first = false;
            }
        }
        buffer.write(']');
        boolean allCreated = result.outcomes().stream().allMatch(o -> o == ConflictUpsert.Outcome.CREATED);
        json(ctx, allCreated ? 201 : 200, api.numbers().row(strings, resource, buffer.toByteArray()));
    }

    /**
     * Inserts an array of objects, all or nothing, in order: consecutive objects with the same columns go
     * in multi-row inserts (chunks within the bind limit). A chunk the database refuses is rolled back to
     * its savepoint and run again row by row, so the error names the failing item as before.
     */
    private List<byte[]> createAll(java.sql.Connection c, JsonNode body, Caller caller) throws SQLException {
        RecordService records = api.records();
        List<RecordService.PreparedInsert> prepared = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            try {
                prepared.add(records.prepareInsert(resource, body.get(i), caller));
            } catch (ProblemException p) {
                throw ProblemException.atItem(p, i);
            }
        }
        List<byte[]> out = new ArrayList<>(body.size());
        int start = 0;
        while (start < prepared.size()) {
            RecordService.PreparedInsert first = prepared.get(start);
            int max = records.maxRowsPerInsert(first.values().presentColumns().size());
            int end = start + 1;
            while (end < prepared.size() && end - start < max && sameStatement(first, prepared.get(end))) {
                end++;
            }
            if (end - start > 1) {
                out.addAll(insertChunk(c, prepared, start, end));
            } else {
                out.add(insertOne(c, prepared.get(start), start));
            }
            start = end;
        }
        return out;
    }

    private static boolean sameStatement(RecordService.PreparedInsert first, RecordService.PreparedInsert next) {
        // a create rule is checked row by row after its insert, so such rows go alone
        return first.rule().isTrue() && next.rule().isTrue() && !first.values().presentColumns().isEmpty()
                && first.values().shape().equals(next.values().shape());
    }

    private List<byte[]> insertChunk(java.sql.Connection c, List<RecordService.PreparedInsert> prepared, int start, int end)
            throws SQLException {
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("SAVEPOINT plinth_bulk");
        }
        try {
            List<byte[]> rows = api.records().insertMany(c, resource, prepared.subList(start, end));
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("RELEASE SAVEPOINT plinth_bulk");
            }
            return rows;
        } catch (SQLException e) {
            // which row broke the statement is unknown: undo the chunk and insert its rows one by one, so
            // the failing one is found and named (the whole request still rolls back)
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT plinth_bulk");
                s.execute("RELEASE SAVEPOINT plinth_bulk");
            }
            List<byte[]> rows = new ArrayList<>(end - start);
            for (int i = start; i < end; i++) {
                rows.add(insertOne(c, prepared.get(i), i));
            }
            // every row went in alone although together they failed: report the original failure
            throw e;
        }
    }

    private byte[] insertOne(java.sql.Connection c, RecordService.PreparedInsert row, int index) throws SQLException {
        try {
            return api.records().insert(c, resource, row).row();
        } catch (ProblemException p) {
            throw ProblemException.atItem(p, index);
        } catch (dev.plinth.api.record.ConstraintFailure f) {
            throw f.atItem(index);
        }
    }

    /** {@code PATCH /api/{resource}/{key}}: the fields sent; 409/412 on stale expectations. */
    public void update(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        Object[] key = api.records().parseKey(resource, rawKey(ctx, false));
        rowParametersNone(ctx);
        JsonNode body = api.bodies().read(ctx);
        if (nested.isPresent() && nested.get().applies(resource, body)) {
            updateNested(ctx, key, body, caller);
            return;
        }
        byte[] row = api.write(c -> api.records().update(c, resource, key, body, caller, ifMatch(ctx)));
        ctx.header("ETag", RecordService.etag(row));
        json(ctx, 200, api.numbers().row(api.numbers().strings(ctx), resource, row));
    }

    /** A PATCH whose body writes relations: one transaction, answered with the row and the written relations embedded. */
    private void updateNested(Context ctx, Object[] key, JsonNode body, Caller caller) throws SQLException {
        dev.plinth.api.record.NestedUpdates updates = new dev.plinth.api.record.NestedUpdates(nested.get(), api.database().kind());
        byte[][] done = api.write(c -> {
            dev.plinth.api.record.NestedWrites.Created updated = updates.update(c, resource, key, body, caller, ifMatch(ctx));
            byte[] row = updated.written().row();
            return new byte[][]{row, api.relations().embedRow(c, resource, row, updated.relations(), caller)};
        });
        ctx.header("ETag", RecordService.etag(done[0]));
        json(ctx, 200, api.numbers().row(api.numbers().strings(ctx), resource, done[1]));
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
        String noneMatch = ctx.header("If-None-Match");
        if (noneMatch != null && !noneMatch.trim().equals("*")) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "PUT takes If-None-Match: * only (create-only)",
                    List.of(new FieldError("If-None-Match", "invalid_parameter", "only * is understood")));
        }
        dev.plinth.api.record.RowReplacer.Outcome out = api.write(c -> new dev.plinth.api.record.RowReplacer(api.records())
                .put(c, resource, key, body, caller, ifMatch(ctx), noneMatch != null));
        if (out.created()) {
            ctx.header("Location", prefix + out.key());
        }
        ctx.header("ETag", RecordService.etag(out.row()));
        json(ctx, out.created() ? 201 : 200, api.numbers().row(api.numbers().strings(ctx), resource, out.row()));
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
     * {@code PATCH /api/{resource}?filter} with an object: update every matching row; answers the count.
     * With an array of objects that each carry their key: a bulk update with a value per row, all or
     * nothing; answers the updated rows in request order (docs/api.md, "Bulk updates").
     */
    public void updateAll(Context ctx) throws SQLException {
        Caller caller = caller(ctx, false);
        if (!ctx.queryParamMap().isEmpty()) {
            // a filtered PATCH exactly as before: its parameters are checked before the body is read
            updateMatching(ctx, caller, null);
            return;
        }
        JsonNode body = api.bodies().read(ctx);
        if (!body.isArray()) {
            updateMatching(ctx, caller, body);
            return;
        }
        List<byte[]> rows = api.write(c -> bulk.update(c, resource, body, caller));
        json(ctx, 200, api.numbers().row(api.numbers().strings(ctx), resource, array(rows)));
    }

    private static byte[] array(List<byte[]> rows) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        buffer.write('[');
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                buffer.write(',');
            }
            buffer.writeBytes(rows.get(i));
        }
        buffer.write(']');
        return buffer.toByteArray();
    }

    private void updateMatching(Context ctx, Caller caller, JsonNode read) throws SQLException {
        ListQuery query = api.lists().parse(resource, ctx.queryParamMap(), caller);
        JsonNode body = read != null ? read : api.bodies().read(ctx);
        if (body.isArray()) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "an array body updates each row by its key:"
                    + " send it without query parameters (a filter goes with one object of fields)", List.of());
        }
        int count = api.write(c -> api.lists().updateAll(c, resource, query, body, caller));
        json(ctx, 200, ("{\"count\":" + count + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
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

    static void json(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body);
    }
}
