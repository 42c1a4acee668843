package dev.plinth.query;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A path inside a JSON document column, as written after the column's name in the list grammar
 * ({@code meta.limits.seats}, {@code meta.tags.0}) or in an {@code @@index([meta.plan])}: object keys
 * that are identifiers, and array positions that are whole numbers.
 *
 * <p>Only identifiers and positions are accepted so that a path can be written into SQL as a literal
 * ({@code json_extract("meta", '$.limits.seats')} on SQLite, {@code "meta"->'limits'->>'seats'} on
 * PostgreSQL): an index on such an expression serves a filter only when the filter's expression is the
 * same text, which a bind parameter is not (https://www.sqlite.org/expridx.html,
 * https://www.postgresql.org/docs/current/indexes-expressional.html).
 *
 * @param segments each step: a {@link String} key or an {@link Integer} position; empty for the
 *                 document itself
 */
public record JsonPath(List<Object> segments) {

    /** The longest path accepted: deeper documents are not indexed or filtered by position. */
    public static final int MAX_SEGMENTS = 16;

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern POSITION = Pattern.compile("0|[1-9][0-9]{0,5}");

    /** The document itself (no step). */
    public static final JsonPath ROOT = new JsonPath(List.of());

    public JsonPath {
        segments = List.copyOf(segments);
        for (Object s : segments) {
            if (!(s instanceof String k && KEY.matcher(k).matches()) && !(s instanceof Integer i && i >= 0)) {
                throw new IllegalArgumentException("not a JSON path step: " + s);
            }
        }
    }

    /**
     * Reads the steps after a column name, e.g. {@code limits.seats} or {@code tags.0}.
     *
     * @param column    the column's name as the client wrote it, for errors
     * @param dotted    the steps joined by dots, not empty
     * @param parameter the query parameter to name in an error
     * @return the path
     * @throws QueryException {@code invalid_parameter} naming the path when a step is empty, is not an
     *                        identifier or a whole number, or there are more than {@link #MAX_SEGMENTS}
     */
    public static JsonPath parse(String column, String dotted, String parameter) {
        String[] parts = dotted.split("\\.", -1);
        if (parts.length > MAX_SEGMENTS) {
            throw QueryException.invalidParameter(parameter, "'" + parameter + "': the JSON path '" + column + "." + dotted
                    + "' has more than " + MAX_SEGMENTS + " steps");
        }
        List<Object> steps = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (KEY.matcher(p).matches()) {
                steps.add(p);
            } else if (POSITION.matcher(p).matches()) {
                steps.add(Integer.parseInt(p));
            } else {
                throw QueryException.invalidParameter(parameter, "'" + parameter + "': '" + column + "." + dotted
                        + "' is not a JSON path: each step after the column is a key (letters, digits, _ ; not starting"
                        + " with a digit) or an array position (0, 1, …), e.g. meta.limits.seats or meta.tags.0");
            }
        }
        return new JsonPath(steps);
    }

    /** Returns true when a step is a valid key or position (for validating schema index paths). */
    public static boolean validStep(String step) {
        return KEY.matcher(step).matches() || POSITION.matcher(step).matches();
    }

    /** Returns true for the document itself. */
    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** Returns true when every step is a key (the path can be written as a containment document). */
    public boolean keysOnly() {
        return segments.stream().allMatch(s -> s instanceof String);
    }

    /** Returns the path as written, e.g. {@code limits.seats}. */
    public String dotted() {
        StringBuilder b = new StringBuilder();
        for (Object s : segments) {
            if (!b.isEmpty()) {
                b.append('.');
            }
            b.append(s);
        }
        return b.toString();
    }

    /** Returns SQLite's JSON path text, e.g. {@code $.limits.seats} or {@code $.tags[0]} (https://www.sqlite.org/json1.html#path_arguments). */
    public String sqlitePath() {
        StringBuilder b = new StringBuilder("$");
        for (Object s : segments) {
            if (s instanceof Integer i) {
                b.append('[').append(i).append(']');
            } else {
                b.append('.').append(s);
            }
        }
        return b.toString();
    }

    /**
     * Returns PostgreSQL's operator chain after the column, e.g. {@code ->'limits'->>'seats'} (text of the
     * last step) or {@code ->'limits'->'seats'} (jsonb): the form PostgreSQL's documentation uses for
     * expression indexes on jsonb (https://www.postgresql.org/docs/current/functions-json.html).
     *
     * @param text true for {@code ->>} on the last step
     * @return the chain; empty for the root
     */
    public String postgresChain(boolean text) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            Object s = segments.get(i);
            b.append(text && i == segments.size() - 1 ? "->>" : "->");
            b.append(s instanceof Integer n ? n.toString() : "'" + s + "'");
        }
        return b.toString();
    }
}
