package dev.plinth.cli;

import dev.plinth.introspect.DatabaseInspection;
import dev.plinth.introspect.DatabaseInspector;
import dev.plinth.schema.DiagnosticRenderer;
import dev.plinth.schema.SchemaResult;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import org.sqlite.SQLiteConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * The database {@code plinth db inspect} and {@code db pull} read, and the reading itself: {@code --database-url},
 * else the datasource of a schema given as {@code SCHEMA} or {@code --schema} (resolved as {@code migrate} resolves
 * it, {@link DatabaseTarget#resolve}), else {@code DATABASE_URL}. The database is opened read-only (SQLite's
 * {@code SQLITE_OPEN_READONLY}, PostgreSQL's read-only transaction), and a SQLite file that does not exist is an
 * error rather than a new empty database.
 */
final class DatabaseToRead {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCHEMA",
            description = "a schema.prisma whose datasource names the database (instead of --database-url)")
    private Path schemaPositional;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "the same as the SCHEMA argument")
    private Path schemaOption;

    @Option(names = "--database-url", paramLabel = "URL",
            description = "the database to read (file:./dev.db or postgresql://user@host:5432/db); default: the schema's"
                    + " datasource url, then DATABASE_URL")
    private String databaseUrl;

    /**
     * Resolves the database.
     *
     * @param spec        the command, for usage errors
     * @param err         standard error, for schema diagnostics
     * @param environment the environment variables
     * @return the target
     * @throws ParameterException when neither a URL nor a schema is given, or both SCHEMA and --schema (exit 2)
     * @throws CommandFailure     when the schema has errors, the URL is malformed or the SQLite file is missing (exit 1)
     */
    DatabaseTarget target(CommandSpec spec, PrintWriter err, Map<String, String> environment) {
        if (schemaPositional != null && schemaOption != null) {
            throw new ParameterException(spec.commandLine(), "give the schema once: as SCHEMA or as --schema, not both");
        }
        Optional<Path> schemaFile = Optional.ofNullable(schemaPositional != null ? schemaPositional : schemaOption);
        DatabaseTarget target;
        try {
            if (databaseUrl != null && !databaseUrl.isBlank()) {
                target = DatabaseTarget.parse(databaseUrl.trim(), Path.of("").toAbsolutePath());
            } else if (schemaFile.isPresent()) {
                SchemaResult result = SchemaFile.load(schemaFile.get());
                if (result.hasErrors() || result.schema().isEmpty()) {
                    err.print(DiagnosticRenderer.render(result));
                    throw new CommandFailure(schemaFile.get() + ": the schema has errors, so its datasource cannot be read;"
                            + " fix it or pass --database-url");
                }
                target = DatabaseTarget.resolve(result.schema().get(), schemaFile.get(), Optional.empty(), environment);
            } else if (environment.get("DATABASE_URL") != null && !environment.get("DATABASE_URL").isBlank()) {
                target = DatabaseTarget.parse(environment.get("DATABASE_URL").trim(), Path.of("").toAbsolutePath());
            } else {
                throw new ParameterException(spec.commandLine(),
                        "which database? Give --database-url URL, a schema.prisma whose datasource names it, or set DATABASE_URL");
            }
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        if (target.sqliteFile().isPresent() && !Files.isRegularFile(target.sqliteFile().get())) {
            throw new CommandFailure(target.sqliteFile().get() + ": no such SQLite database file; give the path of an existing"
                    + " database (nothing was created)");
        }
        return target;
    }

    /**
     * Resolves the database of a command, opens it read-only and inspects it.
     *
     * @param spec the command
     * @return the inspection
     * @throws ParameterException as {@link #target}
     * @throws CommandFailure     as {@link #target}, or when the database cannot be reached or read
     */
    DatabaseInspection inspect(CommandSpec spec) {
        return inspect(target(spec, spec.commandLine().getErr(), System.getenv()));
    }

    private static DatabaseInspection inspect(DatabaseTarget target) {
        try (Connection connection = openReadOnly(target)) {
            if (target.kind() == DatabaseKind.POSTGRESQL) {
                requireSchema(connection, target);
            }
            return DatabaseInspector.inspect(target.kind(), connection);
        } catch (SQLException e) {
            throw new CommandFailure(StartFailure.database(e, target), e);
        }
    }

    /**
     * Refuses a PostgreSQL search_path that selects no existing schema (a misspelt {@code ?schema=}): read as it is,
     * it would print an empty database, and {@code db pull > schema.prisma} would write an empty schema — the same
     * mistake a missing SQLite file is refused for. {@code current_schema()} is NULL then
     * (https://www.postgresql.org/docs/current/functions-info.html).
     */
    private static void requireSchema(Connection connection, DatabaseTarget target) throws SQLException {
        try (java.sql.Statement s = connection.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT current_schema(), current_setting('search_path')")) {
            if (r.next() && r.getString(1) == null) {
                throw new CommandFailure("the database " + target.description() + " has no schema " + r.getString(2)
                        + " (the URL's ?schema=, or the search_path); check the name (nothing was read)");
            }
        }
    }

    private static Connection openReadOnly(DatabaseTarget target) throws SQLException {
        if (target.kind() == DatabaseKind.SQLITE) {
            SQLiteConfig config = new SQLiteConfig();
            config.setReadOnly(true);
            return DriverManager.getConnection(target.jdbcUrl(), config.toProperties());
        }
        Connection connection = DriverManager.getConnection(target.jdbcUrl());
        connection.setReadOnly(true);
        return connection;
    }
}
