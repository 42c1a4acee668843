package dev.plinth.api;

import dev.plinth.api.orphan.HeldState;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationOptions;

/**
 * How {@link ServedApi#start} migrates the database before serving (docs/migrations.md).
 *
 * @param destructive refuse (the default), hold ({@code --hold-destructive}) or apply ({@code --force}) destructive steps
 * @param adminRole   the role that may read orphaned tables under {@code /api/_orphaned} ({@code --admin-role})
 * @param options     renames asked for ({@code --rename}) and {@code --concurrent-indexes}
 * @param progress    hears the migration's steps and the progress of long ones
 */
public record StartMigration(DestructiveChanges destructive, String adminRole, MigrationOptions options,
                             MigrationListener progress) {

    /**
     * Returns the plain start: destructive steps applied when forced, refused otherwise; no renames, no progress.
     *
     * @param force true to apply destructive steps
     * @return the choices
     */
    public static StartMigration of(boolean force) {
        return new StartMigration(DestructiveChanges.of(force, false), HeldState.DEFAULT_ADMIN_ROLE,
                MigrationOptions.DEFAULT, MigrationListener.NONE);
    }
}
