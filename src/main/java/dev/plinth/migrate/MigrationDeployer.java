package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code plinth migrate deploy}: applies the pending migration folders in name order, each file in its own
 * transaction ({@link MigrationFileRunner}) and recorded in {@code _plinth_migrations} with its name and the
 * SHA-256 of its {@code migration.sql} in that same transaction, so a file is in the history exactly when it was
 * applied. Before anything runs, the database is inspected ({@link MigrationFilesInspector}): an applied file
 * edited, an applied migration missing, or drift refuses the deploy, applying nothing.
 *
 * <p>Two deploys at once apply each file once: on PostgreSQL the deploy holds the migration advisory lock that
 * {@link Migrator#migrate} takes; on SQLite each file's {@code BEGIN IMMEDIATE} takes the write lock and the
 * history is read again under it before the next pending file is chosen.
 */
public final class MigrationDeployer {

    private final DatabaseTarget target;
    private final MigrationHistory history;
    private final MigrationFileRunner runner;

    /**
     * Creates the deployer of one database.
     *
     * @param target the database
     */
    public MigrationDeployer(DatabaseTarget target) {
        this.target = target;
        this.history = new MigrationHistory(target.dialect());
        this.runner = new MigrationFileRunner(target.dialect());
    }

    /**
     * What a deploy did.
     *
     * @param applied the migrations it applied, in order (empty when none was pending)
     */
    public record Deployed(List<String> applied) {
        public Deployed {
            applied = List.copyOf(applied);
        }
    }

    /**
     * Applies the pending migrations.
     *
     * @param connection an open connection, in auto-commit mode
     * @param folders    the migration folders, in name order
     * @param progress   hears the name of each migration as it starts
     * @return what was applied
     * @throws MigrationRefusedByFilesException when an applied file was edited or is missing, or the database drifted (nothing applied)
     * @throws MigrationFileFailedException     when a statement fails: that file is rolled back and not recorded;
     *                                          the files before it stay applied, and a new deploy resumes with it
     * @throws SQLException                     when the database cannot be read or the lock taken
     */
    public Deployed deploy(Connection connection, List<MigrationFolder> folders, Consumer<String> progress)
            throws MigrationRefusedByFilesException, MigrationFileFailedException, SQLException {
        runner.lock(connection);
        try {
            MigrationFilesStatus status = new MigrationFilesInspector(target).inspect(connection, folders);
            if (!status.deployable()) {
                throw MigrationRefusedByFilesException.deploy(status);
            }
            List<String> applied = new ArrayList<>();
            while (true) {
                List<MigrationFolder> chosen = new ArrayList<>();
                runner.inTransaction(connection, () -> {
                    // Read under the lock: another deploy may have applied files since the status was read.
                    Optional<MigrationFolder> next = nextPending(connection, folders);
                    if (next.isEmpty()) {
                        return;
                    }
                    MigrationFolder folder = next.get();
                    chosen.add(folder);
                    progress.accept(folder.name());
                    // Like Prisma, create the PostgreSQL schema the URL names (?schema=…) when it does not exist yet.
                    if (target.kind() == dev.plinth.sql.DatabaseKind.POSTGRESQL) {
                        for (String schema : Migrator.missingPostgresSchema(connection).stream().toList()) {
                            try (java.sql.Statement s = connection.createStatement()) {
                                s.execute("CREATE SCHEMA IF NOT EXISTS " + target.dialect().quote(schema));
                            }
                        }
                    }
                    runner.run(connection, folder.name(), "migration.sql", folder.sql());
                    List<String> tables = MigrationFilesInspector.liveSnapshot(connection).tables().stream().map(TableSnapshot::name).toList();
                    history.recordFile(connection, folder.name(), folder.checksum(), folder.sql(), tables);
                });
                if (chosen.isEmpty()) {
                    return new Deployed(applied);
                }
                applied.add(chosen.get(0).name());
            }
        } finally {
            runner.unlock(connection);
        }
    }

    /** Returns the first folder that neither history records as applied. */
    private Optional<MigrationFolder> nextPending(Connection connection, List<MigrationFolder> folders) throws SQLException {
        Set<String> applied = appliedNames(connection, target.dialect());
        return folders.stream().filter(f -> !applied.contains(f.name())).findFirst();
    }

    /**
     * Returns the names of the migrations that either history records as applied: Plinth's
     * {@code _plinth_migrations} (entries with a name) and Prisma Migrate's {@code _prisma_migrations}.
     *
     * @param connection an open connection
     * @param dialect    the database's dialect
     * @return the names
     * @throws SQLException when a history cannot be read
     */
    static Set<String> appliedNames(Connection connection, dev.plinth.sql.Dialect dialect) throws SQLException {
        Set<String> applied = new HashSet<>();
        new PrismaMigrationHistory(dialect).read(connection).applied().forEach(a -> applied.add(a.name()));
        new MigrationHistory(dialect).entries(connection).forEach(e -> e.migrationName().ifPresent(applied::add));
        return applied;
    }
}
