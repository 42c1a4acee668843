package dev.plinth.cli;

import dev.plinth.migrate.MigrationFileFailedException;
import dev.plinth.migrate.MigrationRefusedByFilesException;
import dev.plinth.migrate.MigrationRollback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate down SCHEMA [--to NAME] [--force] [--database-url URL]}: runs the {@code down.sql} of the
 * last applied migration, or of every migration applied after {@code NAME} (newest first), each in one transaction
 * that also removes its history row ({@link MigrationRollback}).
 *
 * <p>Exit codes: 0 reverted (or already at {@code NAME}); 1 refused (no down.sql, applied by Prisma Migrate, folder
 * missing, lossy without {@code --force}, {@code NAME} not applied: nothing is run), a statement failed (that
 * migration is rolled back and stays applied), invalid schema or unreachable database; 2 wrong usage.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Revert the last applied migration file (or back to --to NAME) with its down.sql.")
final class MigrateDownCommand implements Callable<Integer> {

    @Mixin
    private MigrationFilesOptions files;

    @Option(names = "--to", paramLabel = "NAME", description = "revert every migration applied after NAME (NAME stays applied)")
    private String to;

    @Option(names = "--force", description = "also run down scripts marked lossy (they cannot restore dropped data)")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationFilesSetup setup = files.load(err);
        if (setup.notCreatedYet()) {
            err.println("error: the database " + setup.target().description() + " does not exist; nothing to revert");
            return 1;
        }
        try (Connection connection = setup.target().connect()) {
            List<String> reverted = new MigrationRollback(setup.target()).down(connection, setup.folders(), Optional.ofNullable(to), force,
                    name -> {
                        out.println("Reverting " + name);
                        out.flush();
                    });
            out.println(reverted.isEmpty() ? "Nothing to revert: " + to + " is the last applied migration."
                    : "Reverted " + reverted.size() + " migration" + (reverted.size() == 1 ? "" : "s") + "; removed from _plinth_migrations.");
            out.flush();
            return 0;
        } catch (MigrationRefusedByFilesException e) {
            err.println("Refused: " + e.getMessage());
            return 1;
        } catch (MigrationFileFailedException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, setup.target()), e);
        }
    }
}
