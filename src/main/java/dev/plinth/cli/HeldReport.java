package dev.plinth.cli;

import dev.plinth.migrate.HeldChange;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.MigrationStep;

import java.util.ArrayList;
import java.util.List;

/**
 * The lines {@code plinth serve} and {@code plinth migrate} print about held destructive changes
 * ({@code --hold-destructive}; docs/migrations.md, "Held destructive changes and orphaned tables"): what was
 * held, and, when a plan is refused under hold, the steps that cannot be held.
 */
final class HeldReport {

    private HeldReport() {
    }

    /**
     * Lists the held changes of a plan.
     *
     * @param plan the plan, applied or dry-run
     * @return a heading and one indented line per held change; empty when nothing is held
     */
    static List<String> held(MigrationPlan plan) {
        if (plan.held().isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("Held destructive changes (--hold-destructive; --force applies them):");
        for (HeldChange change : plan.held()) {
            lines.add("  - " + change.description());
        }
        return lines;
    }

    /**
     * Explains a plan refused while holding: its destructive steps are those that cannot be held.
     *
     * @param plan the refused plan
     * @return the lines, the steps named with what they would lose
     */
    static List<String> cannotBeHeld(MigrationPlan plan) {
        List<String> lines = new ArrayList<>();
        lines.add("Refused: these destructive steps cannot be held by --hold-destructive (only dropped columns and"
                + " removed models' tables can); nothing was changed:");
        for (MigrationStep step : plan.destructiveSteps()) {
            lines.add("  - " + step.description() + step.dataLoss().map(l -> " (loses " + l + ")").orElse(""));
        }
        lines.add("Change the schema or the data so that they are not needed, or run with --force to apply them.");
        return lines;
    }
}
