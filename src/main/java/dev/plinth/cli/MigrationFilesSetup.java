package dev.plinth.cli;

import dev.plinth.migrate.MigrationDirectory;
import dev.plinth.migrate.MigrationFolder;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every {@code plinth migrate} files command starts from: the valid schema, the database it resolves to
 * (docs/migrations.md, "Which database") and the migrations folder beside it, checked against the database's
 * kind ({@code migration_lock.toml}).
 *
 * @param schema    the resolved schema
 * @param target    the database
 * @param directory the migrations folder
 */
record MigrationFilesSetup(Schema schema, DatabaseTarget target, MigrationDirectory directory) {

    /**
     * Loads the schema and resolves the database and the migrations folder.
     *
     * @param schemaFile  the schema file given
     * @param databaseUrl the {@code --database-url} given, or null
     * @param environment where {@code DATABASE_URL} and {@code env("…")} variables are read
     * @param err         where the schema's diagnostics are printed
     * @return the setup
     * @throws CommandFailure when the schema has errors, the URL is not usable, or the folder was written for the other database
     */
    static MigrationFilesSetup load(Path schemaFile, String databaseUrl, Map<String, String> environment, PrintWriter err) {
        Schema schema = SchemaFile.loadValid(schemaFile, err)
                .flatMap(r -> r.schema())
                .orElseThrow(() -> new CommandFailure(schemaFile + " has errors; nothing was changed"));
        try {
            DatabaseTarget target = DatabaseTarget.resolve(schema, schemaFile, Optional.ofNullable(databaseUrl), environment);
            MigrationDirectory directory = MigrationDirectory.of(schemaFile);
            directory.requireProvider(target.kind());
            return new MigrationFilesSetup(schema, target, directory);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /**
     * Reads the migration folders.
     *
     * @return the folders, in name order
     * @throws CommandFailure when a folder lacks its migration.sql or a file cannot be read
     */
    List<MigrationFolder> folders() {
        try {
            return directory.folders();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
    }

    /**
     * Tells whether the database is a SQLite file that does not exist yet (reading it must not create it).
     *
     * @return true for a missing SQLite file
     */
    boolean notCreatedYet() {
        return target.sqliteFile().map(f -> !Files.exists(f)).orElse(false);
    }

    /**
     * Connects for reading only: a SQLite file that does not exist is read as an empty in-memory database
     * rather than created.
     *
     * @return a new connection, which the caller closes
     * @throws SQLException when the database cannot be reached
     */
    Connection connectForReading() throws SQLException {
        return notCreatedYet() ? DriverManager.getConnection("jdbc:sqlite::memory:") : target.connect();
    }
}
