package dev.plinth.cli;

import dev.plinth.migrate.MigrationFailedException;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.MigrationRefusedException;
import dev.plinth.migrate.MigrationResult;
import dev.plinth.migrate.MigrationStep;
import dev.plinth.migrate.Migrator;
import dev.plinth.schema.DiagnosticRenderer;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate schema.prisma [--database-url URL] [--dry-run] [--force|--accept-data-loss]}:
 * brings the database to the schema. Additive steps apply at once; destructive ones are refused
 * (exit code 1, listing what would be lost) unless forced. {@code --dry-run} prints the plan as SQL,
 * each step marked additive or destructive, and changes nothing.
 *
 * <p>Exit codes: 0 applied or nothing to do (also after a dry run); 1 refused, failed (nothing was
 * changed), invalid schema or unreachable database; 2 wrong command-line usage.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or update the database so that it matches the schema.",
        // migration files (docs/migrations.md, "Migration files: review and deploy")
        subcommands = {MigrateDiffCommand.class, MigrateDeployCommand.class, MigrateStatusCommand.class, MigrateDownCommand.class})
public final class MigrateCommand implements Callable<Integer> {

    // Optional for picocli only, so that "migrate diff SCHEMA" and the other subcommands parse; call() requires it.
    @Parameters(index = "0", arity = "0..1", paramLabel = "SCHEMA", description = "the schema.prisma file")
    private Path schemaFile;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "the database to migrate (file:./dev.db or postgresql://user@host:5432/db); "
                    + "default: the datasource url, then DATABASE_URL, then dev.db beside the schema")
    private String databaseUrl;

    @Option(names = "--dry-run", description = "print the plan as SQL and change nothing")
    private boolean dryRun;

    @Option(names = {"--force", "--accept-data-loss"}, description = "also apply steps that lose data")
    private boolean force;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (schemaFile == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing required parameter: 'SCHEMA'");
        }
        SchemaResult result = SchemaFile.load(schemaFile);
        if (!result.diagnostics().isEmpty()) {
            err.print(DiagnosticRenderer.render(result));
        }
        if (result.hasErrors() || result.schema().isEmpty()) {
            err.println("error: the schema has errors; the database was not touched");
            return 1;
        }
        Schema schema = result.schema().get();
        DatabaseTarget target;
        try {
            target = DatabaseTarget.resolve(schema, schemaFile, Optional.ofNullable(databaseUrl), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        out.println((target.kind() == DatabaseKind.SQLITE ? "SQLite database " : "PostgreSQL database ") + target.description());
        // dbgenerated("…") expressions of another database that have no equivalent here (docs/schema.md)
        dev.plinth.sql.DbGeneratedDefault.warnings(schema, target.kind()).forEach(w -> err.println("warning: " + w));
        Migrator migrator = new Migrator(target.dialect());
        boolean notCreatedYet = target.sqliteFile().map(f -> !Files.exists(f)).orElse(false);
        if (dryRun && notCreatedYet) {
            out.println("The database file does not exist yet; the plan is for an empty database.");
        }
        // A dry run must not even create the SQLite file: it plans against an empty in-memory database.
        try (Connection connection = dryRun && notCreatedYet ? DriverManager.getConnection("jdbc:sqlite::memory:") : target.connect()) {
            if (dryRun) {
                MigrationPlan plan = migrator.plan(schema, connection);
                reportUnknown(out, plan);
                if (plan.isEmpty()) {
                    out.println("The database matches the schema; nothing to do.");
                } else {
                    out.println(plan.script());
                    out.println();
                    out.println(summary(plan) + "; dry run: nothing was changed.");
                }
                out.flush();
                return 0;
            }
            // Planned and applied under the migration lock: another instance migrating at the same time
            // is waited for, and its work is then found done.
            MigrationResult applied = migrator.migrate(schema, connection, force, new ProgressReporter(out));
            reportUnknown(out, applied.plan());
            if (applied.plan().isEmpty()) {
                out.println("The database matches the schema; nothing to do.");
                out.flush();
                return 0;
            }
            out.println("Applied " + applied.applied().size() + " step" + (applied.applied().size() == 1 ? "" : "s")
                    + " in " + applied.elapsed().toMillis() + " ms; recorded in _plinth_migrations.");
            out.flush();
            return 0;
        } catch (MigrationRefusedException e) {
            err.println("Refused: " + summary(e.plan()) + ". These steps would lose data:");
            for (MigrationStep step : e.plan().destructiveSteps()) {
                err.println("  - " + step.description());
                err.println("      would lose: " + step.dataLoss().orElse("data"));
            }
            err.println("Nothing was changed. Run again with --force (or --accept-data-loss) to apply, or --dry-run to see the SQL.");
            return 1;
        } catch (MigrationFailedException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, target), e);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // The command line is the last place to turn a defect into a message instead of a stack trace.
            throw new CommandFailure("the migration stopped unexpectedly (" + e + "); nothing was changed"
                    + " (--verbose shows the stack trace)", e);
        }
    }

    private static void reportUnknown(PrintWriter out, MigrationPlan plan) {
        if (!plan.unknownTables().isEmpty()) {
            out.println("Left alone (not in the schema, not created by Plinth): " + String.join(", ", plan.unknownTables()));
        }
    }

    private static String summary(MigrationPlan plan) {
        int total = plan.steps().size();
        int destructive = plan.destructiveSteps().size();
        return total + " step" + (total == 1 ? "" : "s") + " planned, " + destructive + " destructive";
    }
}
