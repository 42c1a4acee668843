package dev.plinth.api;

import java.util.List;

/**
 * An error answer on its way to the client: a catalog entry, this occurrence's detail, the bad
 * fields, and optionally the current row (for a 409 on {@code _expected_updated_at}).
 */
public final class ProblemException extends RuntimeException {

    private final ApiProblem problem;
    private final transient List<FieldError> errors;
    private final byte[] currentRow;

    /**
     * Creates the exception.
     *
     * @param problem    the catalog entry
     * @param detail     the human explanation of this occurrence
     * @param errors     the bad fields (may be empty)
     * @param currentRow the row's JSON as it is stored now, or null
     */
    public ProblemException(ApiProblem problem, String detail, List<FieldError> errors, byte[] currentRow) {
        this(problem, detail, errors, currentRow, null);
    }

    private ProblemException(ApiProblem problem, String detail, List<FieldError> errors, byte[] currentRow,
                             java.sql.SQLException databaseError) {
        super(detail, databaseError, false, false);
        this.problem = problem;
        this.errors = List.copyOf(errors);
        this.currentRow = currentRow;
    }

    /**
     * Returns this problem carrying the database's own error: it is logged with the request id, never
     * answered (the answer says only what Plinth writes).
     *
     * @param e the database's error
     * @return the same problem with {@code e} attached
     */
    public ProblemException withDatabaseError(java.sql.SQLException e) {
        return new ProblemException(problem, detail(), errors, currentRow, e);
    }

    /** Returns the database's error behind this problem, when there is one (for the log only). */
    public java.util.Optional<java.sql.SQLException> databaseError() {
        return getCause() instanceof java.sql.SQLException e ? java.util.Optional.of(e) : java.util.Optional.empty();
    }

    /** Returns the catalog entry. */
    public ApiProblem problem() {
        return problem;
    }

    /** Returns the human detail. */
    public String detail() {
        return getMessage();
    }

    /** Returns the bad fields. */
    public List<FieldError> errors() {
        return errors;
    }

    /** Returns the current row's JSON, or null. */
    public byte[] currentRow() {
        return currentRow;
    }

    /**
     * Creates a problem naming bad fields.
     *
     * @param problem the catalog entry
     * @param detail  the human explanation
     * @param errors  the bad fields
     * @return the exception
     */
    public static ProblemException fields(ApiProblem problem, String detail, List<FieldError> errors) {
        return new ProblemException(problem, detail, errors, null);
    }

    /**
     * Marks a problem as the one of an array item: field names become {@code [i].field}.
     *
     * @param p     the problem
     * @param index the 0-based item index
     * @return the marked problem
     */
    public static ProblemException atItem(ProblemException p, int index) {
        return new ProblemException(p.problem(), "item " + index + ": " + p.detail(),
                p.errors().stream().map(e -> new FieldError("[" + index + "]." + e.field(), e.code(), e.message())).toList(),
                p.currentRow(), p.databaseError().orElse(null));
    }
}
