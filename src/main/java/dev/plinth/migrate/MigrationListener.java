package dev.plinth.migrate;

import java.time.Duration;

/** Hears about the progress of a migration while it is applied (to show progress for long steps). */
public interface MigrationListener {

    /** A listener that ignores everything. */
    MigrationListener NONE = new MigrationListener() {
    };

    /**
     * A step is about to run.
     *
     * @param index the 1-based position of the step
     * @param total the number of steps
     * @param step  the step
     */
    default void stepStarted(int index, int total, MigrationStep step) {
    }

    /**
     * A step has run.
     *
     * @param index   the 1-based position of the step
     * @param total   the number of steps
     * @param step    the step
     * @param elapsed how long it took
     */
    default void stepFinished(int index, int total, MigrationStep step, Duration elapsed) {
    }

    /**
     * A long step has done some of its rows (a SQLite rebuild's copy, a PostgreSQL backfill, a PostgreSQL index
     * build; docs/migrations.md, "Long operations"). Called from the migrating thread or, for an index build,
     * from a thread watching it; at most every few hundred milliseconds.
     *
     * @param step  the step
     * @param done  rows done so far
     * @param total rows in all
     */
    default void rowsDone(MigrationStep step, long done, long total) {
    }

    /**
     * A step failed; the migration is being rolled back.
     *
     * @param index the 1-based position of the step
     * @param total the number of steps
     * @param step  the step
     */
    default void stepFailed(int index, int total, MigrationStep step) {
    }
}
