package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every database error becomes a problem of Plinth's own: the status and code by SQLSTATE or result code, never the text. */
class DatabaseFailuresTest {

    private static final String SECRET = "relation \"secret_table\" value 'hunter2'";

    @ParameterizedTest(name = "SQLSTATE {0} -> {1}")
    @CsvSource({
            "22001, VALIDATION_FAILED", "22003, VALIDATION_FAILED", "22021, VALIDATION_FAILED", "22P05, VALIDATION_FAILED",
            "22P02, VALIDATION_FAILED", "22008, VALIDATION_FAILED", "22012, VALIDATION_FAILED", "2200G, VALIDATION_FAILED",
            "23505, UNIQUE_VIOLATION", "23P01, UNIQUE_VIOLATION", "23503, FOREIGN_KEY_VIOLATION", "23001, STILL_REFERENCED",
            "23502, VALIDATION_FAILED", "23514, VALIDATION_FAILED",
            "54000, LIMIT_EXCEEDED", "54001, LIMIT_EXCEEDED", "54011, LIMIT_EXCEEDED",
            "40001, UNAVAILABLE", "40P01, UNAVAILABLE", "55P03, UNAVAILABLE", "57014, UNAVAILABLE", "57P01, UNAVAILABLE",
            "08006, UNAVAILABLE", "08001, UNAVAILABLE", "53100, UNAVAILABLE", "53300, UNAVAILABLE",
            "42P01, INTERNAL", "XX000, INTERNAL", "25P02, INTERNAL"})
    void postgresStatesMapToPlinthCodes(String state, ApiProblem expected) {
        assertMapped(new SQLException(SECRET, state), expected);
    }

    @ParameterizedTest(name = "SQLite {0} -> {1}")
    @CsvSource({
            "SQLITE_BUSY, UNAVAILABLE", "SQLITE_BUSY_SNAPSHOT, UNAVAILABLE", "SQLITE_LOCKED, UNAVAILABLE",
            "SQLITE_READONLY, UNAVAILABLE", "SQLITE_INTERRUPT, UNAVAILABLE", "SQLITE_FULL, UNAVAILABLE",
            "SQLITE_TOOBIG, LIMIT_EXCEEDED", "SQLITE_MISMATCH, VALIDATION_FAILED",
            "SQLITE_CONSTRAINT_UNIQUE, UNIQUE_VIOLATION", "SQLITE_CONSTRAINT_PRIMARYKEY, UNIQUE_VIOLATION",
            "SQLITE_CONSTRAINT_FOREIGNKEY, FOREIGN_KEY_VIOLATION", "SQLITE_CONSTRAINT_NOTNULL, VALIDATION_FAILED",
            "SQLITE_CONSTRAINT_CHECK, VALIDATION_FAILED", "SQLITE_CONSTRAINT_TRIGGER, VALIDATION_FAILED",
            "SQLITE_IOERR, INTERNAL", "SQLITE_CORRUPT, INTERNAL", "SQLITE_ERROR, INTERNAL"})
    void sqliteResultCodesMapToPlinthCodes(SQLiteErrorCode code, ApiProblem expected) {
        assertMapped(new SQLiteException(SECRET, code), expected);
    }

    @org.junit.jupiter.api.Test
    void anErrorWithoutStateIsInternal() {
        assertMapped(new SQLException(SECRET), ApiProblem.INTERNAL);
    }

    @org.junit.jupiter.api.Test
    void aTransientErrorWithoutStateIsRetried() {
        assertMapped(new java.sql.SQLTimeoutException(SECRET), ApiProblem.UNAVAILABLE);
        assertMapped(new java.sql.SQLTransientConnectionException(SECRET), ApiProblem.UNAVAILABLE);
    }

    private static void assertMapped(SQLException e, ApiProblem expected) {
        ProblemException p = DatabaseFailures.explain(e);
        assertThat(p.problem()).isEqualTo(expected);
        assertThat(p.detail()).isNotBlank().doesNotContain("secret_table").doesNotContain("hunter2");
        assertThat(p.errors()).allSatisfy(f -> assertThat(f.message()).doesNotContain("hunter2"));
        assertThat(p.databaseError()).containsSame(e);
        assertThat(DatabaseFailures.isRetryable(e)).isEqualTo(expected == ApiProblem.UNAVAILABLE);
    }
}
