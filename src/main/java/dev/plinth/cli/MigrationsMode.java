package dev.plinth.cli;

import dev.plinth.migrate.MigrationDirectory;
import dev.plinth.migrate.MigrationFileFailedException;
import dev.plinth.migrate.MigrationFilesInspector;
import dev.plinth.migrate.MigrationFilesStatus;
import dev.plinth.migrate.MigrationFolder;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.MigrationStep;
import dev.plinth.migrate.Migrator;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code plinth serve} treats the database's schema at start ({@code --migrations}, {@code PLINTH_MIGRATIONS}).
 * {@link #AUTO} (the default, for development) migrates it to the schema, as {@code plinth migrate} does;
 * {@link #FILES} (for production, with {@code plinth migrate deploy}) never changes it and refuses to start unless
 * every migration file is applied, none was edited or is missing, and the database matches the schema (the plan from
 * the database to the schema is empty). It makes no scratch database (no drift check; {@code plinth migrate status}
 * has it), so a database user that may not create schemas can serve.
 */
enum MigrationsMode {
    /** Migrate at start. */
    AUTO,
    /** Check the migration files at start; change nothing. */
    FILES;

    /** Reads {@code auto} or {@code files}, in any case; anything else is a usage error. */
    static final class Converter implements CommandLine.ITypeConverter<MigrationsMode> {
        @Override
        public MigrationsMode convert(String value) {
            try {
                return MigrationsMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a migrations mode: use auto or files");
            }
        }
    }

    /**
     * Names the options that change the schema at start, which {@link #FILES} ignores (serve never changes the
     * schema there; the files carry the changes), so that they are not ignored silently.
     *
     * @param force             {@code --force} was given
     * @param holdDestructive   {@code --hold-destructive} was given (or {@code PLINTH_HOLD_DESTRUCTIVE})
     * @param renames           {@code --rename} was given
     * @param concurrentIndexes {@code --concurrent-indexes} was given
     * @return the note to print, or empty when none of them was given
     */
    static java.util.Optional<String> ignoredOptions(boolean force, boolean holdDestructive, boolean renames, boolean concurrentIndexes) {
        List<String> ignored = new ArrayList<>();
        if (force) {
            ignored.add("--force");
        }
        if (holdDestructive) {
            ignored.add("--hold-destructive");
        }
        if (renames) {
            ignored.add("--rename");
        }
        if (concurrentIndexes) {
            ignored.add("--concurrent-indexes");
        }
        if (ignored.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("note: --migrations files: serve never changes the schema, so " + String.join(", ", ignored)
                + (ignored.size() == 1 ? " is" : " are") + " ignored; write the change with plinth migrate diff and apply it with plinth migrate deploy");
    }

    /**
     * Checks, for {@link #FILES}, that the database is ready to be served as it is. Reads only.
     *
     * @param schema     the resolved schema
     * @param schemaFile the schema file (the migrations folder is beside it)
     * @param target     the database
     * @return why it is not ready, one line each (what is pending, what differs); empty when it is
     * @throws SQLException when the database cannot be read
     * @throws IllegalArgumentException when the migrations folder is unusable (a folder without migration.sql,
     *                                  written for the other database)
     */
    static List<String> notReady(Schema schema, Path schemaFile, DatabaseTarget target) throws SQLException {
        MigrationDirectory directory = MigrationDirectory.of(schemaFile);
        directory.requireProvider(target.kind());
        List<MigrationFolder> folders = directory.folders();
        List<String> reasons = new ArrayList<>();
        // A SQLite file that does not exist is read as empty, not created: serve changes nothing.
        boolean missing = target.sqliteFile().map(f -> !Files.exists(f)).orElse(false);
        if (missing) {
            reasons.add("the database " + target.description() + " does not exist; create it with plinth migrate deploy " + schemaFile);
        }
        try (Connection connection = missing ? java.sql.DriverManager.getConnection("jdbc:sqlite::memory:") : target.connect()) {
            MigrationFilesStatus status;
            try {
                // No drift check (it needs a scratch schema, which a production user may not create): the
                // comparison with the schema below finds what matters to serving.
                status = new MigrationFilesInspector(target).inspect(connection, folders, false);
            } catch (MigrationFileFailedException e) {
                return List.of("the applied migration files do not replay: " + e.getMessage().lines().findFirst().orElse(""));
            }
            status.pending().forEach(f -> reasons.add("the migration " + f.name() + " is pending; apply it with plinth migrate deploy"));
            reasons.addAll(status.problems());
            MigrationPlan plan = new Migrator(target.dialect()).plan(schema, connection);
            if (!plan.isEmpty()) {
                reasons.add("the database does not match the schema (" + String.join("; ", plan.steps().stream().map(MigrationStep::description).toList())
                        + "); write a migration with plinth migrate diff and deploy it");
            }
        }
        return reasons;
    }
}
