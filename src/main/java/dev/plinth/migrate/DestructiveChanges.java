package dev.plinth.migrate;

/**
 * What a migration does with destructive steps (docs/migrations.md, "Steps and their classification" and
 * "Held destructive changes and orphaned tables").
 */
public enum DestructiveChanges {
    /** The default: a plan with any destructive step is refused, additive steps included; nothing is changed. */
    REFUSE,
    /**
     * {@code --hold-destructive}: dropped columns and removed models' tables are held (kept, see
     * {@link HeldChange}); the additive steps are applied; any other destructive step still refuses the plan.
     */
    HOLD,
    /** {@code --force}: every step is applied. */
    FORCE;

    /**
     * Returns the mode for the command-line flags.
     *
     * @param force true for {@code --force}/{@code --accept-data-loss}, which wins
     * @param hold  true for {@code --hold-destructive}
     * @return {@link #FORCE}, {@link #HOLD} or {@link #REFUSE}
     */
    public static DestructiveChanges of(boolean force, boolean hold) {
        return force ? FORCE : hold ? HOLD : REFUSE;
    }
}
