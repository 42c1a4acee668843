package dev.plinth.cli;

import dev.plinth.migrate.DestructiveChanges;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code plinth migrate schema.prisma [--database-url URL] [--dry-run [--json]] [--force|--accept-data-loss]
 * [--rename FROM=TO]… [--concurrent-indexes]}: brings the database to the schema. Additive steps apply at once; destructive ones are refused
 * (exit code 1, listing what would be lost) unless forced. {@code --dry-run} prints the plan as SQL,
 * each step marked additive or destructive, and changes nothing.
 *
 * <p>Exit codes: 0 applied or nothing to do (also after a dry run); 1 refused, failed (nothing was
 * changed), invalid schema or unreachable database; 2 wrong command-line usage.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Create or update the database so that it matches the schema.",
        // migration files (docs/migrations.md, "Migration files: review and deploy")
        subcommands = {MigrateDiffCommand.class, MigrateDeployCommand.class, MigrateStatusCommand.class, MigrateDownCommand.class,
                MigrateResolveCommand.class})
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

    // ---- held destructive changes (docs/migrations.md, "Held destructive changes and orphaned tables") ----

    @Option(names = "--hold-destructive", converter = EnvironmentFlag.class, fallbackValue = "true", arity = "0..1",
            paramLabel = "true|false",
            defaultValue = "${env:PLINTH_HOLD_DESTRUCTIVE:-false}",
            description = "apply the additive steps and hold the destructive ones that can be held (removed columns and"
                    + " tables stay); other destructive steps are still refused (also PLINTH_HOLD_DESTRUCTIVE=1)")
    private boolean holdDestructive;

    // ---- renames, the plan as JSON, long operations (docs/migrations.md) ----

    @picocli.CommandLine.Mixin
    private RenameOptions renameOptions = new RenameOptions();

    @Option(names = "--json", description = "with --dry-run: print the plan as JSON (steps, SQL, safety, row counts,"
            + " warnings, rename hints, held steps) and nothing else on standard output")
    private boolean json;

    @Option(names = "--concurrent-indexes", description = "PostgreSQL: build indexes on existing tables with CREATE INDEX"
            + " CONCURRENTLY after the other steps commit, so reads and writes continue (ignored on SQLite)")
    private boolean concurrentIndexes;

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
        if (json && !dryRun) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json prints a plan: use it with --dry-run");
        }
        dev.plinth.migrate.ExplicitRenames renames = renameOptions.renames(schema, spec.commandLine());
        DatabaseTarget target;
        try {
            target = DatabaseTarget.resolve(schema, schemaFile, Optional.ofNullable(databaseUrl), System.getenv());
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        List<String> warnings = new ArrayList<>();
        if (!json) {
            out.println((target.kind() == DatabaseKind.SQLITE ? "SQLite database " : "PostgreSQL database ") + target.description());
        }
        // dbgenerated("…") expressions of another database that have no equivalent here (docs/schema.md)
        dev.plinth.sql.DbGeneratedDefault.warnings(schema, target.kind()).forEach(w -> {
            warnings.add(w);
            err.println("warning: " + w);
        });
        if (concurrentIndexes && target.kind() == DatabaseKind.SQLITE) {
            String note = "--concurrent-indexes is ignored on SQLite: an index is built inside the migration's transaction";
            warnings.add(note);
            err.println("note: " + note);
        }
        Migrator migrator = new Migrator(target.dialect(), new dev.plinth.migrate.MigrationOptions(renames, concurrentIndexes,
                target.kind() == DatabaseKind.SQLITE ? Optional.empty() : Optional.of(target::connect)));
        boolean notCreatedYet = target.sqliteFile().map(f -> !Files.exists(f)).orElse(false);
        if (dryRun && notCreatedYet) {
            warnings.add("The database file does not exist yet; the plan is for an empty database.");
            if (!json) {
                out.println("The database file does not exist yet; the plan is for an empty database.");
            }
        }
        // A dry run must not even create the SQLite file: it plans against an empty in-memory database.
        try (Connection connection = dryRun && notCreatedYet ? DriverManager.getConnection("jdbc:sqlite::memory:") : target.connect()) {
            if (dryRun) {
                MigrationPlan plan = migrator.plan(schema, connection, destructive());
                if (json) {
                    if (!plan.unknownTables().isEmpty()) {
                        warnings.add("Left alone (not in the schema, not created by Plinth): " + String.join(", ", plan.unknownTables()));
                    }
                    out.println(PlanJson.of(plan, warnings).render());
                    out.flush();
                    return 0;
                }
                reportUnknown(out, plan);
                HeldReport.held(plan).forEach(out::println);
                if (plan.isEmpty()) {
                    out.println("The database matches the schema; nothing to do.");
                } else {
                    out.println(plan.script());
                    out.println();
                    plan.renameHints().forEach(h -> out.println("Hint: " + h.message()));
                    out.println(summary(plan) + "; dry run: nothing was changed.");
                }
                out.flush();
                return 0;
            }
            // Planned and applied under the migration lock: another instance migrating at the same time
            // is waited for, and its work is then found done.
            MigrationResult applied = migrator.migrate(schema, connection, destructive(),
                    new ProgressReporter(out, ProgressReporter.isTerminal(), target.kind()));
            reportUnknown(out, applied.plan());
            HeldReport.held(applied.plan()).forEach(out::println);
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
            if (destructive() == DestructiveChanges.HOLD) {
                HeldReport.cannotBeHeld(e.plan()).forEach(err::println);
                return 1;
            }
            err.println("Refused: " + summary(e.plan()) + ". These steps would lose data:");
            for (MigrationStep step : e.plan().destructiveSteps()) {
                err.println("  - " + step.description());
                err.println("      would lose: " + step.dataLoss().orElse("data"));
            }
            e.plan().renameHints().forEach(h -> err.println("Hint: " + h.message()));
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

    private DestructiveChanges destructive() {
        return DestructiveChanges.of(force, holdDestructive);
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
