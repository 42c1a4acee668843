package dev.plinth.migrate;

import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code plinth migrate diff}: plans a schema against a starting state and renders the plan as a migration
 * file ({@code migration.sql}) with its reverse ({@code down.sql}).
 *
 * <p>The starting state is built in a {@link ScratchDatabase}: the existing migration files replayed (the
 * default), nothing ({@code --from-empty}), or a copy of the live database's structure ({@code --from-database},
 * planned against the live database itself so that its rows are counted). The up plan is {@link Migrator#plan};
 * it is applied to the scratch database, and the down plan is the planner run from the new structure back to
 * the old one ({@link MigrationPlanner} works on snapshots), renames first reversed by name. The down plan is then
 * applied to the scratch database too, and what it does not give back exactly — and the data the up plan's
 * destructive steps lose — is written at the top of {@code down.sql} as {@value MigrationFolder#LOSSY} lines.
 */
public final class MigrationDiff {

    /** Where the plan starts. */
    public enum Start {
        /** The state the existing migration files produce. */
        FILES,
        /** An empty database. */
        EMPTY,
        /** The live database. */
        DATABASE
    }

    /**
     * A planned migration.
     *
     * @param up    the plan from the start to the schema (empty when there is nothing to change)
     * @param down  the plan back
     * @param lossy what {@code down.sql} cannot restore, in words
     * @param upScript   the text of {@code migration.sql}
     * @param downScript the text of {@code down.sql}
     */
    public record Planned(MigrationPlan up, MigrationPlan down, List<String> lossy, String upScript, String downScript) {
        public Planned {
            lossy = List.copyOf(lossy);
        }

        /** Returns true when the schema needs no change. */
        public boolean isEmpty() {
            return up.isEmpty();
        }
    }

    private static final Pattern RENAME_TABLE = Pattern.compile("(?i)^ALTER TABLE\\s+\"((?:[^\"]|\"\")*)\"\\s+RENAME TO\\s+\"((?:[^\"]|\"\")*)\"$");
    private static final Pattern RENAME_COLUMN = Pattern.compile(
            "(?i)^ALTER TABLE\\s+\"((?:[^\"]|\"\")*)\"\\s+RENAME COLUMN\\s+\"((?:[^\"]|\"\")*)\"\\s+TO\\s+\"((?:[^\"]|\"\")*)\"$");

    private final DatabaseTarget target;
    private final Dialect dialect;
    private final MigrationOptions options;

    /**
     * Creates the diff for one database.
     *
     * @param target the database the files are for (its kind; on PostgreSQL where the scratch schema is made)
     */
    public MigrationDiff(DatabaseTarget target) {
        this(target, MigrationOptions.DEFAULT);
    }

    /**
     * Creates the diff for one database, with the renames asked for ({@code --rename}; docs/migrations.md,
     * "Renames you ask for"): the up file renames, and its down file renames back.
     *
     * @param target  the database the files are for
     * @param options the renames asked for; {@code --concurrent-indexes} does not apply to files
     */
    public MigrationDiff(DatabaseTarget target, MigrationOptions options) {
        this.target = target;
        this.dialect = target.dialect();
        this.options = options;
    }

    /**
     * Plans the migration and renders both files.
     *
     * @param schema  the resolved schema
     * @param name    the migration's name (for the files' first line)
     * @param start   where the plan starts
     * @param folders the existing migration folders (replayed for {@link Start#FILES})
     * @param live    a connection to the live database (used for {@link Start#DATABASE} only)
     * @return the planned migration
     * @throws SQLException                 when a database cannot be read or the scratch database made
     * @throws MigrationFileFailedException when an existing file does not replay
     * @throws MigrationFailedException     when the plan does not apply to the scratch database
     */
    public Planned plan(Schema schema, String name, Start start, List<MigrationFolder> folders, Optional<Connection> live)
            throws SQLException, MigrationFileFailedException, MigrationFailedException {
        Migrator migrator = new Migrator(dialect, options);
        MigrationHistory history = new MigrationHistory(dialect);
        try (ScratchDatabase scratch = ScratchDatabase.create(target)) {
            Connection s = scratch.connection();
            MigrationPlan up;
            String from;
            switch (start) {
                case FILES -> {
                    scratch.replay(folders, dialect);
                    // The files made every table there: a table the schema no longer has is Plinth's to drop.
                    history.record(s, "", "", tableNames(MigrationFilesInspector.liveSnapshot(s)));
                    up = migrator.plan(schema, s);
                    from = folders.isEmpty() ? "an empty database (no migration files yet)" : "the " + folders.size() + " migration file"
                            + (folders.size() == 1 ? "" : "s") + " before it";
                }
                case EMPTY -> {
                    up = migrator.plan(schema, s);
                    from = "an empty database";
                }
                default -> {
                    Connection db = live.orElseThrow(() -> new IllegalArgumentException("--from-database needs the database"));
                    up = migrator.plan(schema, db);
                    copyStructure(MigrationFilesInspector.liveSnapshot(db), s);
                    from = "the database " + target.description();
                }
            }
            if (up.isEmpty()) {
                return new Planned(up, up, List.of(), "", "");
            }
            Snapshot before = MigrationFilesInspector.liveSnapshot(s);
            SideObjects sideBefore = side(s);
            try {
                migrator.apply(up, s, true, MigrationListener.NONE);
            } catch (MigrationRefusedException e) {
                throw new IllegalStateException("a forced apply is never refused", e);
            }
            Snapshot after = MigrationFilesInspector.liveSnapshot(s);
            SideObjects sideAfter = side(s);
            MigrationPlan down = downPlan(s, up, before, after, sideBefore, sideAfter);
            List<String> lossy = new ArrayList<>();
            for (MigrationStep step : up.destructiveSteps()) {
                if (step.action() != MigrationStep.Action.REQUIRE_NO_ROWS) {
                    lossy.add(step.description() + ": " + step.dataLoss().orElse("data") + " — lost by migration.sql, not restored");
                }
            }
            lossy.addAll(verify(migrator, s, down, before, sideBefore));
            if (down.isEmpty() && lossy.isEmpty()) {
                lossy.add("down.sql has nothing to undo, yet migration.sql changes: "
                        + String.join("; ", up.steps().stream().map(MigrationStep::description).toList()));
            }
            String upScript = "-- migration " + name + " (plinth migrate diff), planned from " + from + "\n"
                    + "-- each step: additive (keeps every row and value) or destructive (can lose data), with the reason\n\n"
                    + up.script() + "\n";
            StringBuilder downScript = new StringBuilder("-- down migration of " + name + ": reverses migration.sql (plinth migrate down)\n");
            lossy.forEach(l -> downScript.append(MigrationFolder.LOSSY).append(' ').append(l.replace('\n', ' ')).append('\n'));
            // What down.sql drops that migration.sql made: reverting loses what was written there since (counted by down).
            DownDrop.between(before, after, reversedRenames(up)).forEach(d -> downScript.append(d.line()).append('\n'));
            downScript.append('\n').append(down.script()).append('\n');
            return new Planned(up, down, lossy, upScript, downScript.toString());
        }
    }

    /** The plan from the structure after the up plan back to the one before it. */
    private MigrationPlan downPlan(Connection s, MigrationPlan up, Snapshot before, Snapshot after,
                                   SideObjects sideBefore, SideObjects sideAfter) throws SQLException {
        Renames back = reversedRenames(up);
        TableData data = new TableData(s, dialect);
        List<MigrationStep> steps = new ArrayList<>();
        List<String> drops = sideBefore.dropsToReturnFrom(sideAfter);
        if (!drops.isEmpty()) {
            steps.add(new MigrationStep(MigrationStep.Action.DROP_INDEX, "", Safety.ADDITIVE,
                    "drop the triggers, full-text tables and expression indexes migration.sql made", Optional.empty(), drops, 0));
        }
        steps.addAll(back.steps(dialect, data));
        data.renamedBy(back);
        Snapshot from = withoutSideIndexes(back.apply(after), sideAfter);
        Set<String> managed = new LinkedHashSet<>(tableNames(from));
        MigrationPlan planned = new MigrationPlanner(dialect, data).plan(from, withoutSideIndexes(before, sideBefore), managed, "");
        steps.addAll(planned.steps());
        List<String> creates = sideBefore.createsToReturnFrom(sideAfter);
        if (!creates.isEmpty()) {
            steps.add(new MigrationStep(MigrationStep.Action.CREATE_INDEX, "", Safety.ADDITIVE,
                    "create again the triggers, full-text tables and expression indexes migration.sql dropped", Optional.empty(), creates, 0));
        }
        return new MigrationPlan(dialect.kind(), steps, List.of(), tableNames(before), "");
    }

    /** Applies the down plan to the scratch database and names what it does not give back. */
    private List<String> verify(Migrator migrator, Connection s, MigrationPlan down, Snapshot before, SideObjects sideBefore)
            throws SQLException {
        try {
            migrator.apply(down, s, true, MigrationListener.NONE);
        } catch (MigrationFailedException | MigrationRefusedException e) {
            return List.of("down.sql does not run on the state migration.sql leaves (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        SideObjects sideNow = side(s);
        List<String> out = new ArrayList<>(new SnapshotDifferences("the state before migration.sql", "the state after down.sql")
                .between(withoutSideIndexes(before, sideBefore), withoutSideIndexes(MigrationFilesInspector.liveSnapshot(s), sideNow))
                .stream().map(d -> "not restored exactly: " + d).toList());
        sideBefore.differencesFrom(sideNow).forEach(d -> out.add("not restored exactly: " + d));
        return out;
    }

    /** Reverses the renames the up plan makes, read from its rename steps' statements. */
    private static Renames reversedRenames(MigrationPlan up) {
        List<Renames.TableRename> tables = new ArrayList<>();
        List<Renames.ColumnRename> columns = new ArrayList<>();
        for (MigrationStep step : up.steps()) {
            if (step.action() == MigrationStep.Action.RENAME_TABLE) {
                Matcher first = RENAME_TABLE.matcher(step.sql().get(0).strip());
                Matcher last = RENAME_TABLE.matcher(step.sql().get(step.sql().size() - 1).strip());
                if (first.matches() && last.matches()) {
                    tables.add(new Renames.TableRename(unquote(last.group(2)), unquote(first.group(1))));
                }
            } else if (step.action() == MigrationStep.Action.RENAME_COLUMN) {
                Matcher m = RENAME_COLUMN.matcher(step.sql().get(0).strip());
                if (m.matches()) {
                    columns.add(new Renames.ColumnRename(unquote(m.group(1)), unquote(m.group(3)), unquote(m.group(2))));
                }
            }
        }
        Renames forward = new Renames(tables.stream().map(t -> new Renames.TableRename(t.to(), t.from())).toList(), List.of());
        // A column rename names its table as the up plan left it; reversed, the table has its old name again.
        List<Renames.ColumnRename> back = columns.stream()
                .map(c -> new Renames.ColumnRename(forward.liveTable(c.table()), c.from(), c.to())).toList();
        return new Renames(tables, back);
    }

    private static String unquote(String name) {
        return name.replace("\"\"", "\"");
    }

    /** Creates the structure of a snapshot in an empty scratch database (the plan from nothing to it). */
    private void copyStructure(Snapshot structure, Connection s) throws SQLException {
        MigrationPlan create = new MigrationPlanner(dialect, new TableData(s, dialect)).plan(new Snapshot(List.of(), List.of()), structure, Set.of(), "");
        try {
            new Migrator(dialect).apply(create, s, true, MigrationListener.NONE);
        } catch (MigrationFailedException | MigrationRefusedException e) {
            throw new SQLException("cannot copy the database's structure into the scratch database: " + e.getMessage(), e);
        }
    }

    private SideObjects side(Connection s) throws SQLException {
        return SideObjects.read(s, target.kind());
    }

    /** A snapshot without the indexes restored from their saved SQL ({@link SideObjects}), which the planner cannot make. */
    private static Snapshot withoutSideIndexes(Snapshot snapshot, SideObjects side) {
        Set<String> names = side.indexNames();
        if (names.isEmpty()) {
            return snapshot;
        }
        return new Snapshot(snapshot.tables().stream().map(t -> new TableSnapshot(t.name(), t.columns(), t.primaryKey(),
                t.indexes().stream().filter(i -> !names.contains(i.name())).toList(), t.foreignKeys(), t.checks())).toList(), snapshot.enums());
    }

    private static List<String> tableNames(Snapshot snapshot) {
        return snapshot.tables().stream().map(TableSnapshot::name).toList();
    }
}
