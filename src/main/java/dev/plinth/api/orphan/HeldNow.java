package dev.plinth.api.orphan;

import dev.plinth.migrate.HeldChange;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What is held while the server runs: the start's held changes ({@link HeldState#held()}) less the orphaned
 * tables an admin dropped since ({@code DELETE /api/_orphaned/<table>}). Read by {@code GET /health/ready} and
 * {@code GET /api/_orphaned} on every request, so both follow a drop at once. A later start needs no such
 * record: it plans against the live database, where a dropped table no longer is (HeldChanges).
 */
public final class HeldNow {

    private final AtomicReference<List<HeldChange>> held;

    /**
     * @param start what the start's migration held
     */
    public HeldNow(List<HeldChange> start) {
        this.held = new AtomicReference<>(List.copyOf(start));
    }

    /** Returns the held changes now, in the plan's order. */
    public List<HeldChange> held() {
        return held.get();
    }

    /** Returns the orphaned tables now, in the plan's order. */
    public List<HeldChange.OrphanedTable> orphanedTables() {
        return held.get().stream().filter(h -> h instanceof HeldChange.OrphanedTable).map(h -> (HeldChange.OrphanedTable) h).toList();
    }

    /**
     * Forgets a dropped orphaned table.
     *
     * @param table the table's name
     */
    void dropped(String table) {
        held.updateAndGet(list -> list.stream()
                .filter(h -> !(h instanceof HeldChange.OrphanedTable t && t.table().equals(table))).toList());
    }
}
