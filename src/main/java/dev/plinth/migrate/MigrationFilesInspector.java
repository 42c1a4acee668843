package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares a database with its migration files ({@link MigrationFilesStatus}): which files are applied
 * (in {@code _plinth_migrations} by name, or in Prisma Migrate's {@code _prisma_migrations}), which are pending,
 * whether an applied file was edited (its SHA-256 differs from the one recorded, {@link ScriptChecksum}) or is
 * missing, and whether the database drifted: the applied files are replayed into a {@link ScratchDatabase}, and
 * its introspected structure must equal the live one (Prisma's history table aside).
 */
public final class MigrationFilesInspector {

    private final DatabaseTarget target;

    /**
     * Creates the inspector of one database.
     *
     * @param target the database (its kind and, on PostgreSQL, where the scratch schema is made)
     */
    public MigrationFilesInspector(DatabaseTarget target) {
        this.target = target;
    }

    /**
     * Reads where the database stands. Changes nothing in it (on PostgreSQL a scratch schema is created and dropped).
     *
     * @param connection an open connection to the database, in auto-commit mode
     * @param folders    the migration folders, in name order
     * @return the status
     * @throws SQLException                 when the database cannot be read or the scratch database made
     * @throws MigrationFileFailedException when an applied file does not replay (naming it and the statement)
     */
    public MigrationFilesStatus inspect(Connection connection, List<MigrationFolder> folders) throws SQLException, MigrationFileFailedException {
        return inspect(connection, folders, true);
    }

    /**
     * Reads where the database stands, with or without the drift check. Without it no scratch database is made,
     * so a database user without the right to create schemas can run it ({@code serve --migrations files}, which
     * compares the database with the schema instead).
     *
     * @param connection an open connection to the database, in auto-commit mode
     * @param folders    the migration folders, in name order
     * @param drift      true to replay the applied files and compare (the {@code drift} of the status), false to leave it empty
     * @return the status
     * @throws SQLException                 when the database cannot be read or the scratch database made
     * @throws MigrationFileFailedException when an applied file does not replay (naming it and the statement)
     */
    public MigrationFilesStatus inspect(Connection connection, List<MigrationFolder> folders, boolean drift)
            throws SQLException, MigrationFileFailedException {
        boolean sqlite = target.kind() == DatabaseKind.SQLITE;
        // One read transaction on SQLite: the history and the structure are read as of one moment, even while
        // another deploy commits files.
        if (sqlite) {
            execute(connection, "BEGIN");
        }
        Map<String, AppliedMigration> applied = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        Snapshot live;
        try {
            PrismaMigrationHistory.Read prisma = new PrismaMigrationHistory(target.dialect()).read(connection);
            prisma.applied().forEach(a -> applied.put(a.name(), a));
            prisma.failed().forEach(name -> problems.add("the migration " + name + " failed under Prisma Migrate and was not"
                    + " rolled back (" + PrismaMigrationHistory.TABLE + "); repair the database and mark it with plinth migrate resolve --rolled-back " + name + " (or prisma migrate resolve)"));
            for (MigrationHistory.Entry entry : new MigrationHistory(target.dialect()).entries(connection)) {
                entry.migrationName().ifPresent(name -> applied.put(name, new AppliedMigration(name, entry.checksum(), AppliedMigration.Source.PLINTH)));
            }
            live = liveSnapshot(connection);
        } finally {
            if (sqlite) {
                execute(connection, "COMMIT");
            }
        }
        Map<String, MigrationFolder> byName = new LinkedHashMap<>();
        folders.forEach(f -> byName.put(f.name(), f));
        List<AppliedMigration> ordered = new ArrayList<>();
        List<MigrationFolder> pending = new ArrayList<>();
        List<MigrationFolder> replay = new ArrayList<>();
        for (MigrationFolder folder : folders) {
            AppliedMigration a = applied.get(folder.name());
            if (a == null) {
                pending.add(folder);
                continue;
            }
            ordered.add(a);
            replay.add(folder);
            if (!ScriptChecksum.matches(folder.sql(), a.checksum())) {
                problems.add("the migration " + folder.name() + " was edited after it was applied: migration.sql's SHA-256 is "
                        + folder.checksum() + ", " + table(a) + " recorded " + a.checksum()
                        + "; restore the applied file and put the change in a new migration");
            }
        }
        Set<String> missing = new HashSet<>();
        for (AppliedMigration a : applied.values()) {
            if (!byName.containsKey(a.name())) {
                ordered.add(a);
                missing.add(a.name());
                problems.add("the migration " + a.name() + " is applied (" + table(a) + ") but its folder is missing from the migrations folder;"
                        + " restore it from version control");
            }
        }
        List<String> differences = new ArrayList<>();
        if (drift && missing.isEmpty()) {
            differences.addAll(new SnapshotDifferences("the applied migration files", "the database").between(replayed(replay), live));
        }
        return new MigrationFilesStatus(ordered, pending, problems, differences);
    }

    /**
     * Returns the structure the given migration files produce, replayed into a scratch database.
     *
     * @param folders the migrations, in the order to run them
     * @return the introspected structure
     * @throws SQLException                 when the scratch database cannot be made or read
     * @throws MigrationFileFailedException when a file does not run
     */
    public Snapshot replayed(List<MigrationFolder> folders) throws SQLException, MigrationFileFailedException {
        try (ScratchDatabase scratch = ScratchDatabase.create(target)) {
            scratch.replay(folders, target.dialect());
            return liveSnapshot(scratch.connection());
        }
    }

    /**
     * Returns a database's structure without Prisma Migrate's history table (Plinth's own is never in a snapshot).
     *
     * @param connection an open connection
     * @return the structure
     * @throws SQLException when the catalog cannot be read
     */
    static Snapshot liveSnapshot(Connection connection) throws SQLException {
        Snapshot raw = Introspector.of(connection.getMetaData().getURL().startsWith("jdbc:sqlite") ? DatabaseKind.SQLITE : DatabaseKind.POSTGRESQL)
                .introspect(connection);
        List<TableSnapshot> tables = raw.tables().stream().filter(t -> !t.name().equals(PrismaMigrationHistory.TABLE)).toList();
        return new Snapshot(tables, raw.enums());
    }

    private static String table(AppliedMigration a) {
        return a.source() == AppliedMigration.Source.PRISMA ? PrismaMigrationHistory.TABLE : MigrationHistory.TABLE;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
