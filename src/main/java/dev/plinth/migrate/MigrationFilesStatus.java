package dev.plinth.migrate;

import java.util.List;

/**
 * Where a database stands against its migration files.
 *
 * @param applied  the migrations recorded as applied, Plinth's and Prisma Migrate's, in folder-name order
 *                 (those whose folder is missing last)
 * @param pending  the folders not applied yet, in the order {@code deploy} applies them
 * @param problems what stops a deploy besides drift: an applied file edited since (checksums), an applied
 *                 migration whose folder is missing, a migration that failed under Prisma Migrate
 * @param drift    how the database differs from what the applied files produce (replayed into a scratch
 *                 database); empty when it matches
 */
public record MigrationFilesStatus(List<AppliedMigration> applied, List<MigrationFolder> pending, List<String> problems,
                                   List<String> drift) {

    public MigrationFilesStatus {
        applied = List.copyOf(applied);
        pending = List.copyOf(pending);
        problems = List.copyOf(problems);
        drift = List.copyOf(drift);
    }

    /** Returns true when nothing is pending and nothing is wrong: the database is what its files make it. */
    public boolean upToDate() {
        return pending.isEmpty() && problems.isEmpty() && drift.isEmpty();
    }

    /** Returns true when a deploy may go ahead: no edited or missing file, no drift. */
    public boolean deployable() {
        return problems.isEmpty() && drift.isEmpty();
    }
}
