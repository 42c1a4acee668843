package dev.plinth.migrate;

import java.util.stream.Collectors;

/** Thrown when a plan with destructive steps is applied without force; nothing has been changed. */
public final class MigrationRefusedException extends Exception {

    private final transient MigrationPlan plan;

    /**
     * Creates the exception.
     *
     * @param plan the refused plan
     */
    public MigrationRefusedException(MigrationPlan plan) {
        super("the migration would lose data and was not applied; nothing was changed:\n"
                + plan.destructiveSteps().stream().map(s -> "  - " + s.description() + ": " + s.dataLoss().orElse("data may be lost"))
                .collect(Collectors.joining("\n"))
                + plan.renameHints().stream().map(h -> "\n" + h.message()).collect(Collectors.joining())
                + "\nrun again with --force (or --accept-data-loss) to apply it");
        this.plan = plan;
    }

    /** Returns the refused plan. */
    public MigrationPlan plan() {
        return plan;
    }
}
