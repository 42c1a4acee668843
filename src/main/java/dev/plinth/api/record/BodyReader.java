package dev.plinth.api.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.InvalidValue;
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
 * ({@code created_at}, {@code updated_at}, {@code user_id}, …) are ignored, as docs/api.md's column
 * conventions say clients cannot set them.
 */
public final class BodyReader {

    /** The body member carrying the expected {@code updated_at} of a PATCH. */
    public static final String EXPECTED_UPDATED_AT = "_expected_updated_at";

    /** What a body is for. */
    public enum Purpose {
        INSERT,
        UPDATE
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
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey();
            JsonNode value = member.getValue();
            if (name.equals(EXPECTED_UPDATED_AT) && purpose == Purpose.UPDATE && resource.updatedAt().isPresent()) {
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
            if (value.isNull()) {
                if (!column.field().optional()) {
                    errors.add(new FieldError(name, "not_null", "must not be null"));
                } else {
                    values.put(column, null);
                }
                continue;
            }
            try {
                values.put(column, column.codec().decode(value));
            } catch (InvalidValue e) {
                errors.add(new FieldError(name, e.code(), e.getMessage()));
            }
        }
        if (purpose == Purpose.INSERT) {
            for (Column c : resource.columns()) {
                if (c.requiredOnInsert() && !values.has(c) && !object.has(c.name())) {
                    errors.add(new FieldError(c.name(), "required", "is required"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.fields(ApiProblem.VALIDATION_FAILED, describe(errors), errors);
        }
        return new Read(values, expected);
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
