package dev.plinth.cli;

import dev.plinth.migrate.MigrationDeployer;
import dev.plinth.migrate.MigrationFileFailedException;
import dev.plinth.migrate.MigrationFolder;
import dev.plinth.migrate.MigrationRefusedByFilesException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate deploy SCHEMA [--database-url URL]}: applies the pending migration files in name order,
 * each in one transaction, recorded in {@code _plinth_migrations} ({@link MigrationDeployer}).
 *
 * <p>Exit codes: 0 applied or nothing pending; 1 refused (an applied file edited or missing, drift: the reasons
 * are printed and nothing is applied), a file failed (it is rolled back; the ones before it stay applied), no
 * migration files, invalid schema or unreachable database; 2 wrong usage.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Apply the pending migration files, in order, each in one transaction.")
final class MigrateDeployCommand implements Callable<Integer> {

    @Mixin
    private MigrationFilesOptions files;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        MigrationFilesSetup setup = files.load(err);
        List<MigrationFolder> folders = setup.folders();
        if (folders.isEmpty()) {
            err.println("error: there are no migration files in " + setup.directory().path()
                    + "; write one with plinth migrate diff " + files.schemaFile + " --name NAME");
            return 1;
        }
        // The folder's files, applied or not: which are pending is known only under the lock (Applying … lines).
        out.println("Deploying the pending migrations of " + setup.directory().path() + " (" + folders.size() + " file"
                + (folders.size() == 1 ? "" : "s") + ") to " + setup.target().description());
        try (Connection connection = setup.target().connect()) {
            MigrationDeployer.Deployed deployed = new MigrationDeployer(setup.target()).deploy(connection, folders,
                    name -> {
                        out.println("Applying " + name);
                        out.flush();
                    });
            if (deployed.applied().isEmpty()) {
                out.println("No pending migration; the database is up to date.");
            } else {
                out.println("Applied " + deployed.applied().size() + " migration" + (deployed.applied().size() == 1 ? "" : "s")
                        + "; recorded in _plinth_migrations.");
            }
            out.flush();
            return 0;
        } catch (MigrationRefusedByFilesException e) {
            err.println("Refused: " + e.getMessage());
            return 1;
        } catch (MigrationFileFailedException e) {
            out.flush();
            err.println("error: " + e.getMessage());
            err.println("Fix " + e.migration() + " and run deploy again: it resumes with that migration.");
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, setup.target()), e);
        }
    }
}
