package dev.plinth.cli;

import dev.plinth.migrate.MigrationDiff;
import dev.plinth.migrate.MigrationDirectory;
import dev.plinth.migrate.MigrationFailedException;
import dev.plinth.migrate.MigrationFileFailedException;
import dev.plinth.migrate.MigrationFolder;
import dev.plinth.migrate.MigrationStep;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate diff SCHEMA --name NAME [--from-database|--from-empty] [--sql-only] [--force]}: writes the
 * next migration, {@code migrations/<yyyyMMddHHmmss>_<NAME>/migration.sql} and {@code down.sql} beside the schema
 * (Prisma Migrate's layout, with {@code migration_lock.toml}), planned from the state the existing migration
 * files produce ({@link MigrationDiff}). Destructive steps are written only with {@code --force}, and stay marked.
 *
 * <p>Exit codes: 0 written, nothing to change, or printed ({@code --sql-only}); 1 refused (destructive without
 * {@code --force}, nothing written), an existing file does not replay, invalid schema or unreachable database;
 * 2 wrong usage (a name other than letters, digits, {@code _} and {@code -}; both starting points).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Write the next migration file (migration.sql and down.sql) from the existing migration files to the schema.")
final class MigrateDiffCommand implements Callable<Integer> {

    @Mixin
    private MigrationFilesOptions files;

    @Option(names = "--name", required = true, paramLabel = "NAME", description = "the migration's name (letters, digits, _ and -)")
    private String name;

    @ArgGroup(exclusive = true)
    private StartingPoint start;

    /** Where the plan starts, when not from the migration files. */
    static final class StartingPoint {
        @Option(names = "--from-database", description = "plan from the live database instead of the migration files")
        boolean fromDatabase;

        @Option(names = "--from-empty", description = "plan from an empty database")
        boolean fromEmpty;
    }

    @Option(names = "--sql-only", description = "print migration.sql and down.sql; write nothing")
    private boolean sqlOnly;

    @Option(names = {"--force", "--accept-data-loss"}, description = "write destructive steps too (they stay marked)")
    private boolean force;

    @Mixin
    private RenameOptions renameOptions = new RenameOptions();

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!MigrationDirectory.validName(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name '" + name + "' may hold only letters, digits, _ and -");
        }
        MigrationFilesSetup setup = files.load(err);
        MigrationDiff.Start from = start == null ? MigrationDiff.Start.FILES
                : start.fromDatabase ? MigrationDiff.Start.DATABASE : MigrationDiff.Start.EMPTY;
        MigrationDiff.Planned planned;
        try (Connection live = from == MigrationDiff.Start.DATABASE ? setup.connectForReading() : null) {
            dev.plinth.migrate.MigrationOptions options = new dev.plinth.migrate.MigrationOptions(
                    renameOptions.renames(setup.schema(), spec.commandLine()), false, Optional.empty());
            planned = new MigrationDiff(setup.target(), options).plan(setup.schema(), name, from, setup.folders(), Optional.ofNullable(live));
        } catch (MigrationFileFailedException e) {
            err.println("error: the existing migration files do not replay on a scratch database: " + e.getMessage());
            return 1;
        } catch (MigrationFailedException e) {
            err.println("error: the plan does not apply to a scratch database: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, setup.target()), e);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        if (planned.isEmpty()) {
            out.println("No changes: the schema matches " + describe(from) + "; nothing was written.");
            out.flush();
            return 0;
        }
        int destructive = planned.up().destructiveSteps().size();
        if (sqlOnly) {
            out.println("-- ==== migration.sql ====");
            out.print(planned.upScript());
            out.println();
            out.println("-- ==== down.sql ====");
            out.print(planned.downScript());
            out.flush();
            return 0;
        }
        if (destructive > 0 && !force) {
            err.println("Refused: the migration has " + destructive + " destructive step" + (destructive == 1 ? "" : "s") + ":");
            for (MigrationStep step : planned.up().destructiveSteps()) {
                err.println("  - " + step.description() + ": " + step.dataLoss().orElse("data may be lost"));
            }
            planned.up().renameHints().forEach(h -> err.println("Hint: " + h.message()));
            err.println("Nothing was written. Run again with --force to write them (they stay marked -- destructive), or --sql-only to read the SQL.");
            return 1;
        }
        MigrationFolder folder;
        try {
            folder = setup.directory().write(name, planned.upScript(), planned.downScript(), setup.target().kind(), Clock.systemUTC());
        } catch (UncheckedIOException | IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        int steps = planned.up().steps().size();
        out.println("Wrote " + folder.directory().resolve("migration.sql") + " (" + steps + " step" + (steps == 1 ? "" : "s") + ", "
                + destructive + " destructive) and down.sql");
        if (!planned.lossy().isEmpty()) {
            out.println("down.sql cannot restore everything (plinth migrate down needs --force for it):");
            planned.lossy().forEach(l -> out.println("  - " + l));
        }
        out.println("Review them, commit them, and apply them with: plinth migrate deploy " + files.schemaFile);
        out.flush();
        return 0;
    }

    private static String describe(MigrationDiff.Start from) {
        return switch (from) {
            case FILES -> "what the migration files produce";
            case EMPTY -> "an empty database";
            case DATABASE -> "the database";
        };
    }
}
