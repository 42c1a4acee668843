package dev.plinth.api;

import dev.plinth.api.telemetry.RequestRecord;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ConstraintFailure;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;
import dev.plinth.query.QueryException;
import io.javalin.http.Context;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/batch} (docs/api.md, "Batch"): a JSON array of {@code {"method", "path", "body"}} operations
 * on any resources, run in order in one transaction, all or nothing. Every write form of the routes is taken,
 * with the same semantics, through the same {@link RecordWrites}: nested writes, array POST, bulk PATCH, PUT
 * (with the members {@code if_match} and {@code if_none_match}) and {@code on_conflict} upserts (with the member
 * {@code prefer}). The answer is {@code 200} with one {@code {"status", "body"}} per operation (an upsert adds
 * {@code "upsert"}: its outcome per object); when one fails, nothing is applied and the answer is that
 * operation's problem with its 0-based index in {@code operation}.
 */
public final class BatchHandler {

    /** The most operations in one batch. */
    public static final int MAX_OPERATIONS = 1000;

    private final ApiContext api;
    private final ProblemWriter problems;
    private final RecordWrites writes;

    /**
     * Creates the handler.
     *
     * @param api      the shared context
     * @param problems renders the failure
     * @param writes   the write forms the routes use
     */
    public BatchHandler(ApiContext api, ProblemWriter problems, RecordWrites writes) {
        this.api = api;
        this.problems = problems;
        this.writes = writes;
    }

    /** One operation's answer; {@code upsert} lists an upsert's outcomes per object (empty otherwise). */
    private record Result(int status, byte[] body, Resource resource, List<String> upsert) {
        Result(int status, byte[] body, Resource resource) {
            this(status, body, resource, List.of());
        }

        Result(RecordWrites.Answer answer) {
            this(answer.status(), answer.body(), answer.resource(), answer.upsert());
        }
    }

    /** Carries a failed operation out of the transaction. */
    private static final class Abort extends RuntimeException {
        private final int index;
        private final transient ProblemException problem;
        private final transient ConstraintFailure failure;

        Abort(int index, ProblemException problem, ConstraintFailure failure) {
            super(null, null, false, false);
            this.index = index;
            this.problem = problem;
            this.failure = failure;
        }
    }

    /**
     * Handles the batch.
     *
     * @param ctx the request
     * @throws SQLException when the database fails
     */
    public void handle(Context ctx) throws SQLException {
        Caller caller = api.authenticator().authenticate(ctx);
        JsonNode body = api.bodies().read(ctx);
        JsonNode operations = body.isObject() && body.has("operations") ? body.get("operations") : body;
        if (!operations.isArray()) {
            throw ApiProblem.INVALID_BATCH.with("the body must be an array of {\"method\", \"path\", \"body\"} operations");
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ApiProblem.INVALID_BATCH.with("a batch holds at most " + MAX_OPERATIONS + " operations");
        }
        List<Result> results;
        try {
            results = api.database().write(c -> {
                List<Result> out = new ArrayList<>(operations.size());
                for (int i = 0; i < operations.size(); i++) {
                    try {
                        out.add(run(c, operations.get(i), caller));
                    } catch (ProblemException p) {
                        throw new Abort(i, p, null);
                    } catch (QueryException q) {
                        throw new Abort(i, ApiServer.queryProblem(q), null);
                    } catch (ConstraintFailure f) {
                        throw new Abort(i, null, f);
                    }
                }
                return out;
            });
        } catch (Abort a) {
            ProblemException p = a.problem != null ? a.problem : api.translator().translate(a.failure);
            if (a.failure != null && a.failure.item() >= 0) {
                p = ProblemException.atItem(p, a.failure.item()); // a row of an array POST names its item
            }
            ApiServer.logDatabaseError(ctx, p);
            ctx.status(p.problem().status());
            ctx.contentType(ProblemWriter.MEDIA_TYPE);
            ctx.result(problems.render(p, ctx.path(), a.index, RequestRecord.of(ctx).id()));
            return;
        }
        boolean strings = api.numbers().strings(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = api.json().createGenerator(out)) {
            g.writeStartArray();
            for (Result r : results) {
                g.writeStartObject();
                g.writeNumberField("status", r.status());
                if (r.body() != null) {
                    g.writeFieldName("body");
                    byte[] rowJson = r.resource() == null ? r.body() : api.numbers().row(strings, r.resource(), r.body());
                    g.writeRawValue(new String(rowJson, StandardCharsets.UTF_8));
                }
                if (!r.upsert().isEmpty()) {
                    g.writeArrayFieldStart("upsert");
                    for (String outcome : r.upsert()) {
                        g.writeString(outcome);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RecordHandlers.json(ctx, 200, out.toByteArray());
    }

    private Result run(Connection c, JsonNode op, Caller caller) throws SQLException {
        if (!op.isObject() || !op.path("method").isTextual() || !op.path("path").isTextual()) {
            throw ApiProblem.INVALID_BATCH.with("each operation is an object with \"method\" and \"path\" (and \"body\")");
        }
        String method = op.get("method").textValue().toUpperCase(java.util.Locale.ROOT);
        String path = op.get("path").textValue();
        JsonNode body = op.has("body") ? op.get("body") : NullNode.instance;
        String query = "";
        int q = path.indexOf('?');
        if (q >= 0) {
            query = path.substring(q + 1);
            path = path.substring(0, q);
        }
        String prefix = api.catalog().prefix() + "/";
        if (!path.startsWith(prefix)) {
            throw ApiProblem.NOT_FOUND.with("no route " + path + "; paths start with " + prefix);
        }
        String[] parts = path.substring(prefix.length()).split("/", -1);
        String resourceName = parts[0];
        Resource resource = api.catalog().resource(resourceName)
                .orElseThrow(() -> ApiProblem.NOT_FOUND.with("no resource " + resourceName));
        if (resource.owner().isEmpty() || (api.records().access() != null && api.records().access().governed(resource))
                || resource.model().conventions().openRead()) {
            api.authenticator().requireAccess(caller, false);
        }
        boolean restore = parts.length == 3 && parts[2].equals("restore");
        if (parts.length > 3 || (parts.length == 3 && !restore) || (parts.length > 1 && !resource.addressable())) {
            throw ApiProblem.NOT_FOUND.with("no route " + path);
        }
        if (resource.readOnly() && !method.equals("GET")) {
            throw ApiProblem.METHOD_NOT_ALLOWED.with(resource.name() + " is a view: it is read-only");
        }
        if (parts.length == 1) {
            return collection(c, op, method, path, resource, QueryString.parse(query), body, caller);
        }
        if (!query.isEmpty()) {
            throw ApiProblem.INVALID_PARAMETER.with("a single-row operation takes no query parameters");
        }
        Object[] key = api.records().parseKey(resource, parts[1]);
        Optional<String> ifMatch = op.path("if_match").isTextual() ? Optional.of(op.get("if_match").textValue()) : Optional.empty();
        if (restore) {
            if (!method.equals("POST") || resource.deletedAt().isEmpty()) {
                throw ApiProblem.NOT_FOUND.with("no route " + method + " " + path);
            }
            return new Result(200, api.records().restore(c, resource, key, caller), resource);
        }
        return switch (method) {
            case "GET" -> new Result(200, api.records().get(c, resource, key, api.records().readScope(resource, caller, false)), resource);
            case "PATCH" -> new Result(writes.update(c, resource, key, body, caller, ifMatch));
            case "PUT" -> new Result(writes.put(c, resource, key, body, caller, ifMatch,
                    RecordWrites.createOnly(text(op, "if_none_match"), "if_none_match")));
            case "DELETE" -> {
                api.records().delete(c, resource, key, caller, ifMatch);
                yield new Result(204, null, null);
            }
            default -> throw ApiProblem.METHOD_NOT_ALLOWED.with(method + " " + path + " is not a batch operation");
        };
    }

    /** An operation on a resource's collection: POST (create, array, nested, upsert), PATCH or DELETE. */
    private Result collection(Connection c, JsonNode op, String method, String path, Resource resource,
                              Map<String, List<String>> params, JsonNode body, Caller caller) throws SQLException {
        if (method.equals("POST")) {
            if (params.containsKey("on_conflict")) {
                String prefer = text(op, "prefer");
                RecordWrites.Upsert upsert = RecordWrites.Upsert.of(resource, params, prefer == null ? List.of() : List.of(prefer), "prefer");
                return new Result(writes.upsert(c, resource, upsert, body, caller));
            }
            if (!params.isEmpty()) {
                String name = params.keySet().iterator().next();
                throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "unknown parameter '" + name + "'",
                        List.of(new FieldError(name, "invalid_parameter", "a POST takes no query parameters but on_conflict")));
            }
            return new Result(writes.create(c, resource, body, caller));
        }
        ListQuery listQuery = params.isEmpty() && method.equals("PATCH") ? null : api.lists().parse(resource, params, caller);
        return switch (method) {
            case "PATCH" -> new Result(writes.updateAll(c, resource, listQuery, body, caller));
            case "DELETE" -> new Result(200, count(api.lists().deleteAll(c, resource, listQuery, caller)), null);
            default -> throw ApiProblem.METHOD_NOT_ALLOWED.with(method + " " + path + " is not a batch operation");
        };
    }

    /** A text member of an operation, or null when it is absent. */
    private static String text(JsonNode op, String member) {
        JsonNode v = op.get(member);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ProblemException.fields(ApiProblem.INVALID_BATCH, "\"" + member + "\" is a string",
                    List.of(new FieldError(member, "invalid_type", "expected a string")));
        }
        return v.textValue();
    }

    private static byte[] count(int n) {
        return ("{\"count\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    }
}
