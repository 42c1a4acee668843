package dev.plinth.cli;

import dev.plinth.migrate.MigrationResolver;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate resolve SCHEMA --applied NAME | --rolled-back NAME}: changes the migration history without
 * running SQL, as Prisma's {@code migrate resolve} ({@link MigrationResolver}). {@code --applied} baselines a database
 * that already has what a migration file makes (one created by {@code plinth serve}'s automatic mode, say) so that
 * {@code deploy} starts after it; {@code --rolled-back} clears a migration that failed under Prisma Migrate.
 *
 * <p>Exit codes: 0 recorded; 1 no such folder, already applied, no such failed migration, invalid schema or
 * unreachable database (nothing changed); 2 wrong usage (neither or both options).
 */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = "Record a migration as applied without running it (baselining), or a failed Prisma Migrate migration as rolled back.")
final class MigrateResolveCommand implements Callable<Integer> {

    @Mixin
    private MigrationFilesOptions files;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Resolution resolution;

    /** What to record: exactly one of the two. */
    static final class Resolution {
        @Option(names = "--applied", paramLabel = "NAME", description = "record the migration folder NAME as applied, without running it")
        String applied;

        @Option(names = "--rolled-back", paramLabel = "NAME", description = "mark NAME, failed under Prisma Migrate, as rolled back")
        String rolledBack;
    }

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationFilesSetup setup = files.load(err);
        try (Connection connection = setup.target().connect()) {
            MigrationResolver resolver = new MigrationResolver(setup.target());
            if (resolution.applied != null) {
                resolver.markApplied(connection, setup.folders(), resolution.applied);
                out.println("Recorded " + resolution.applied + " as applied without running it; deploy applies the files after it.");
            } else {
                resolver.markRolledBack(connection, resolution.rolledBack);
                out.println("Marked " + resolution.rolledBack + " as rolled back in _prisma_migrations; deploy applies it again.");
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, setup.target()), e);
        }
    }
}
