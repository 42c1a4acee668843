package dev.plinth.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * The schema file and database options every {@code plinth migrate} files command takes (a picocli mixin):
 * {@code SCHEMA} (the migrations folder is beside it) and {@code --database-url}.
 */
final class MigrationFilesOptions {

    @Parameters(index = "0", paramLabel = "SCHEMA", description = "the schema.prisma file; the migrations folder is beside it")
    Path schemaFile;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "the database (file:./dev.db or postgresql://user@host:5432/db); default: the datasource url, then DATABASE_URL,"
                    + " then dev.db beside the schema")
    String databaseUrl;

    /**
     * Loads the schema and resolves the database and the migrations folder ({@link MigrationFilesSetup#load}).
     *
     * @param err where the schema's diagnostics are printed
     * @return the setup
     * @throws CommandFailure as {@link MigrationFilesSetup#load}
     */
    MigrationFilesSetup load(PrintWriter err) {
        return MigrationFilesSetup.load(schemaFile, databaseUrl, System.getenv(), err);
    }
}
