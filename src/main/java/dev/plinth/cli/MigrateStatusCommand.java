package dev.plinth.cli;

import dev.plinth.migrate.AppliedMigration;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.migrate.HeldChange;
import dev.plinth.migrate.MigrationFileFailedException;
import dev.plinth.migrate.MigrationFilesInspector;
import dev.plinth.migrate.MigrationFilesStatus;
import dev.plinth.migrate.MigrationFolder;
import dev.plinth.migrate.Migrator;
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
 * {@code plinth migrate status SCHEMA [--database-url URL]}: lists the applied migrations (Plinth's and Prisma
 * Migrate's), the pending ones, what stops a deploy (an applied file edited or missing) and drift (how the
 * database differs from what the applied files produce). Changes nothing; a SQLite file that does not exist is
 * read as empty.
 *
 * <p>Exit codes: 0 only when nothing is pending and there is no problem and no drift; 1 otherwise, or for an
 * invalid schema or unreachable database; 2 wrong usage.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List applied and pending migration files and drift; exit 0 only when up to date.")
final class MigrateStatusCommand implements Callable<Integer> {

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
        MigrationFilesStatus status;
        List<HeldChange> held;
        try (Connection connection = setup.connectForReading()) {
            status = new MigrationFilesInspector(setup.target()).inspect(connection, folders);
            // What a start with --hold-destructive keeps: managed columns and tables the schema no longer describes.
            held = new Migrator(setup.target().dialect()).plan(setup.schema(), connection, DestructiveChanges.HOLD).held();
        } catch (MigrationFileFailedException e) {
            err.println("error: the applied migration files do not replay on a scratch database: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, setup.target()), e);
        }
        out.println("Migrations in " + setup.directory().path() + ", database " + setup.target().description());
        out.println("Applied (" + status.applied().size() + "):");
        for (AppliedMigration a : status.applied()) {
            out.println("  " + a.name() + (a.source() == AppliedMigration.Source.PRISMA ? "  (Prisma Migrate)" : ""));
        }
        out.println("Pending (" + status.pending().size() + "):");
        status.pending().forEach(f -> out.println("  " + f.name()));
        if (!status.problems().isEmpty()) {
            out.println("Problems:");
            status.problems().forEach(p -> out.println("  - " + p));
        }
        out.println(status.drift().isEmpty() ? "Drift: none (the database is what the applied files produce)"
                : "Drift (the database differs from what the applied files produce):");
        status.drift().forEach(d -> out.println("  - " + d));
        if (!held.isEmpty()) {
            out.println("Held (destructive changes kept by --hold-destructive; --force applies them):");
            held.forEach(h -> out.println("  - " + h.description()));
        }
        out.println(status.upToDate() ? "Up to date." : "Not up to date" + (status.pending().isEmpty() ? "" : ": run plinth migrate deploy " + files.schemaFile)
                + (status.deployable() ? "" : " (deploy refuses until the problems and drift above are resolved)") + ".");
        out.flush();
        return status.upToDate() ? 0 : 1;
    }
}
