package dev.plinth.query;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * A filter value compared with a value inside a JSON document, typed as JSON types it: the same
 * request compares numbers as numbers and text as text on SQLite and PostgreSQL.
 *
 * <p>A value (after the list grammar's own quoting, docs/query.md) that reads as a JSON number is a
 * number, {@code true}/{@code false} are booleans, a JSON string literal ({@code "5"} written inside the
 * grammar's quotes: {@code meta.code="\"5\""}) is that text, and anything else is text as written.
 */
public sealed interface JsonScalar {

    /** JSON's number grammar (RFC 8259 §6). */
    Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    /** A JSON string. */
    record Text(String value) implements JsonScalar {
    }

    /** A JSON number, exact. */
    record Number(BigDecimal value) implements JsonScalar {
    }

    /** {@code true} or {@code false}. */
    record Bool(boolean value) implements JsonScalar {
    }

    /**
     * Types a filter value.
     *
     * @param text      the value after the list grammar's unquoting
     * @param parameter the parameter, for errors
     * @return the typed value
     * @throws QueryException {@code invalid_value} for {@code null} (written {@code __isnull=true}), a number
     *                        of 1e300 or more (SQLite holds such numbers as doubles), or a malformed JSON string literal
     */
    static JsonScalar parse(String text, String parameter) {
        if (text.equals("true") || text.equals("false")) {
            return new Bool(text.equals("true"));
        }
        if (text.equals("null")) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': test for a JSON null or a missing key with "
                    + "__isnull=true; to match the text \"null\", write it as a JSON string: \"\\\"null\\\"\"");
        }
        if (NUMBER.matcher(text).matches()) {
            BigDecimal n = new BigDecimal(text);
            if (n.abs().compareTo(new BigDecimal("1e300")) >= 0) {
                throw QueryException.invalidValue(parameter, "'" + parameter + "': the number " + text + " is out of range");
            }
            return new Number(n);
        }
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            try {
                return new Text(JsonDocument.MAPPER.readValue(text, String.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text + " is not a JSON string");
            }
        }
        return new Text(text);
    }

    /** Returns the value as a JSON text, e.g. {@code "pro"}, {@code 5}, {@code true}. */
    default String json() {
        return switch (this) {
            case Text t -> JsonDocument.quote(t.value());
            case Number n -> n.value().toString();
            case Bool b -> Boolean.toString(b.value());
        };
    }
}
