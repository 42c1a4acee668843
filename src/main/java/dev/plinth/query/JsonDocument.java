package dev.plinth.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON documents in filters and cursors: the {@code __contains} document of a request, and the sort
 * value at a path of a stored document (for the next cursor).
 */
final class JsonDocument {

    /** Numbers as {@link BigDecimal}, so a value is compared exactly as written. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The most scalars and containers a {@code __contains} document may hold (each is a bind or a subquery). */
    static final int MAX_NODES = 64;
    /** The deepest nesting of a {@code __contains} document. */
    static final int MAX_DEPTH = 8;

    private static final BigDecimal LARGEST = new BigDecimal("1e300");

    private JsonDocument() {
    }

    /** Returns {@code text} as a JSON string literal. */
    static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads the document of a {@code __contains} filter.
     *
     * @throws QueryException {@code invalid_value} when it is not JSON, or is larger than
     *                        {@link #MAX_NODES} values or deeper than {@link #MAX_DEPTH}
     */
    static JsonNode containment(String text, String parameter) {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            node = null;
        }
        if (node == null || node.isMissingNode()) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': __contains on a Json field takes a JSON"
                    + " document, e.g. {\"plan\":\"pro\"} or [\"red\"]; '" + text + "' is not JSON");
        }
        int[] count = {0};
        check(node, 1, count, parameter);
        return node;
    }

    private static void check(JsonNode node, int depth, int[] count, String parameter) {
        if (++count[0] > MAX_NODES || depth > MAX_DEPTH) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': the JSON document holds more than "
                    + MAX_NODES + " values or nests deeper than " + MAX_DEPTH + " levels");
        }
        if (node.isNumber() && node.decimalValue().abs().compareTo(LARGEST) >= 0) {
            // SQLite holds JSON numbers beyond 64-bit integers as doubles
            throw QueryException.invalidValue(parameter, "'" + parameter + "': the number " + node + " is out of range");
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (e.getKey().indexOf('\0') >= 0) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "': a key cannot hold the NUL character");
                }
                check(e.getValue(), depth + 1, count, parameter);
            }
        } else if (node.isArray()) {
            for (JsonNode e : node) {
                check(e, depth + 1, count, parameter);
            }
        } else if (node.isTextual() && node.textValue().indexOf('\0') >= 0) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': a value cannot hold the NUL character");
        }
    }

    /**
     * The sort value at {@code path} of a stored document: a number ({@link BigDecimal}), a text
     * ({@link String}), or null for anything else (missing, JSON null, a boolean, an object, an array),
     * as {@link SqlRenderer} orders by path.
     *
     * @param document the column's value as JDBC returned it (text, or PostgreSQL's {@code PGobject}); may be null
     * @param path     the path
     * @return the sort value
     * @throws IllegalArgumentException when the stored text is not JSON
     */
    static Object sortValue(Object document, JsonPath path) {
        if (document == null) {
            return null;
        }
        String text = document instanceof String s ? s : document.toString();
        if (document instanceof org.postgresql.util.PGobject pg) {
            text = pg.getValue();
        }
        if (text == null) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored value is not JSON", e);
        }
        for (Object step : path.segments()) {
            node = step instanceof Integer i ? (node.isArray() ? node.get(i) : null) : (node.isObject() ? node.get((String) step) : null);
            if (node == null) {
                return null;
            }
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.isTextual() ? node.textValue() : null;
    }
}
