package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.api.value.InvalidValue;
import dev.plinth.api.value.NativeLimit;
import dev.plinth.api.value.NativeLimits;
import dev.plinth.api.value.NativeValues;
import dev.plinth.api.value.Timestamps;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a request body's object against a resource and turns it into {@link WriteValues}. Every bad
 * field is reported at once (422, one entry per field); server-maintained columns
 * ({@code created_at}, {@code updated_at}, {@code user_id}, …) are ignored, as the column conventions
 * say clients cannot set them, so a row read with GET can be sent back as it is. Keys follow one rule
 * (docs/api.md, "Keys, references and what a body may hold"): a create may not choose a key the schema
 * generates unless the model opts in ({@link dev.plinth.api.resource.ClientKeys}), and an update may
 * repeat the row's key but not change it ({@link #keepKey}). Text in a B-tree indexed column is limited
 * as {@link TextLimits} explains; a native type's length, range, scale and precision as {@link NativeLimit}
 * explains (rounded, padded or refused as PostgreSQL would, on both databases).
 */
public final class BodyReader {

    private final Map<String, Limits> limits = new java.util.concurrent.ConcurrentHashMap<>();
    private final dev.plinth.sql.DatabaseKind kind;

    /**
     * The limits of one resource's columns, by column position, computed once.
     *
     * @param text    the most characters of each column ({@link TextLimits}), 0 for none
     * @param natives each column's native-type limit ({@link NativeLimits}), null for none
     */
    private record Limits(int[] text, NativeLimit[] natives) {
    }

    /**
     * Creates a reader for a database.
     *
     * @param kind the database written: on SQLite a Decimal must also be one SQLite stores exactly
     */
    public BodyReader(dev.plinth.sql.DatabaseKind kind) {
        this.kind = kind;
    }

    /** Creates a reader with PostgreSQL's limits only. */
    public BodyReader() {
        this(dev.plinth.sql.DatabaseKind.POSTGRESQL);
    }

    /** The field code of text longer than its native type takes. */
    static final String TOO_LONG = "too_long";

    /** The body member carrying the expected {@code updated_at} of a PATCH. */
    public static final String EXPECTED_UPDATED_AT = "_expected_updated_at";

    /** What a body is for. */
    public enum Purpose {
        INSERT,
        UPDATE,
        /** A {@code PUT}'s whole row: required fields checked as on insert, the key allowed (then {@link #keepKey}), {@code _expected_updated_at} read. */
        REPLACE
    }

    /**
     * The values of a body and its concurrency expectation.
     *
     * @param values            the column values
     * @param expectedUpdatedAt {@code _expected_updated_at}, when sent (updates only)
     */
    public record Read(WriteValues values, Optional<Instant> expectedUpdatedAt) {
    }

    /**
     * Reads one object.
     *
     * @param resource the resource written
     * @param body     the JSON value (must be an object)
     * @param purpose  insert (required fields are checked) or update
     * @return the values
     * @throws ProblemException 422 listing every bad field
     */
    public Read read(Resource resource, JsonNode body, Purpose purpose) {
        if (!(body instanceof ObjectNode object)) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the body must be a JSON object"
                    + (purpose == Purpose.INSERT ? " or an array of objects" : ""), List.of());
        }
        Map<String, Column> columns = resource.byName();
        WriteValues values = new WriteValues(resource);
        List<FieldError> errors = new ArrayList<>();
        Optional<Instant> expected = Optional.empty();
        Limits columnLimits = limits(resource);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals(EXPECTED_UPDATED_AT) && purpose != Purpose.INSERT && resource.updatedAt().isPresent()) {
                try {
                    expected = Optional.of(Timestamps.parse(value.asText()));
                } catch (DateTimeParseException e) {
                    errors.add(new FieldError(name, "invalid_value", "expected an ISO-8601 date-time"));
                }
                continue;
            }
            Column column = columns.get(name);
            if (column == null) {
                errors.add(new FieldError(name, "unknown_field", "no such column; valid columns: " + resource.columnList()));
                continue;
            }
            if (column.role().serverManaged()) {
                continue;
            }
            if (purpose == Purpose.INSERT && !resource.clientKeys() && generatedKey(resource, column)) {
                errors.add(new FieldError(name, ApiProblem.IMMUTABLE_FIELD.code(), "is a key the schema generates (@default):"
                        + " leave it out, or list " + resource.model().name() + " in clientKeys of generator plinth"));
                continue;
            }
            if (value.isNull()) {
                if (!column.field().optional()) {
                    errors.add(new FieldError(name, "not_null", "must not be null"));
                } else {
                    values.put(column, null);
                }
                continue;
            }
            try {
                // @@normalizeKey: the key (and foreign keys to it) stored as the path and filters will look for it
                NativeLimit nativeLimit = columnLimits.natives()[column.position()];
                if (nativeLimit != null && column.codec() instanceof ColumnCodec.ListOf list && value.isArray()) {
                    value = NativeValues.limitEach(list.element(), nativeLimit, value);
                }
                Object decoded = column.field().normalization().applyTo(column.codec().decode(value));
                if (nativeLimit != null && !(column.codec() instanceof ColumnCodec.ListOf)) {
                    decoded = nativeLimit.apply(decoded);
                }
                int limit = columnLimits.text()[column.position()];
                if (limit > 0 && decoded instanceof String text && text.codePointCount(0, text.length()) > limit) {
                    errors.add(new FieldError(name, ApiProblem.VALUE_TOO_LONG.code(), "at most " + limit
                            + " characters (an indexed or @db.VarChar column; docs/api.md), got " + text.codePointCount(0, text.length())));
                    continue;
                }
                values.put(column, decoded);
            } catch (InvalidValue e) {
                if (e.nested().isEmpty()) {
                    errors.add(new FieldError(name, e.code(), e.getMessage()));
                }
                // a composite type's document: one entry per problem, named by its path (address.zip)
                e.nested().forEach(n -> errors.add(new FieldError(name + n.path(), n.code(), n.message())));
            }
        }
        if (purpose != Purpose.UPDATE) {
            for (Column c : resource.columns()) {
                if (c.requiredOnInsert() && !(purpose == Purpose.REPLACE && resource.key().contains(c)) && !values.has(c) && !object.has(c.name())) {
                    errors.add(new FieldError(c.name(), "required", "is required"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.fields(problem(errors), describe(errors), errors);
        }
        return new Read(values, expected);
    }

    /**
     * Applies the key rule of updates: a key field equal to the row's key is dropped (a row read with
     * GET can be sent back), a different one is refused. Without a row key (a collection PATCH, which
     * reaches many rows), any key field is refused.
     *
     * @param resource the resource
     * @param values   the values read from the body; equal key values are removed
     * @param key      the row's key bind values in key order, or null for a collection PATCH
     * @throws ProblemException 422 {@code immutable_field} naming every key field that would change
     */
    public void keepKey(Resource resource, WriteValues values, Object[] key) {
        List<FieldError> errors = new ArrayList<>();
        for (int k = 0; k < resource.key().size(); k++) {
            Column col = resource.key().get(k);
            if (!values.has(col)) {
                continue;
            }
            if (key != null && sameValue(values.get(col), key[k])) {
                values.remove(col);
            } else {
                errors.add(new FieldError(col.name(), ApiProblem.IMMUTABLE_FIELD.code(), key == null
                        ? "is part of the key: a collection PATCH cannot set it"
                        : "is part of the key and cannot be changed (send the row's own value, or leave it out)"));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.fields(ApiProblem.IMMUTABLE_FIELD, describe(errors), errors);
        }
    }

    /**
     * Tells whether a create may not set a key column: its default is computed (autoincrement(), uuid(),
     * dbgenerated(), …), not a literal (docs/api.md, "Keys, references and what a body may hold").
     *
     * @param resource the resource written
     * @param column   one of its columns
     * @return true for a key column with a computed default
     */
    public static boolean generatedKey(Resource resource, Column column) {
        return resource.key().contains(column) && column.field().defaultValue()
                .map(d -> !(d instanceof dev.plinth.schema.model.DefaultValue.StringLiteral
                        || d instanceof dev.plinth.schema.model.DefaultValue.NumberLiteral
                        || d instanceof dev.plinth.schema.model.DefaultValue.BooleanLiteral
                        || d instanceof dev.plinth.schema.model.DefaultValue.EnumLiteral))
                .orElse(false);
    }

    /**
     * Brings a path key's value to the form its column stores: a {@code @db.Char(n)} key padded to {@code n},
     * so that {@code /api/countries/ab} finds the row stored as {@code "ab  "} on SQLite as PostgreSQL's
     * {@code character} comparison finds it.
     *
     * @param resource the resource
     * @param column   a key column
     * @param value    the value its codec parsed
     * @return the value to look up (unchanged unless padded)
     */
    public Object keyValue(Resource resource, Column column, Object value) {
        NativeLimit limit = limits(resource).natives()[column.position()];
        if (limit instanceof NativeLimit.Characters c && c.padded()) {
            try {
                return c.apply(value);
            } catch (InvalidValue e) {
                return value; // longer than any stored value: it finds no row, as on PostgreSQL
            }
        }
        return value;
    }

    /** Compares a body value with a path key value, both as the column's codec produced them. */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof java.math.BigDecimal x && b instanceof java.math.BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return java.util.Arrays.equals(x, y);
        }
        return java.util.Objects.equals(a, b);
    }

    private Limits limits(Resource resource) {
        return limits.computeIfAbsent(resource.name(), n -> {
            NativeLimit[] natives = new NativeLimit[resource.columns().size()];
            for (Column c : resource.columns()) {
                natives[c.position()] = NativeLimits.of(c.field(), kind).orElse(null);
            }
            return new Limits(TextLimits.of(resource), natives);
        });
    }

    /** The body's problem: a more precise one when every field error is of the same precise kind. */
    private static ApiProblem problem(List<FieldError> errors) {
        if (errors.stream().allMatch(e -> e.code().equals(ApiProblem.IMMUTABLE_FIELD.code()))) {
            return ApiProblem.IMMUTABLE_FIELD;
        }
        // text over an index's limit, or over the n of @db.VarChar(n) / @db.Char(n) (field code too_long)
        if (errors.stream().allMatch(e -> e.code().equals(ApiProblem.VALUE_TOO_LONG.code()) || e.code().equals(TOO_LONG))) {
            return ApiProblem.VALUE_TOO_LONG;
        }
        return ApiProblem.VALIDATION_FAILED;
    }

    private static String describe(List<FieldError> errors) {
        List<String> unknown = errors.stream().filter(e -> e.code().equals("unknown_field")).map(FieldError::field).toList();
        if (unknown.size() == errors.size()) {
            return "unknown field" + (unknown.size() > 1 ? "s: " : ": ") + String.join(", ", unknown);
        }
        return errors.size() + " invalid field" + (errors.size() > 1 ? "s: " : ": ")
                + String.join(", ", errors.stream().map(FieldError::field).toList());
    }
}
