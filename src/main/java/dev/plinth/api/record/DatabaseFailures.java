package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/**
 * Maps any error a database raises to a problem of Plinth's own: a stable {@code code} and a message
 * written here, never the database's text (which names tables, values and internals, and differs
 * between databases and versions). The database's error rides along on the problem
 * ({@link ProblemException#databaseError()}) so that the server logs it with the request id.
 *
 * <p>The client's fault is a 4xx (a value out of range or too long, a constraint, a database limit);
 * contention, timeouts, lost connections and exhausted resources are 503 (nothing was changed, retry);
 * anything else is 500. Sources: PostgreSQL, "Appendix A. PostgreSQL Error Codes"
 * (https://www.postgresql.org/docs/current/errcodes-appendix.html), by SQLSTATE class; SQLite,
 * "Result and Error Codes" (https://www.sqlite.org/rescode.html), by primary result code.
 */
public final class DatabaseFailures {

    private static final String UNCHANGED = "; nothing was changed";
    private static final String RETRY = "; nothing was changed, retry";

    private DatabaseFailures() {
    }

    /**
     * Explains a database error.
     *
     * @param e the database's error (SQLite's carry a result code, PostgreSQL's a SQLSTATE)
     * @return the problem to answer, carrying {@code e} for the log
     */
    public static ProblemException explain(SQLException e) {
        ProblemException p = e instanceof SQLiteException s ? sqlite(s.getResultCode().code) : postgres(e.getSQLState());
        if (p.problem() == ApiProblem.INTERNAL && e instanceof java.sql.SQLTransientException) {
            // JDBC's "might succeed when retried" (a timeout, a connection not had in time) with no state of its own
            p = ApiProblem.UNAVAILABLE.with("the database did not answer in time" + RETRY);
        }
        return p.withDatabaseError(e);
    }

    /**
     * Tells whether an error means "busy, retry": a lock or serialization conflict, a cancelled
     * statement, a lost connection, resources or a server going away.
     *
     * @param e the error
     * @return true when the answer is 503
     */
    public static boolean isRetryable(SQLException e) {
        return explain(e).problem() == ApiProblem.UNAVAILABLE;
    }

    /** SQLite: the primary result code is the low byte of an extended one. */
    private static ProblemException sqlite(int resultCode) {
        return switch (resultCode & 0xff) {
            case 5, 6 -> ApiProblem.UNAVAILABLE.with("the database is busy" + RETRY);
            case 8 -> ApiProblem.UNAVAILABLE.with("the database is read-only at the moment" + RETRY);
            case 9 -> ApiProblem.UNAVAILABLE.with("the statement was interrupted" + RETRY);
            case 13 -> ApiProblem.UNAVAILABLE.with("the database's disk is full" + RETRY);
            case 18 -> ApiProblem.LIMIT_EXCEEDED.with("a value is larger than the database stores" + UNCHANGED);
            case 19 -> constraint(resultCode);
            case 20 -> ApiProblem.VALIDATION_FAILED.with("a value does not fit its column's type" + UNCHANGED);
            default -> ApiProblem.INTERNAL.with("the database failed" + UNCHANGED);
        };
    }

    /** SQLite's extended constraint codes (SQLITE_CONSTRAINT_*). */
    private static ProblemException constraint(int resultCode) {
        return switch (resultCode) {
            case 1555, 2067 -> ApiProblem.UNIQUE_VIOLATION.with("a row with the same unique values already exists" + UNCHANGED);
            case 787 -> ApiProblem.FOREIGN_KEY_VIOLATION.with("a referenced row does not exist, or the row is still referenced" + UNCHANGED);
            case 1299 -> ApiProblem.VALIDATION_FAILED.with("a required value is null" + UNCHANGED);
            default -> ApiProblem.VALIDATION_FAILED.with("the row breaks a rule of the schema" + UNCHANGED);
        };
    }

    /** PostgreSQL: first the exact SQLSTATE, then its two-character class. */
    private static ProblemException postgres(String state) {
        if (state == null || state.length() != 5) {
            return ApiProblem.INTERNAL.with("the database failed" + UNCHANGED);
        }
        return switch (state) {
            case "22001" -> ApiProblem.VALIDATION_FAILED.with("a text value is longer than its column holds" + UNCHANGED);
            case "22003" -> ApiProblem.VALIDATION_FAILED.with("a number is outside its column's range" + UNCHANGED);
            case "22007", "22008" -> ApiProblem.VALIDATION_FAILED.with("a date-time value is malformed or out of range" + UNCHANGED);
            case "22021", "22P05" -> ApiProblem.VALIDATION_FAILED.with(
                    "a text value holds a character the database cannot store (such as NUL)" + UNCHANGED);
            case "22P02" -> ApiProblem.VALIDATION_FAILED.with("a value does not parse as its column's type" + UNCHANGED);
            case "23505", "23P01" -> ApiProblem.UNIQUE_VIOLATION.with("a row with the same unique values already exists" + UNCHANGED);
            case "23503" -> ApiProblem.FOREIGN_KEY_VIOLATION.with("a referenced row does not exist, or the row is still referenced" + UNCHANGED);
            case "23001" -> ApiProblem.STILL_REFERENCED.with("the row is still referenced" + UNCHANGED);
            case "23502" -> ApiProblem.VALIDATION_FAILED.with("a required value is null" + UNCHANGED);
            case "40001", "40P01" -> ApiProblem.UNAVAILABLE.with("the transaction conflicted with another one" + RETRY);
            case "55P03" -> ApiProblem.UNAVAILABLE.with("a row or table is locked by another transaction" + RETRY);
            case "57014" -> ApiProblem.UNAVAILABLE.with("the statement took too long and was cancelled" + RETRY);
            default -> postgresClass(state.substring(0, 2));
        };
    }

    private static ProblemException postgresClass(String sqlClass) {
        return switch (sqlClass) {
            case "22" -> ApiProblem.VALIDATION_FAILED.with("a value does not fit its column" + UNCHANGED);
            case "23" -> ApiProblem.VALIDATION_FAILED.with("the row breaks a rule of the schema" + UNCHANGED);
            case "54" -> ApiProblem.LIMIT_EXCEEDED.with("a value or the request is beyond a limit of the database (program limit exceeded)"
                    + UNCHANGED);
            case "08" -> ApiProblem.UNAVAILABLE.with("the connection to the database failed" + RETRY);
            case "53" -> ApiProblem.UNAVAILABLE.with("the database is out of resources (disk, memory or connections)" + RETRY);
            case "57" -> ApiProblem.UNAVAILABLE.with("the database is shutting down or not accepting work" + RETRY);
            case "40" -> ApiProblem.UNAVAILABLE.with("the transaction was rolled back by the database" + RETRY);
            default -> ApiProblem.INTERNAL.with("the database failed" + UNCHANGED);
        };
    }
}
