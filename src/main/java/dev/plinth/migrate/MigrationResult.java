package dev.plinth.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What applying a plan did.
 *
 * @param plan     the plan that was applied (its unknown tables are worth reporting)
 * @param applied  the steps run, in order (empty when the plan was empty)
 * @param elapsed  the time taken
 * @param checksum the schema checksum recorded in the history
 */
public record MigrationResult(MigrationPlan plan, List<MigrationStep> applied, Duration elapsed, String checksum) {
    public MigrationResult {
        applied = List.copyOf(applied);
    }
}
