package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code plinth migrate resolve}: changes the migration history without running any SQL, as Prisma's
 * {@code prisma migrate resolve} does (https://www.prisma.io/docs/orm/reference/prisma-cli-reference#migrate-resolve).
 * <ul>
 *   <li>{@link #markApplied}: records a pending migration folder as applied — <em>baselining</em> a database
 *       that already has what the file makes (created by {@code plinth serve}'s automatic mode, by hand or by
 *       another tool), so that {@code deploy} applies only the files after it;</li>
 *   <li>{@link #markRolledBack}: marks a migration that failed under Prisma Migrate (a row of
 *       {@code _prisma_migrations} that started and neither finished nor was rolled back) as rolled back, so
 *       that {@code deploy} no longer refuses; Plinth's own failed files are never recorded, so need nothing.</li>
 * </ul>
 * Both run under the migration lock, in one transaction.
 */
public final class MigrationResolver {

    private final DatabaseTarget target;
    private final MigrationHistory history;
    private final MigrationFileRunner runner;

    /**
     * Creates the resolver of one database.
     *
     * @param target the database
     */
    public MigrationResolver(DatabaseTarget target) {
        this.target = target;
        this.history = new MigrationHistory(target.dialect());
        this.runner = new MigrationFileRunner(target.dialect());
    }

    /**
     * Records a migration folder as applied without running its {@code migration.sql}: its name, the SHA-256 of
     * the file and the database's tables go into {@code _plinth_migrations}, as {@code deploy} would record them.
     *
     * @param connection an open connection, in auto-commit mode
     * @param folders    the migration folders, in name order
     * @param name       the folder to record
     * @throws IllegalArgumentException when no folder has that name, or it is already applied (in either history)
     * @throws SQLException             when the database cannot be read or written, or the lock taken
     */
    public void markApplied(Connection connection, List<MigrationFolder> folders, String name) throws SQLException {
        MigrationFolder folder = folders.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("there is no migration folder named " + name + " (the folders: "
                        + (folders.isEmpty() ? "none" : String.join(", ", folders.stream().map(MigrationFolder::name).toList())) + ")"));
        runner.lock(connection);
        try {
            runner.inTransaction(connection, () -> {
                if (MigrationDeployer.appliedNames(connection, target.dialect()).contains(name)) {
                    throw new IllegalArgumentException(name + " is already recorded as applied; nothing was changed");
                }
                List<String> tables = MigrationFilesInspector.liveSnapshot(connection).tables().stream().map(TableSnapshot::name).toList();
                history.recordFile(connection, folder.name(), folder.checksum(), folder.sql(), tables);
            });
        } catch (MigrationFileFailedException e) {
            throw new IllegalStateException("no migration file runs while resolving", e);
        } finally {
            runner.unlock(connection);
        }
    }

    /**
     * Marks a migration that failed under Prisma Migrate as rolled back ({@code rolled_back_at} set to now), after
     * its partial changes were undone by hand; {@code deploy} then applies its folder again.
     *
     * @param connection an open connection, in auto-commit mode
     * @param name       the migration's name
     * @throws IllegalArgumentException when Prisma's history records no failed migration of that name
     * @throws SQLException             when the database cannot be read or written, or the lock taken
     */
    public void markRolledBack(Connection connection, String name) throws SQLException {
        List<String> failed = new PrismaMigrationHistory(target.dialect()).read(connection).failed();
        if (!failed.contains(name)) {
            throw new IllegalArgumentException("Prisma Migrate's history has no failed migration named " + name
                    + (failed.isEmpty() ? " (it records none)" : " (failed: " + String.join(", ", failed) + ")"));
        }
        runner.lock(connection);
        try {
            runner.inTransaction(connection, () -> {
                try (PreparedStatement s = connection.prepareStatement("UPDATE " + target.dialect().quote(PrismaMigrationHistory.TABLE)
                        + " SET rolled_back_at = CURRENT_TIMESTAMP WHERE migration_name = ? AND finished_at IS NULL AND rolled_back_at IS NULL")) {
                    s.setString(1, name);
                    s.executeUpdate();
                }
            });
        } catch (MigrationFileFailedException e) {
            throw new IllegalStateException("no migration file runs while resolving", e);
        } finally {
            runner.unlock(connection);
        }
    }
}
