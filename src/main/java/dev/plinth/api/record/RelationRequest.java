package dev.plinth.api.record;

import dev.plinth.query.QueryException;

import java.util.List;
import java.util.Map;

/**
 * What a list request asks to embed: {@code include} paths (already checked against the schema by the
 * query parser), the per-parent cap {@code include_limit} of to-many includes, and {@code labels=true}.
 *
 * @param include      the paths, e.g. {@code company}, {@code contacts.company}
 * @param includeLimit the most rows embedded per parent for a to-many include
 * @param labels       true to add a {@code *_label} beside every foreign-key column
 * @param labelsByDefault true when the labels come from the schema ({@code labels = "always"} or
 *                     {@code @@labels("always")}) rather than from {@code labels=true}: they never make a read
 *                     fail (a related model hidden from the caller labels nothing) and an export streams without them
 */
public record RelationRequest(List<String> include, int includeLimit, boolean labels, boolean labelsByDefault) {

    /** Rows embedded per parent when {@code include_limit} is not given. */
    public static final int DEFAULT_INCLUDE_LIMIT = 20;
    /** The largest {@code include_limit}. */
    public static final int MAX_INCLUDE_LIMIT = 1000;

    public RelationRequest {
        include = List.copyOf(include);
    }

    /** Returns true when there is anything to embed. */
    public boolean any() {
        return !include.isEmpty() || labels;
    }

    /** Returns true when the request itself asks to embed something (an include or {@code labels=true}). */
    public boolean asked() {
        return !include.isEmpty() || (labels && !labelsByDefault);
    }

    /**
     * Reads {@code include_limit} and {@code labels} beside the parsed {@code include}, for a resource
     * whose reads carry labels only on request.
     *
     * @param params  the request's query parameters
     * @param include the parsed include paths
     * @return the request
     * @throws QueryException {@code invalid_value} for a bad number or boolean, or {@code include_limit} without {@code include}
     */
    public static RelationRequest of(Map<String, List<String>> params, List<String> include) {
        return of(params, include, false);
    }

    /**
     * Reads {@code include_limit} and {@code labels} beside the parsed {@code include}.
     *
     * @param params  the request's query parameters
     * @param include the parsed include paths
     * @param always  true when the resource's reads carry labels unless the request says {@code labels=false}
     * @return the request
     * @throws QueryException {@code invalid_value} for a bad number or boolean, or {@code include_limit} without {@code include}
     */
    public static RelationRequest of(Map<String, List<String>> params, List<String> include, boolean always) {
        int limit = DEFAULT_INCLUDE_LIMIT;
        List<String> l = params.get("include_limit");
        if (l != null && !l.isEmpty()) {
            if (include.isEmpty()) {
                throw refused(dev.plinth.query.QueryError.Code.INVALID_PARAMETER, "include_limit", "'include_limit' needs an include, e.g. include=contacts&include_limit=5");
            }
            try {
                limit = Integer.parseInt(l.getFirst().strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_INCLUDE_LIMIT) {
                throw refused(dev.plinth.query.QueryError.Code.INVALID_VALUE, "include_limit", "'include_limit': '" + l.getFirst()
                        + "' is not a whole number from 1 to " + MAX_INCLUDE_LIMIT);
            }
        }
        boolean labels = always;
        boolean byDefault = always;
        List<String> b = params.get("labels");
        if (b != null && !b.isEmpty()) {
            byDefault = false;
            labels = switch (b.getFirst().toLowerCase(java.util.Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw refused(dev.plinth.query.QueryError.Code.INVALID_VALUE, "labels", "'labels': '" + b.getFirst() + "' is not true or false",
                        List.of("true", "false"));
            };
        }
        return new RelationRequest(include, limit, labels, byDefault && labels);
    }

    static QueryException refused(dev.plinth.query.QueryError.Code code, String parameter, String message) {
        return refused(code, parameter, message, java.util.List.of());
    }

    static QueryException refused(dev.plinth.query.QueryError.Code code, String parameter, String message,
                                  java.util.List<String> valid) {
        return new QueryException(new dev.plinth.query.QueryError(code, parameter, message, valid));
    }
}
