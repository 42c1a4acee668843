package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code plinth migrate down}: runs the {@code down.sql} of the last migration {@code deploy} applied, or of every
 * migration applied after a given one (newest first), each in its own transaction that also removes the
 * migration's row from {@code _plinth_migrations}. Everything is checked before anything runs: a migration
 * without {@code down.sql}, one applied by Prisma Migrate (Prisma writes no down scripts), one whose folder is
 * missing, or — unless forced — one whose {@code down.sql} drops a table or column that holds data now
 * ({@link DownDrop}), or says it is lossy ({@value MigrationFolder#LOSSY}
 * lines) refuses the whole command. Holds the same lock as {@link MigrationDeployer}.
 */
public final class MigrationRollback {

    private final DatabaseTarget target;
    private final MigrationHistory history;
    private final MigrationFileRunner runner;

    /**
     * Creates the rollback of one database.
     *
     * @param target the database
     */
    public MigrationRollback(DatabaseTarget target) {
        this.target = target;
        this.history = new MigrationHistory(target.dialect());
        this.runner = new MigrationFileRunner(target.dialect());
    }

    /**
     * Runs down scripts.
     *
     * @param connection an open connection, in auto-commit mode
     * @param folders    the migration folders
     * @param to         the migration to go back to (kept applied); empty to revert only the last one
     * @param force      true to run down scripts marked lossy, or dropping tables or columns that hold data
     * @param progress   hears the name of each migration as its down script starts
     * @return the migrations reverted, newest first (empty when {@code to} is already the last applied)
     * @throws MigrationRefusedByFilesException when a migration cannot be reverted (every reason listed; nothing run)
     * @throws MigrationFileFailedException     when a statement fails (that migration is rolled back and stays applied)
     * @throws SQLException                     when the database cannot be read or the lock taken
     */
    public List<String> down(Connection connection, List<MigrationFolder> folders, Optional<String> to, boolean force,
                             Consumer<String> progress) throws MigrationRefusedByFilesException, MigrationFileFailedException, SQLException {
        runner.lock(connection);
        try {
            List<String> plinth = new ArrayList<>();
            history.entries(connection).forEach(e -> e.migrationName().ifPresent(plinth::add));
            List<String> prisma = new PrismaMigrationHistory(target.dialect()).read(connection).applied().stream().map(AppliedMigration::name).toList();
            List<String> targets = targets(plinth, prisma, to);
            Map<String, MigrationFolder> byName = folders.stream().collect(Collectors.toMap(MigrationFolder::name, Function.identity()));
            List<String> reasons = new ArrayList<>();
            for (String name : targets) {
                MigrationFolder folder = byName.get(name);
                if (prisma.contains(name) && !plinth.contains(name)) {
                    reasons.add(name + " was applied by Prisma Migrate, which writes no down script; revert it by hand");
                } else if (folder == null) {
                    reasons.add(name + " is applied but its folder is missing from the migrations folder");
                } else if (folder.down().isEmpty()) {
                    reasons.add(name + " has no down.sql");
                } else if (!folder.lossy().isEmpty() && !force) {
                    reasons.add(name + "/down.sql cannot restore everything (run with --force to accept): " + String.join("; ", folder.lossy()));
                } else if (!force) {
                    // Dropping what the migration made loses what was written there since it was applied.
                    List<String> holding = new ArrayList<>();
                    for (DownDrop drop : DownDrop.in(folder.down().orElseThrow())) {
                        drop.count(connection, target.dialect()).filter(n -> n > 0).ifPresent(n -> holding.add(drop.describe(n)));
                    }
                    if (!holding.isEmpty()) {
                        reasons.add(name + "/down.sql drops data written since it was applied (run with --force to accept): "
                                + String.join("; ", holding));
                    }
                }
            }
            if (!reasons.isEmpty()) {
                throw new MigrationRefusedByFilesException("down", reasons);
            }
            List<String> reverted = new ArrayList<>();
            for (String name : targets) {
                MigrationFolder folder = byName.get(name);
                progress.accept(name);
                runner.inTransaction(connection, () -> {
                    runner.run(connection, name, "down.sql", folder.down().orElseThrow());
                    history.removeFile(connection, name);
                });
                reverted.add(name);
            }
            return reverted;
        } finally {
            runner.unlock(connection);
        }
    }

    /** The migrations to revert, newest first. */
    private static List<String> targets(List<String> plinth, List<String> prisma, Optional<String> to) throws MigrationRefusedByFilesException {
        // Prisma's migrations were applied before Plinth took over; Plinth's in the order of its history.
        List<String> applied = new ArrayList<>(prisma.stream().filter(n -> !plinth.contains(n)).toList());
        applied.addAll(plinth);
        if (applied.isEmpty()) {
            throw new MigrationRefusedByFilesException("down", List.of("no migration file is applied"));
        }
        if (to.isEmpty()) {
            return List.of(applied.get(applied.size() - 1));
        }
        int at = applied.indexOf(to.get());
        if (at < 0) {
            throw new MigrationRefusedByFilesException("down", List.of("--to " + to.get() + " is not an applied migration; applied: "
                    + String.join(", ", applied)));
        }
        List<String> targets = new ArrayList<>(applied.subList(at + 1, applied.size()));
        java.util.Collections.reverse(targets);
        return targets;
    }
}
