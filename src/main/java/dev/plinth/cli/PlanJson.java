package dev.plinth.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plinth.migrate.HeldChange;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.MigrationStep;
import dev.plinth.migrate.RenameHint;

import java.util.List;

/**
 * {@code plinth migrate --dry-run --json}: the plan as data for CI bots (docs/migrations.md, "The plan as JSON").
 * The shape is a contract: fields are only ever added.
 *
 * @param database    {@code sqlite} or {@code postgresql}
 * @param steps       the steps in the order they run
 * @param destructive true when any step can lose data (the plan is then refused without {@code --force})
 * @param warnings    notes about the plan in words (tables left alone, options ignored on this database, …)
 * @param renameHints drops and adds that look like renames, with the {@code --rename} value that makes them one
 * @param held        destructive changes held back instead of applied ({@code --hold-destructive}; otherwise
 *                    always an empty list)
 */
record PlanJson(String database, List<Step> steps, boolean destructive, List<String> warnings, List<Hint> renameHints,
                List<Held> held) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One step.
     *
     * @param action      the kind of change, e.g. {@code RENAME_COLUMN}, {@code REBUILD_TABLE}
     * @param table       the table it changes (an enum step: the enum type)
     * @param safety      {@code additive} or {@code destructive}
     * @param description what it does, in words
     * @param dataLoss    for a destructive step, what would be lost; else null
     * @param sql         its statements, in order
     * @param rows        the rows in the table when planned (0 for a new table)
     */
    record Step(String action, String table, String safety, String description, String dataLoss, List<String> sql, long rows) {
        static Step of(MigrationStep s) {
            return new Step(s.action().name(), s.table(), s.safety().name().toLowerCase(java.util.Locale.ROOT), s.description(),
                    s.dataLoss().orElse(null), s.sql(), s.rows());
        }
    }

    /**
     * A rename hint.
     *
     * @param rename  the value for {@code --rename}
     * @param dropped what the plan drops
     * @param added   what it adds instead
     * @param message the hint in words
     */
    record Hint(String rename, String dropped, String added, String message) {
        static Hint of(RenameHint h) {
            return new Hint(h.rename(), h.dropped(), h.added(), h.message());
        }
    }

    /**
     * A held destructive change.
     *
     * @param kind        {@code drop_column} (a removed field's column stays) or {@code drop_table} (an orphaned table stays)
     * @param table       the table
     * @param column      the column kept, for {@code drop_column}; else null
     * @param kept        the values (column) or rows (table) kept, which a forced drop would lose
     * @param description the held change in words
     */
    record Held(String kind, String table, String column, long kept, String description) {
        static Held of(HeldChange h) {
            return switch (h) {
                case HeldChange.DroppedColumn c -> new Held(c.kind(), c.table(), c.column(), c.values(), c.description());
                case HeldChange.OrphanedTable t -> new Held(t.kind(), t.table(), null, t.rows(), t.description());
            };
        }
    }

    /**
     * Builds the document of a plan.
     *
     * @param plan     the plan; its held changes fill {@code held}
     * @param warnings notes to pass on
     * @return the document
     */
    static PlanJson of(MigrationPlan plan, List<String> warnings) {
        return new PlanJson(plan.database().name().toLowerCase(java.util.Locale.ROOT), plan.steps().stream().map(Step::of).toList(),
                plan.hasDestructiveSteps(), warnings, plan.renameHints().stream().map(Hint::of).toList(),
                plan.held().stream().map(Held::of).toList());
    }

    /** Returns the document as indented JSON. */
    String render() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plan is always serialisable", e);
        }
    }
}
