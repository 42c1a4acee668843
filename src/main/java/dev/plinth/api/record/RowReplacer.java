package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.access.Truth;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.api.value.Timestamps;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.policy.Operation;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code PUT /api/{model}/{key}} (docs/api.md, "Upsert"): replaces the row at a key, or creates it with
 * that key where the model accepts client-chosen keys (RFC 9110 section 9.3.4: PUT replaces the target's
 * state, or creates it). A replacement writes every writable field: an omitted optional field becomes null,
 * an omitted field with a default takes the default again; server-maintained fields in the body are ignored
 * as on any write. Owner scoping and the access rules apply as to a PATCH (replace) and a POST (create):
 * a key held by a row the caller cannot see is never read or changed — the create then collides with it
 * and is answered as a POST with that key would be (409 {@code unique_violation}, without the row), or 404
 * where the model does not accept client-chosen keys.
 */
public final class RowReplacer {

    private final RecordService records;
    private final ValueGenerators generators = new ValueGenerators();

    /**
     * Creates the replacer over the single-row operations.
     *
     * @param records the record service (its scopes, rules and statements)
     */
    public RowReplacer(RecordService records) {
        this.records = records;
    }

    /**
     * The outcome of a PUT.
     *
     * @param row     the row as stored
     * @param created true when the PUT created it (201), false when it replaced it (200)
     * @param key     the row's key path segment, for {@code Location}
     */
    public record Outcome(byte[] row, boolean created, String key) {
    }

    /**
     * Tells whether a PUT may create a row of a resource at a key the client chose: no key column has a
     * computed default, or the model is listed in {@code clientKeys} (docs/api.md, "Keys, references and
     * what a body may hold").
     *
     * @param resource the resource
     * @return true when a missing key is created rather than 404
     */
    public static boolean acceptsClientKey(Resource resource) {
        return resource.clientKeys() || resource.key().stream().noneMatch(k -> BodyReader.generatedKey(resource, k));
    }

    /**
     * Replaces or creates the row at a key.
     *
     * @param c          the connection, in a write transaction
     * @param resource   the resource
     * @param key        the key's bind values
     * @param body       the JSON object: the whole row
     * @param caller     the caller
     * @param ifMatch    the {@code If-Match} header, or empty (the row must exist and match: 412 otherwise)
     * @param createOnly true for {@code If-None-Match: *} (412 when the row exists)
     * @return the row and whether it was created
     * @throws SQLException when the database fails
     * @throws ProblemException 404 (no row and no client keys), 409, 412, 422
     * @throws ConstraintFailure when a constraint refuses the row (a key another owner holds: 409)
     */
    public Outcome put(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller,
                       Optional<String> ifMatch, boolean createOnly) throws SQLException {
        Scope scope = records.scope(resource, caller, false);
        DataRuleCheck rules = records.dataRules(resource);
        JsonNode transformed = rules == null ? body : rules.transform(body);
        BodyReader.Read read = records.bodyReader().read(resource, transformed, BodyReader.Purpose.REPLACE);
        records.bodyReader().keepKey(resource, read.values(), key);
        Preconditions pre = new Preconditions(ifMatch, read.expectedUpdatedAt());
        Optional<RecordService.Current> current = records.find(c, resource, key, scope, true);
        if (current.isEmpty()) {
            if (ifMatch.isPresent()) {
                // RFC 9110 section 13.1.1: If-Match is false when there is no current representation
                throw ApiProblem.PRECONDITION_FAILED.with("If-Match " + ifMatch.get() + ": there is no row at this key");
            }
            if (read.expectedUpdatedAt().isPresent() || !acceptsClientKey(resource)) {
                throw RecordService.notFound(resource);
            }
            return create(c, resource, key, body, caller);
        }
        if (createOnly) {
            throw ApiProblem.PRECONDITION_FAILED.with("If-None-Match: * — a row exists at this key");
        }
        records.verify(current.get(), pre);
        return new Outcome(replace(c, resource, key, transformed, read.values(), caller, current.get(), rules), false, null);
    }

    private Outcome create(Connection c, Resource resource, Object[] key, JsonNode body, Caller caller) throws SQLException {
        ObjectNode withKey = ((ObjectNode) body).deepCopy();
        for (int k = 0; k < key.length; k++) {
            withKey.set(resource.key().get(k).name(), json(key[k]));
        }
        RecordService.Written written = records.create(c, resource, withKey, caller);
        return new Outcome(written.row(), true, written.key());
    }

    private byte[] replace(Connection c, Resource resource, Object[] key, JsonNode body, WriteValues values, Caller caller,
                           RecordService.Current current, DataRuleCheck rules) throws SQLException {
        Instant now = records.after(current);
        for (Column col : resource.columns()) {
            if (col.role().serverManaged() || resource.key().contains(col) || values.has(col)) {
                continue;
            }
            Optional<Object> fresh = defaultOf(col, now);
            if (fresh.isPresent()) {
                values.put(col, fresh.get());
            } else if (col.field().optional() && col.field().defaultValue().isEmpty()) {
                values.put(col, null);
            }
            // a default only the database computes (autoincrement, an expression) keeps the stored value
        }
        if (rules != null) {
            List<dev.plinth.schema.rules.RuleFailure> failures = rules.checkFields(values, body);
            if (failures.isEmpty() && rules.hasModelRules()) {
                byte[] stored = records.find(c, resource, key, new Scope(Optional.empty(), true), false)
                        .orElseThrow(() -> RecordService.notFound(resource)).row();
                failures = rules.checkUpdate(stored, values, body, now);
            }
            rules.refuse(failures, "");
        }
        Scope write = records.scope(resource, caller, false);
        if (records.access() != null) {
            Truth fieldRules = records.access().checkUpdate(resource, caller, values);
            write = records.access().restrict(records.scope(resource, caller, false, Operation.UPDATE), resource, fieldRules);
        }
        for (Column col : resource.columns()) {
            switch (col.role()) {
                case UPDATED_AT -> records.putTime(values, col, now);
                case UPDATED_BY -> RecordService.putCaller(values, col, caller);
                default -> {
                }
            }
        }
        records.checkReferences(c, records.references(resource, values, caller));
        return records.updateRow(c, resource, key, write, values);
    }

    /** The value an omitted field takes again on replacement: its literal default, or one the server generates. */
    private Optional<Object> defaultOf(Column col, Instant now) {
        Optional<DefaultValue> d = col.field().defaultValue();
        if (d.isEmpty()) {
            return Optional.empty();
        }
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode literal = switch (d.get()) {
            case DefaultValue.StringLiteral s -> f.textNode(s.value());
            case DefaultValue.EnumLiteral e -> f.textNode(e.value());
            case DefaultValue.NumberLiteral n -> f.numberNode(n.value());
            case DefaultValue.BooleanLiteral b -> f.booleanNode(b.value());
            case DefaultValue.Now n -> f.textNode(Timestamps.format(now));
            default -> null;
        };
        try {
            if (literal != null) {
                return Optional.of(col.field().normalization().applyTo(col.codec().decode(literal)));
            }
        } catch (InvalidValue e) {
            return Optional.empty(); // a literal the codec does not take as JSON: left as stored
        }
        return generators.generate(col.field());
    }

    /** A key bind value as the JSON a body would carry it in. */
    private static JsonNode json(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (value) {
            case Long l -> f.numberNode(l);
            case Integer i -> f.numberNode(i);
            case BigInteger b -> f.numberNode(b);
            case BigDecimal b -> f.numberNode(b);
            case Double d -> f.numberNode(d);
            case Boolean b -> f.booleanNode(b);
            case Instant t -> f.textNode(Timestamps.format(t));
            default -> f.textNode(value.toString());
        };
    }
}
