package dev.plinth.api.record;

import dev.plinth.api.ApiProblem;
import dev.plinth.api.FieldError;
import dev.plinth.api.ProblemException;
import dev.plinth.schema.model.CheckConstraint;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.sql.CheckConstraintSql;
import org.postgresql.util.PSQLException;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a row the database refused because it breaks a CHECK constraint: a 422 {@code validation_failed}
 * naming the constraint (and, for a {@code @@check} of the schema, its condition as written and the first
 * field it names), never the database's text. SQLite reports {@code CHECK constraint failed: <name>}
 * (https://www.sqlite.org/rescode.html#constraint_check); PostgreSQL SQLSTATE 23514 with the constraint's name
 * in the error's fields (https://www.postgresql.org/docs/current/errcodes-appendix.html).
 */
final class CheckFailures {

    /** The field error code of a broken CHECK constraint. */
    static final String CODE = "check_failed";

    private static final Pattern SQLITE_NAME = Pattern.compile("CHECK constraint failed: (.+?)\\)?$");
    /** PostgreSQL's identifier limit: a longer {@code @@check} name is kept cut to it. */
    private static final int POSTGRES_NAME_BYTES = 63;

    private CheckFailures() {
    }

    /**
     * Explains the failure.
     *
     * @param e     the database's error (SQLITE_CONSTRAINT_CHECK or SQLSTATE 23514)
     * @param model the model written
     * @return the 422, carrying {@code e} for the log
     */
    static ProblemException explain(SQLException e, Model model) {
        Optional<String> name = constraintName(e);
        Optional<CheckConstraint> check = name.flatMap(n -> model.checks().stream()
                .filter(c -> c.name().equals(n) || cut(c.name()).equals(n)).findFirst());
        String constraint = check.map(CheckConstraint::name).or(() -> name).orElse("?");
        String field = check.flatMap(c -> CheckConstraintSql.fields(c, model).stream().findFirst()).map(Field::apiName).orElse("body");
        String message = "breaks the CHECK constraint \"" + constraint + "\"" + check.map(c -> ": " + c.text()).orElse("");
        return ProblemException.fields(ApiProblem.VALIDATION_FAILED, "the row " + message + "; nothing was changed",
                List.of(new FieldError(field, CODE, message))).withDatabaseError(e);
    }

    private static Optional<String> constraintName(SQLException e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return Optional.ofNullable(p.getServerErrorMessage().getConstraint());
        }
        Matcher m = SQLITE_NAME.matcher(String.valueOf(e.getMessage()).strip());
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private static String cut(String name) {
        byte[] bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length <= POSTGRES_NAME_BYTES) {
            return name;
        }
        int end = POSTGRES_NAME_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8);
    }
}
