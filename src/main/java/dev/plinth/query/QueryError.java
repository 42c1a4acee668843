package dev.plinth.query;

import java.util.List;

/**
 * Why a list request's query parameters were refused: the data behind a {@code 400} problem.
 *
 * <p>The API maps every {@code QueryError} to an {@code application/problem+json} answer (RFC 9457)
 * with status 400, {@link Code#wireName()} as the machine {@code code}, {@link #parameter()} as the
 * offending field and {@link #validValues()} as the hint (the valid columns for an unknown column,
 * the allowed values of an enum, the lookups a column supports).
 *
 * @param code        the machine code
 * @param parameter   the query parameter as the client wrote it (e.g. {@code created_at__gte}, {@code orderBy})
 * @param message     one sentence for humans, naming the parameter
 * @param validValues what would have been accepted in its place, or empty when there is no short list
 */
public record QueryError(Code code, String parameter, String message, List<String> validValues) {

    public QueryError {
        validValues = List.copyOf(validValues);
    }

    /** The machine codes of refused query parameters. */
    public enum Code {
        /** A parameter's shape is wrong: unknown lookup, malformed group, repeated reserved word, bad page size. */
        INVALID_PARAMETER("invalid_parameter"),
        /** A parameter names no column of the model (or one that is never served); the valid columns are listed. */
        UNKNOWN_COLUMN("unknown_column"),
        /** A value does not parse as the column's type (a date, a number, a boolean, an enum value). */
        INVALID_VALUE("invalid_value"),
        /** The parameter is understood but not served for this model (yet): {@code include}, {@code q}. */
        NOT_SUPPORTED("not_supported");

        private final String wireName;

        Code(String wireName) {
            this.wireName = wireName;
        }

        /** Returns the code as it appears in problem details, e.g. {@code "unknown_column"}. */
        public String wireName() {
            return wireName;
        }
    }
}
