package dev.plinth.migrate;

import java.util.List;
import java.util.Optional;

/**
 * One step of a migration plan: what it does, in words and as SQL, and whether it can lose data.
 *
 * @param action      the kind of change
 * @param table       the table it changes (for enum steps, the enum type's name)
 * @param safety      additive or destructive
 * @param description what the step does, e.g. {@code add column "email" to "User"}
 * @param dataLoss    for a destructive step: what would be lost or fail, in words, e.g.
 *                    {@code the values of "User"."age" in 3 rows}
 * @param sql         the statements, run in order inside the migration's transaction (after it, in auto-commit
 *                    mode, for {@link Action#CREATE_INDEX_CONCURRENTLY})
 * @param rows        the rows in the table when planned (for progress on long steps); 0 for new tables
 */
public record MigrationStep(Action action, String table, Safety safety, String description, Optional<String> dataLoss,
                            List<String> sql, long rows) {

    public MigrationStep {
        sql = List.copyOf(sql);
    }

    /** Returns true for a step that runs after the migration's transaction has committed. */
    public boolean outsideTransaction() {
        return action == Action.CREATE_INDEX_CONCURRENTLY;
    }

    /** Returns true for a destructive step. */
    public boolean destructive() {
        return safety == Safety.DESTRUCTIVE;
    }

    /** The kinds of change a step makes. */
    public enum Action {
        CREATE_SCHEMA, CREATE_EXTENSION,
        CREATE_ENUM, ALTER_ENUM, DROP_ENUM,
        CREATE_TABLE, DROP_TABLE, REBUILD_TABLE,
        /** Renames keep every row: a table or a column gets the name the schema now gives it. */
        RENAME_TABLE, RENAME_COLUMN,
        ADD_COLUMN, DROP_COLUMN, ALTER_COLUMN,
        ALTER_PRIMARY_KEY,
        CREATE_INDEX, DROP_INDEX,
        /**
         * {@code CREATE INDEX CONCURRENTLY} on an existing PostgreSQL table ({@code --concurrent-indexes}): run
         * outside the migration's transaction, after it commits, so reads and writes continue meanwhile.
         */
        CREATE_INDEX_CONCURRENTLY,
        ADD_FOREIGN_KEY, DROP_FOREIGN_KEY,
        /** A {@code @@check} constraint added or dropped (PostgreSQL; SQLite rebuilds the table instead). */
        ADD_CHECK, DROP_CHECK,
        /** A check, not a change: its statements are queries, and a row returned fails the migration, naming that row. */
        REQUIRE_NO_ROWS
    }
}
