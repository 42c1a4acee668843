package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk updates with a value per row ({@code PATCH /api/{model}} with a JSON array, docs/api.md "Bulk updates"):
 * every object carries its row's key (all primary key fields, composite included) and the fields to set.
 * Each row goes through exactly the path of an item PATCH ({@link RecordService#update}): body reading,
 * transforms and validators, native limits, access rules, owner scoping, references and
 * {@code _expected_updated_at}. All rows run in the caller's one transaction, so the first failure leaves
 * nothing written; its error names the item ({@code [3]}, {@code [2].email}).
 *
 * <p>Per row the update is a prepared {@code SELECT … FOR UPDATE} and an {@code UPDATE … RETURNING} on the
 * request's one connection and transaction; what makes this several times faster than single PATCHes is that
 * one request, one transaction and one commit (one fsync on SQLite, one WAL flush on PostgreSQL) carry all
 * rows (measured in bench/, "bulk-update", docs/benchmarks.md).
 */
public final class BulkUpdate {

    /** The most objects one array may carry: a bound on the work (and locks) of one transaction. */
    public static final int MAX_ROWS = 1000;

    private final RecordService records;
    private final BulkWrite batch;

    /**
     * Creates the bulk update of a record service.
     *
     * @param kind    the database
     * @param records the single-row service every row goes through
     */
    public BulkUpdate(dev.plinth.sql.DatabaseKind kind, RecordService records) {
        this.records = records;
        this.batch = new BulkWrite(kind, records);
    }

    /**
     * Updates each object's row with the object's fields, in order.
     *
     * @param c        the connection, in the request's write transaction
     * @param resource the resource
     * @param body     the JSON array of objects
     * @param caller   the caller
     * @return the updated rows, in request order
     * @throws SQLException when the database fails
     * @throws ProblemException 401/403 when the caller may not update this resource at all; 422 for a malformed item, a missing key part, a key sent twice or a bad field
     *         ({@code [i].field}); 404 for a key missing or out of the caller's sight ({@code [i]}); 409 for a
     *         stale {@code _expected_updated_at}; 403 when the access rules refuse the change
     * @throws ConstraintFailure when a constraint refuses a row, naming the item
     */
    public List<byte[]> update(Connection c, Resource resource, JsonNode body, Caller caller) throws SQLException {
        if (!resource.addressable()) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, resource.name() + " has no key to name rows by:"
                    + " update it with an object body and a filter", List.of());
        }
        if (body.size() > MAX_ROWS) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "a bulk update takes at most " + MAX_ROWS
                    + " objects, got " + body.size(), List.of());
        }
        // who may update at all is decided once, before any item is read: an anonymous caller gets its 401 even for []
        records.scope(resource, caller, false, dev.plinth.schema.policy.Operation.UPDATE);
        List<Object[]> keys = keys(resource, body);
        if (body.isEmpty()) {
            return List.of();
        }
        List<BulkWrite.Row> batched = batchable(resource, body, keys, caller);
        if (batched != null) {
            Scope write = records.scope(resource, caller, false, dev.plinth.schema.policy.Operation.UPDATE);
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SAVEPOINT plinth_bulk_update");
            }
            try {
                List<byte[]> rows = batch.update(c, resource, batched, write, caller);
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("RELEASE SAVEPOINT plinth_bulk_update");
                }
                return rows;
            } catch (SQLException e) {
                // a constraint refused some row of the batch, which one is unknown: undo it and update row by
                // row, so that the failing item is found and named (the whole request still rolls back)
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute("ROLLBACK TO SAVEPOINT plinth_bulk_update");
                    s.execute("RELEASE SAVEPOINT plinth_bulk_update");
                }
                eachRow(c, resource, body, keys, caller);
                throw e;
            }
        }
        return eachRow(c, resource, body, keys, caller);
    }

    /**
     * Reads and checks every object for the batched statements, or answers null when a row needs the
     * per-row path: access conditions on rows or a masked view, model rules (they read the stored row),
     * field rules of the access policy, references into resources the caller sees in part, an object that
     * sets nothing, or objects setting different columns.
     *
     * @throws ProblemException a field error of the first bad object, naming it ({@code [2].email})
     */
    private List<BulkWrite.Row> batchable(Resource resource, JsonNode body, List<Object[]> keys, Caller caller) {
        if (!BulkWrite.keysComparable(resource)) {
            return null;
        }
        DataRuleCheck rules = records.dataRules(resource);
        if (rules != null && rules.hasModelRules()) {
            return null;
        }
        Scope read = records.scope(resource, caller, false);
        Scope write = records.scope(resource, caller, false, dev.plinth.schema.policy.Operation.UPDATE);
        if (!plain(read) || !plain(write)) {
            return null;
        }
        BodyReader reader = records.bodyReader();
        List<BulkWrite.Row> rows = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            try {
                JsonNode item = body.get(i);
                if (rules != null) {
                    item = rules.transform(item);
                }
                BodyReader.Read r = reader.read(resource, item, BodyReader.Purpose.UPDATE);
                WriteValues values = r.values();
                reader.keepKey(resource, values, keys.get(i));
                if (values.isEmpty() || (!rows.isEmpty() && !values.shape().equals(rows.getFirst().values().shape()))) {
                    return null;
                }
                if (rules != null) {
                    rules.refuse(rules.checkFields(values, item), "");
                }
                if (records.access() != null && !records.access().checkUpdate(resource, caller, values).isTrue()) {
                    return null;
                }
                if (!records.references(resource, values, caller).isEmpty()) {
                    return null;
                }
                rows.add(new BulkWrite.Row(i, keys.get(i), values, r.expectedUpdatedAt()));
            } catch (ProblemException p) {
                throw atItem(p, i);
            }
        }
        return rows;
    }

    /** True for a scope that is the owner's rows at most: no access condition, no masked view. */
    private static boolean plain(Scope scope) {
        return scope.rows().isEmpty() && scope.rowsSql().isEmpty() && scope.writer().isEmpty();
    }

    /** Updates row after row through the item PATCH path. */
    private List<byte[]> eachRow(Connection c, Resource resource, JsonNode body, List<Object[]> keys, Caller caller)
            throws SQLException {
        List<byte[]> out = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            try {
                out.add(records.update(c, resource, keys.get(i), body.get(i), caller, Optional.empty()));
            } catch (ProblemException p) {
                throw atItem(p, i);
            } catch (ConstraintFailure f) {
                throw f.atItem(i);
            }
        }
        return out;
    }

    /**
     * Reads every object's key before any row is touched, so that a malformed array is refused without a
     * statement, and refuses a key sent twice (the second change would silently win).
     */
    private List<Object[]> keys(Resource resource, JsonNode body) {
        List<Object[]> keys = new ArrayList<>(body.size());
        Map<List<Object>, Integer> seen = new HashMap<>();
        List<Column> keyColumns = resource.key();
        for (int i = 0; i < body.size(); i++) {
            JsonNode item = body.get(i);
            if (!(item instanceof ObjectNode)) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "item " + i + ": a bulk update is an array of objects",
                        List.of(new FieldError("[" + i + "]", "invalid_value", "expected an object carrying its key ("
                                + keyNames(resource) + ") and the fields to set")));
            }
            Object[] key = new Object[keyColumns.size()];
            List<FieldError> errors = new ArrayList<>();
            for (int k = 0; k < keyColumns.size(); k++) {
                Column col = keyColumns.get(k);
                JsonNode value = item.get(col.name());
                if (value == null || value.isNull()) {
                    errors.add(new FieldError("[" + i + "]." + col.name(), "required",
                            "is part of the key (" + keyNames(resource) + "): each object names its row"));
                    continue;
                }
                try {
                    Object decoded = col.field().normalization().applyTo(col.codec().decode(value));
                    key[k] = records.bodyReader().keyValue(resource, col, decoded);
                } catch (InvalidValue e) {
                    errors.add(new FieldError("[" + i + "]." + col.name(), e.code(), e.getMessage()));
                }
            }
            if (!errors.isEmpty()) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "item " + i + ": the row's key is missing or invalid", errors);
            }
            Integer before = seen.putIfAbsent(comparable(key), i);
            if (before != null) {
                throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "item " + i + ": the same row as item " + before,
                        List.of(new FieldError("[" + i + "]", "duplicate_key", "names the same row as [" + before
                                + "]: send one object per row")));
            }
            keys.add(key);
        }
        return keys;
    }

    /** A key as a map key: decimals compared by value, arrays by content. */
    private static List<Object> comparable(Object[] key) {
        return Arrays.stream(key).map(v -> v instanceof java.math.BigDecimal d ? d.stripTrailingZeros()
                : v instanceof byte[] b ? List.of(java.util.HexFormat.of().formatHex(b)) : v).toList();
    }

    private static String keyNames(Resource resource) {
        return String.join(", ", resource.key().stream().map(Column::name).toList());
    }

    /**
     * Names the item in an error: field paths gain {@code [i].}; an error without fields (404, 409, 403)
     * gains one naming the item, so a client can tell which row failed.
     */
    static ProblemException atItem(ProblemException p, int index) {
        ProblemException named = ProblemException.atItem(p, index);
        if (!named.errors().isEmpty()) {
            return named;
        }
        ProblemException out = new ProblemException(named.problem(), named.detail(),
                List.of(new FieldError("[" + index + "]", named.problem().code(), p.detail())), named.currentRow());
        return named.databaseError().map(out::withDatabaseError).orElse(out);
    }
}
