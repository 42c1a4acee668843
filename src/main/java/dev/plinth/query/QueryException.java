package dev.plinth.query;

import java.util.List;

/**
 * Thrown by {@link QueryParser}, {@link CursorCodec} and {@link SqlRenderer} when a request's list
 * parameters cannot be served; carries the {@link QueryError} the API turns into a 400 problem.
 */
public final class QueryException extends RuntimeException {

    private final transient QueryError error;

    /**
     * @param error what was refused and why
     */
    public QueryException(QueryError error) {
        super(error.message(), null, false, false);
        this.error = error;
    }

    /** Returns the refusal as data. */
    public QueryError error() {
        return error;
    }

    static QueryException invalidParameter(String parameter, String message) {
        return new QueryException(new QueryError(QueryError.Code.INVALID_PARAMETER, parameter, message, List.of()));
    }

    static QueryException invalidParameter(String parameter, String message, List<String> valid) {
        return new QueryException(new QueryError(QueryError.Code.INVALID_PARAMETER, parameter, message, valid));
    }

    static QueryException invalidValue(String parameter, String message) {
        return new QueryException(new QueryError(QueryError.Code.INVALID_VALUE, parameter, message, List.of()));
    }

    static QueryException invalidValue(String parameter, String message, List<String> valid) {
        return new QueryException(new QueryError(QueryError.Code.INVALID_VALUE, parameter, message, valid));
    }

    static QueryException unknownColumn(String parameter, String column, List<String> valid) {
        return new QueryException(new QueryError(QueryError.Code.UNKNOWN_COLUMN, parameter,
                "'" + parameter + "': no column '" + column + "'; valid columns: " + String.join(", ", valid), valid));
    }

    static QueryException notSupported(String parameter, String message) {
        return new QueryException(new QueryError(QueryError.Code.NOT_SUPPORTED, parameter, message, List.of()));
    }
}
