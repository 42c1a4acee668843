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
     * A step failed; the migration is being rolled back.
     *
     * @param index the 1-based position of the step
     * @param total the number of steps
     * @param step  the step
     */
    default void stepFailed(int index, int total, MigrationStep step) {
    }
}
