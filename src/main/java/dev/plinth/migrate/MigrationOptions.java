package dev.plinth.migrate;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * How a migration is planned and applied, beyond the schema (docs/migrations.md).
 *
 * @param renames           the renames asked for on the command line ({@code --rename}); the schema's
 *                          {@code @plinth.renamedFrom} markers count in any case
 * @param concurrentIndexes true to build new indexes on existing PostgreSQL tables with
 *                          {@code CREATE INDEX CONCURRENTLY}, after the migration's transaction commits
 *                          ({@code --concurrent-indexes}); ignored on SQLite
 * @param monitor           opens a second connection to the same PostgreSQL database, from which an index
 *                          build's progress is read while it runs ({@code pg_stat_progress_create_index});
 *                          empty: index builds report elapsed time only
 */
public record MigrationOptions(ExplicitRenames renames, boolean concurrentIndexes, Optional<Monitor> monitor) {

    /** No renames asked for, indexes built inside the migration's transaction, no progress connection. */
    public static final MigrationOptions DEFAULT = new MigrationOptions(ExplicitRenames.NONE, false, Optional.empty());

    /**
     * Options without a progress connection.
     *
     * @param renames           as for the record
     * @param concurrentIndexes as for the record
     */
    public MigrationOptions(ExplicitRenames renames, boolean concurrentIndexes) {
        this(renames, concurrentIndexes, Optional.empty());
    }

    /** Opens the second connection that progress is read from. */
    @FunctionalInterface
    public interface Monitor {
        /**
         * Opens a connection to the database being migrated.
         *
         * @return a new connection, closed by the caller
         * @throws SQLException when the database cannot be reached
         */
        Connection open() throws SQLException;
    }
}
