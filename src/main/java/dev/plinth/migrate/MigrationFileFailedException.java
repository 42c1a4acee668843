package dev.plinth.migrate;

import java.sql.SQLException;

/**
 * Thrown when a statement of a migration file fails; the file's transaction was rolled back, so nothing of
 * that file was applied or recorded (files applied before it stay applied).
 */
public final class MigrationFileFailedException extends Exception {

    private final String migration;

    /**
     * Creates the exception.
     *
     * @param migration the migration folder's name
     * @param file      the file ({@code migration.sql} or {@code down.sql})
     * @param index     the 1-based position of the statement in the file
     * @param statement the statement that failed
     * @param cause     the database's error
     */
    public MigrationFileFailedException(String migration, String file, int index, String statement, SQLException cause) {
        super("the migration " + migration + " failed at statement " + index + " of " + file + ": "
                + cause.getMessage().strip() + "\n  statement: " + statement
                + "\nits transaction was rolled back: nothing of " + migration + "/" + file + " was applied or recorded", cause);
        this.migration = migration;
    }

    /** Returns the name of the migration that failed. */
    public String migration() {
        return migration;
    }
}
