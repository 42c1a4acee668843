package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.record.BulkUpdate;
import dev.plinth.api.record.Caller;
import dev.plinth.api.record.ConflictUpsert;
import dev.plinth.api.record.ConstraintFailure;
import dev.plinth.api.record.MatchedRelations;
import dev.plinth.api.record.NestedUpdates;
import dev.plinth.api.record.NestedWrites;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.record.RowReplacer;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.query.ListQuery;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every write form of the record routes (docs/api.md, "Routes", "Nested writes", "Upsert", "Bulk updates"),
 * run on a connection already in a write transaction: the routes ({@link RecordHandlers}) and
 * {@code POST /api/batch} ({@link BatchHandler}) both call these, so a write means the same wherever it is
 * sent. Each returns an {@link Answer}: the status and body the route gives, and what goes in its headers.
 */
public final class RecordWrites {

    private final ApiContext api;
    private final Optional<NestedWrites> nested;
    private final Optional<NestedUpdates> nestedUpdates;
    private final Optional<MatchedRelations> matched;
    private final BulkUpdate bulk;

    /**
     * @param api    the shared context
     * @param nested the nested writes of the schema, or empty when no served model has a relation
     */
    public RecordWrites(ApiContext api, Optional<NestedWrites> nested) {
        this.api = api;
        this.nested = nested;
        this.nestedUpdates = nested.map(n -> new NestedUpdates(n, api.database().kind()));
        this.matched = nested.map(MatchedRelations::new);
        this.bulk = new BulkUpdate(api.database().kind(), api.records());
    }

    /**
     * What a write answers.
     *
     * @param status   the HTTP status
     * @param body     the JSON body with numbers as stored (rows, or {@code {"count": n}}), or null for none
     * @param resource the resource whose rows {@code body} holds (for number forms), or null for a count
     * @param key      the created row's key for {@code Location}, or null
     * @param etagRow  the row alone whose {@code ETag} is answered (embedded relations left out), or null
     * @param upsert   per object of an {@code on_conflict} upsert, {@code created}/{@code updated}/{@code ignored}
     *                 in request order; empty otherwise
     * @param resolution the {@code Prefer} resolution applied, or null
     */
    public record Answer(int status, byte[] body, Resource resource, String key, byte[] etagRow, List<String> upsert,
                         String resolution) {

        public Answer {
            upsert = List.copyOf(upsert);
        }

        static Answer rows(int status, Resource resource, byte[] body) {
            return new Answer(status, body, resource, null, null, List.of(), null);
        }

        static Answer row(int status, Resource resource, byte[] body, String key, byte[] etagRow) {
            return new Answer(status, body, resource, key, etagRow, List.of(), null);
        }

        static Answer count(int n) {
            return new Answer(200, ("{\"count\":" + n + "}").getBytes(StandardCharsets.UTF_8), null, null, null, List.of(), null);
        }
    }

    /**
     * An {@code on_conflict} upsert as asked (docs/api.md, "Upsert").
     *
     * @param target     the conflict columns
     * @param resolution merge or ignore
     */
    public record Upsert(List<Column> target, ConflictUpsert.Resolution resolution) {

        /**
         * Reads the upsert's query parameters and preference.
         *
         * @param resource    the resource
         * @param params      the query parameters, holding {@code on_conflict}
         * @param prefer      the {@code Prefer} values (the header's, or a batch operation's {@code prefer})
         * @param preferField how the client sent the preference, named in the error ({@code Prefer} or {@code prefer})
         * @return the upsert
         * @throws ProblemException 400 for another parameter, {@code on_conflict} given twice or naming no unique
         *         key, or a missing or unknown resolution
         */
        public static Upsert of(Resource resource, Map<String, List<String>> params, List<String> prefer, String preferField) {
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
            List<Column> target = ConflictUpsert.target(resource, values.getFirst());
            ConflictUpsert.Resolution resolution = ConflictUpsert.Resolution.fromPrefer(prefer)
                    .orElseThrow(() -> ProblemException.fields(ApiProblem.INVALID_PARAMETER,
                            "on_conflict needs " + preferField + ": resolution=merge-duplicates or resolution=ignore-duplicates",
                            List.of(new FieldError(preferField, "invalid_parameter", "send resolution=merge-duplicates or resolution=ignore-duplicates"))));
            return new Upsert(target, resolution);
        }
    }

    /**
     * Reads a create-only precondition ({@code If-None-Match: *}, RFC 9110 §13.1.2) of a PUT.
     *
     * @param value the value sent, or null
     * @param field how the client sent it, named in the error ({@code If-None-Match} or {@code if_none_match})
     * @return true when the PUT may only create
     * @throws ProblemException 400 for a value other than {@code *}
     */
    public static boolean createOnly(String value, String field) {
        if (value != null && !value.trim().equals("*")) {
            throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "PUT takes " + field + ": * only (create-only)",
                    List.of(new FieldError(field, "invalid_parameter", "only * is understood")));
        }
        return value != null;
    }

    /**
     * {@code POST /api/{resource}}: one object (201, nested relations embedded when it nests any), or an array,
     * all or nothing, each row embedding the relations it nests.
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param body     an object or an array of objects
     * @param caller   the caller
     * @return 201 with the row(s)
     * @throws SQLException when the database fails
     * @throws ProblemException 401/403/409/422 (an array item's problem names it: {@code [1].posts[0].title})
     * @throws ConstraintFailure when a constraint refuses a row (with its item's index in an array)
     */
    public Answer create(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        if (body.isArray()) {
            return Answer.rows(201, resource, array(createAll(c, resource, body, caller)));
        }
        if (nests(resource, body)) {
            NestedWrites.Created created = nested.orElseThrow().create(c, resource, body, caller);
            byte[] row = created.written().row();
            return Answer.row(201, resource, api.relations().embedRow(c, resource, row, created.relations(), caller),
                    created.written().key(), row);
        }
        RecordService.Written written = api.records().create(c, resource, body, caller);
        return Answer.row(201, resource, written.row(), written.key(), written.row());
    }

    /**
     * {@code PATCH /api/{resource}/{key}}: the fields sent, and the relations the body writes (embedded in the answer).
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param key      the row's key
     * @param body     the body
     * @param caller   the caller
     * @param ifMatch  the {@code If-Match} value, or empty
     * @return 200 with the row
     * @throws SQLException when the database fails
     * @throws ProblemException 404/409/412/422 as a PATCH, nested problems with their path
     */
    public Answer update(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller, Optional<String> ifMatch)
            throws SQLException {
        if (nests(resource, body)) {
            NestedWrites.Created updated = nestedUpdates.orElseThrow().update(c, resource, key, body, caller, ifMatch);
            byte[] row = updated.written().row();
            return Answer.row(200, resource, api.relations().embedRow(c, resource, row, updated.relations(), caller), null, row);
        }
        byte[] row = api.records().update(c, resource, key, body, caller, ifMatch);
        return Answer.row(200, resource, row, null, row);
    }

    /**
     * {@code PUT /api/{resource}/{key}} (docs/api.md, "Upsert"): replaces the row (200) or creates it at that key (201).
     *
     * @param c          the connection, in a write transaction
     * @param resource   the resource
     * @param key        the row's key
     * @param body       the row's writable fields
     * @param caller     the caller
     * @param ifMatch    the {@code If-Match} value, or empty
     * @param createOnly true under {@code If-None-Match: *}
     * @return 200 or 201 with the row
     * @throws SQLException when the database fails
     * @throws ProblemException 404/409/412/422 as {@link RowReplacer#put}
     */
    public Answer put(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller, Optional<String> ifMatch,
                      boolean createOnly) throws SQLException {
        RowReplacer.Outcome out = new RowReplacer(api.records()).put(c, resource, key, body, caller, ifMatch, createOnly);
        return Answer.row(out.created() ? 201 : 200, resource, out.row(), out.created() ? out.key() : null, out.row());
    }

    /**
     * {@code POST /api/{resource}?on_conflict=…} (docs/api.md, "Upsert"). One object: 201 (+ key) when created,
     * 200 when updated, 204 without a body when ignored; an array: 201 when every object was created, else 200,
     * with the rows written (ignored ones left out).
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param upsert   the conflict target and resolution
     * @param body     an object or a non-empty array of objects
     * @param caller   the caller
     * @return the answer, with the outcome per object in {@link Answer#upsert}
     * @throws SQLException when the database fails
     * @throws ProblemException as {@link ConflictUpsert#upsert}; 422 for an empty array
     */
    public Answer upsert(Connection c, Resource resource, Upsert upsert, JsonNode body, Caller caller) throws SQLException {
        boolean isArray = body.isArray();
        List<JsonNode> items = new ArrayList<>();
        if (isArray) {
            body.forEach(items::add);
            if (items.isEmpty()) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the array is empty", List.of());
            }
        } else {
            items.add(body);
        }
        ConflictUpsert.Result result = new ConflictUpsert(api.records())
                .upsert(c, resource, items, upsert.target(), upsert.resolution(), caller, isArray);
        List<String> words = result.outcomes().stream().map(ConflictUpsert.Outcome::word).toList();
        String applied = "resolution=" + upsert.resolution().spelling();
        if (!isArray) {
            ConflictUpsert.Outcome outcome = result.outcomes().getFirst();
            if (outcome == ConflictUpsert.Outcome.IGNORED) {
                return new Answer(204, null, resource, null, null, words, applied);
            }
            byte[] row = result.rows().getFirst();
            boolean created = outcome == ConflictUpsert.Outcome.CREATED;
            return new Answer(created ? 201 : 200, row, resource, created ? result.keys().getFirst() : null, row, words, applied);
        }
        List<byte[]> written = result.rows().stream().filter(r -> r != null).toList();
        boolean allCreated = result.outcomes().stream().allMatch(o -> o == ConflictUpsert.Outcome.CREATED);
        return new Answer(allCreated ? 201 : 200, array(written), resource, null, null, words, applied);
    }

    /**
     * {@code PATCH /api/{resource}}: with a filter and an object, every matching row (a to-one relation field
     * may {@code connect} or {@code disconnect}, {@link MatchedRelations}); without query parameters and with an
     * array, a bulk update by key ({@link BulkUpdate}).
     *
     * @param c        the connection, in a write transaction
     * @param resource the resource
     * @param query    the parsed filter, or null when the path had no query parameters
     * @param body     an object, or an array of objects carrying their keys
     * @param caller   the caller
     * @return 200 with {@code {"count": n}}, or with the updated rows in request order
     * @throws SQLException when the database fails
     * @throws ProblemException 400 for an array with query parameters or an object without a filter; as a PATCH otherwise
     */
    public Answer updateAll(Connection c, Resource resource, ListQuery query, JsonNode body, Caller caller) throws SQLException {
        if (body.isArray()) {
            if (query != null) {
                throw ProblemException.fields(ApiProblem.INVALID_PARAMETER, "an array body updates each row by its key:"
                        + " send it without query parameters (a filter goes with one object of fields)", List.of());
            }
            return Answer.rows(200, resource, array(bulk.update(c, resource, body, caller)));
        }
        if (query == null) {
            // no filter: refused by the collection PATCH before any relation is looked up
            return Answer.count(api.lists().updateAll(c, resource, api.lists().parse(resource, Map.of(), caller), body, caller));
        }
        JsonNode columns = nests(resource, body) ? matched.orElseThrow().columns(c, resource, body, caller) : body;
        return Answer.count(api.lists().updateAll(c, resource, query, columns, caller));
    }

    private boolean nests(Resource resource, JsonNode body) {
        return nested.isPresent() && nested.get().applies(resource, body);
    }

    /**
     * Inserts an array of objects, all or nothing, in order. Objects nesting relations go through
     * {@link NestedWrites} one by one, each answered with its written relations embedded; between them,
     * consecutive plain objects with the same columns go in multi-row inserts (chunks within the bind limit).
     * A chunk the database refuses is rolled back to its savepoint and run again row by row, so the error
     * names the failing item.
     */
    private List<byte[]> createAll(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        List<byte[]> out = new ArrayList<>(body.size());
        int start = 0;
        while (start < body.size()) {
            if (nests(resource, body.get(start))) {
                out.add(createNested(c, resource, body.get(start), start, caller));
                start++;
                continue;
            }
            int end = start;
            while (end < body.size() && !nests(resource, body.get(end))) {
                end++;
            }
            out.addAll(createPlain(c, resource, body, start, end, caller));
            start = end;
        }
        return out;
    }

    private byte[] createNested(Connection c, Resource resource, JsonNode item, int index, Caller caller) throws SQLException {
        try {
            NestedWrites.Created created = nested.orElseThrow().create(c, resource, item, caller);
            return api.relations().embedRow(c, resource, created.written().row(), created.relations(), caller);
        } catch (ProblemException p) {
            throw ProblemException.atItem(p, index);
        } catch (ConstraintFailure f) {
            throw f.atItem(index);
        }
    }

    /** Inserts the plain objects {@code [from, to)} of an array: every one read and checked before any is written. */
    private List<byte[]> createPlain(Connection c, Resource resource, JsonNode body, int from, int to, Caller caller)
            throws SQLException {
        RecordService records = api.records();
        List<RecordService.PreparedInsert> prepared = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            try {
                prepared.add(records.prepareInsert(resource, body.get(i), caller));
            } catch (ProblemException p) {
                throw ProblemException.atItem(p, i);
            }
        }
        List<byte[]> out = new ArrayList<>(prepared.size());
        int start = 0;
        while (start < prepared.size()) {
            RecordService.PreparedInsert first = prepared.get(start);
            int max = records.maxRowsPerInsert(first.values().presentColumns().size());
            int end = start + 1;
            while (end < prepared.size() && end - start < max && sameStatement(first, prepared.get(end))) {
                end++;
            }
            if (end - start > 1) {
                out.addAll(insertChunk(c, resource, prepared, start, end, from));
            } else {
                out.add(insertOne(c, resource, prepared.get(start), from + start));
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

    private List<byte[]> insertChunk(Connection c, Resource resource, List<RecordService.PreparedInsert> prepared, int start,
                                     int end, int offset) throws SQLException {
        try {
            return api.records().insertMany(c, resource, prepared.subList(start, end), "plinth_bulk");
        } catch (SQLException e) {
            // which row broke the statement is unknown: undo the chunk and insert its rows one by one, so
            // the failing one is found and named (the whole request still rolls back)
            try (Statement s = c.createStatement()) {
                s.execute("ROLLBACK TO SAVEPOINT plinth_bulk");
                s.execute("RELEASE SAVEPOINT plinth_bulk");
            }
            for (int i = start; i < end; i++) {
                insertOne(c, resource, prepared.get(i), offset + i);
            }
            // every row went in alone although together they failed: report the original failure
            throw e;
        }
    }

    private byte[] insertOne(Connection c, Resource resource, RecordService.PreparedInsert row, int index) throws SQLException {
        try {
            return api.records().insert(c, resource, row).row();
        } catch (ProblemException p) {
            throw ProblemException.atItem(p, index);
        } catch (ConstraintFailure f) {
            throw f.atItem(index);
        }
    }

    /** Joins JSON values into one JSON array. */
    static byte[] array(List<byte[]> rows) {
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
}
