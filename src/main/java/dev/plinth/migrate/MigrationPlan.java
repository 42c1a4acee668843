package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The steps that bring a live database to a schema, in the order they run.
 *
 * @param database      the database the plan is for
 * @param steps         the steps; empty when the database already matches the schema
 * @param unknownTables tables in the database that the schema does not describe and Plinth did not
 *                      create; they are left alone
 * @param schemaTables  the tables the schema describes (recorded in the history)
 * @param checksum      the SHA-256 (hex) of the schema's DDL for this database, recorded in the history
 * @param held          the destructive changes held instead of planned ({@link DestructiveChanges#HOLD}):
 *                      dropped columns and orphaned tables that stay; empty otherwise. {@code schemaTables}
 *                      then also names the orphaned tables, which stay managed
 * @param renameHints   drops and adds that look like renames nobody asked for ({@link RenameHint}); shown by
 *                      {@code --dry-run} and the refusal message, never acted on
 */
public record MigrationPlan(DatabaseKind database, List<MigrationStep> steps, List<String> unknownTables,
                            List<String> schemaTables, String checksum, List<HeldChange> held,
                            List<RenameHint> renameHints) {

    public MigrationPlan {
        steps = List.copyOf(steps);
        unknownTables = List.copyOf(unknownTables);
        schemaTables = List.copyOf(schemaTables);
        held = List.copyOf(held);
        renameHints = List.copyOf(renameHints);
    }

    /** A plan that holds nothing and has no rename hints; parameters as for the record. */
    public MigrationPlan(DatabaseKind database, List<MigrationStep> steps, List<String> unknownTables,
                         List<String> schemaTables, String checksum) {
        this(database, steps, unknownTables, schemaTables, checksum, List.of(), List.of());
    }

    /**
     * Returns this plan with held changes.
     *
     * @param changes the changes held
     * @return a plan with the same steps
     */
    public MigrationPlan holding(List<HeldChange> changes) {
        return new MigrationPlan(database, steps, unknownTables, schemaTables, checksum, changes, renameHints);
    }

    /** Returns the orphaned tables this plan keeps (removed models' tables, held). */
    public List<HeldChange.OrphanedTable> orphanedTables() {
        return held.stream().filter(h -> h instanceof HeldChange.OrphanedTable).map(h -> (HeldChange.OrphanedTable) h).toList();
    }

    /**
     * Returns this plan with rename hints.
     *
     * @param hints the hints
     * @return a copy holding them
     */
    public MigrationPlan withRenameHints(List<RenameHint> hints) {
        return new MigrationPlan(database, steps, unknownTables, schemaTables, checksum, held, hints);
    }

    /** Returns true when there is nothing to do. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /** Returns the steps that can lose data. */
    public List<MigrationStep> destructiveSteps() {
        return steps.stream().filter(MigrationStep::destructive).toList();
    }

    /** Returns true when any step can lose data. */
    public boolean hasDestructiveSteps() {
        return steps.stream().anyMatch(MigrationStep::destructive);
    }

    /** Returns the whole plan as one SQL script, each step introduced by a comment naming it and its safety. */
    public String script() {
        return steps.stream().map(s -> "-- " + s.safety().name().toLowerCase() + ": " + s.description() + "\n"
                + s.sql().stream().map(q -> q + ";").collect(Collectors.joining("\n"))).collect(Collectors.joining("\n\n"));
    }
}
