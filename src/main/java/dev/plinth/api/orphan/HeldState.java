package dev.plinth.api.orphan;

import dev.plinth.migrate.HeldChange;

import java.util.List;

/**
 * What a server started with {@code --hold-destructive} serves about the changes it held
 * (docs/migrations.md, "Held destructive changes and orphaned tables"): every held change, listed by
 * {@code GET /health/ready}, and the orphaned tables, served read-only to admins under
 * {@code /api/_orphaned/<table>} (docs/api.md, "Orphaned tables"). This is what the start held; what is held
 * while the server runs, after an admin dropped a table, is {@link HeldNow}.
 *
 * @param held      the held changes of the start's migration ({@link dev.plinth.migrate.MigrationPlan#held()})
 * @param adminRole the role a caller's token must carry ({@code role} or {@code roles} claim) to read orphaned
 *                  tables ({@code --admin-role}, default {@value #DEFAULT_ADMIN_ROLE})
 * @throws IllegalArgumentException when the role is blank
 */
public record HeldState(List<HeldChange> held, String adminRole) {

    /** The role that may read orphaned tables unless {@code --admin-role} names another. */
    public static final String DEFAULT_ADMIN_ROLE = "admin";

    /** Nothing held (a start without {@code --hold-destructive}, or with nothing to hold). */
    public static final HeldState NONE = new HeldState(List.of(), DEFAULT_ADMIN_ROLE);

    public HeldState {
        held = List.copyOf(held);
        if (adminRole == null || adminRole.isBlank()) {
            throw new IllegalArgumentException("the admin role (--admin-role) cannot be empty");
        }
    }

    /** Returns the orphaned tables, in the order the plan found them. */
    public List<HeldChange.OrphanedTable> orphanedTables() {
        return held.stream().filter(h -> h instanceof HeldChange.OrphanedTable).map(h -> (HeldChange.OrphanedTable) h).toList();
    }
}
