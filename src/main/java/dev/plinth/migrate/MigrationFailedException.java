package dev.plinth.migrate;

import java.sql.SQLException;

/** Thrown when a statement of a migration fails; the transaction was rolled back and nothing was changed. */
public final class MigrationFailedException extends Exception {

    private final transient MigrationStep step;

    /**
     * Creates the exception.
     *
     * @param step      the step that failed, or null when the final checks failed
     * @param statement the statement that failed
     * @param cause     the database's error
     */
    public MigrationFailedException(MigrationStep step, String statement, SQLException cause) {
        this(step, statement, cause, "the transaction was rolled back; nothing was changed");
    }

    /**
     * Creates the exception for a failure whose outcome is not "nothing was changed": a step run outside the
     * migration's transaction ({@code CREATE INDEX CONCURRENTLY}) after the rest committed.
     *
     * @param step      the step that failed
     * @param statement the statement that failed
     * @param cause     the database's error
     * @param outcome   what state the database is left in, in words
     */
    public MigrationFailedException(MigrationStep step, String statement, SQLException cause, String outcome) {
        super((step == null ? "the migration" : "the step \"" + step.description() + "\"") + " failed: "
                + cause.getMessage().strip() + "\n  statement: " + statement + "\n" + outcome, cause);
        this.step = step;
    }

    /** Returns the step that failed, or null when the final checks failed. */
    public MigrationStep step() {
        return step;
    }
}
