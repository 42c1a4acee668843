package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away database of the same kind as a target, in which migration files are replayed to learn the
 * structure they produce (Prisma Migrate's "shadow database",
 * https://www.prisma.io/docs/orm/prisma-migrate/understanding-prisma-migrate/shadow-database): on SQLite a
 * temporary file; on PostgreSQL a schema {@code _plinth_scratch_…} created in the target's own database (so no
 * right to create databases is needed) and selected by the connection's {@code search_path}. {@link #close}
 * deletes the file or drops the schema with everything in it.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final DatabaseKind kind;
    private final Connection connection;
    private final Path file;
    private final String schema;

    private ScratchDatabase(DatabaseKind kind, Connection connection, Path file, String schema) {
        this.kind = kind;
        this.connection = connection;
        this.file = file;
        this.schema = schema;
    }

    /**
     * Creates an empty scratch database beside a target.
     *
     * @param target the database whose kind (and, on PostgreSQL, whose server and database) to use
     * @return the scratch database; close it to remove it
     * @throws SQLException when it cannot be created (on PostgreSQL: the user may not create schemas)
     */
    public static ScratchDatabase create(DatabaseTarget target) throws SQLException {
        if (target.kind() == DatabaseKind.SQLITE) {
            Path file;
            try {
                file = Files.createTempFile("plinth-scratch-", ".db");
            } catch (IOException e) {
                throw new SQLException("cannot create a scratch SQLite file: " + e.getMessage(), e);
            }
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA foreign_keys = ON");
            }
            return new ScratchDatabase(DatabaseKind.SQLITE, c, file, null);
        }
        String schema = "_plinth_scratch_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Connection c = target.connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            // public stays on the path for the extensions' types and functions installed there, and so does every
            // schema an installed extension lives in: a CREATE EXTENSION run with ?schema=app on the URL installs
            // into app (its citext type is app.citext), and an extension is installed once per database, so the
            // replay's CREATE EXTENSION IF NOT EXISTS does not install it again into the scratch schema.
            StringBuilder path = new StringBuilder(schema).append(", public");
            try (java.sql.ResultSet r = s.executeQuery("SELECT DISTINCT n.nspname FROM pg_extension e"
                    + " JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname NOT IN ('pg_catalog', 'public') ORDER BY 1")) {
                while (r.next()) {
                    path.append(", ").append(target.dialect().quote(r.getString(1)));
                }
            }
            s.execute("SET search_path TO " + path);
        } catch (SQLException e) {
            c.close();
            throw new SQLException("cannot create a scratch schema in the database to replay the migration files into"
                    + " (the user needs the CREATE privilege on the database): " + e.getMessage(), e);
        }
        return new ScratchDatabase(DatabaseKind.POSTGRESQL, c, null, schema);
    }

    /** Returns the connection to the scratch database (owned by this object: do not close it). */
    public Connection connection() {
        return connection;
    }

    /**
     * Runs migration files into the scratch database, in the order given, each in its own transaction.
     *
     * @param folders the migrations to replay
     * @param dialect the database's dialect
     * @throws MigrationFileFailedException when a statement fails (naming the migration and the statement)
     * @throws SQLException                 when a transaction cannot be begun or committed
     */
    public void replay(List<MigrationFolder> folders, dev.plinth.sql.Dialect dialect) throws MigrationFileFailedException, SQLException {
        MigrationFileRunner runner = new MigrationFileRunner(dialect);
        for (MigrationFolder folder : folders) {
            runner.inTransaction(connection, () -> runner.run(connection, folder.name(), "migration.sql", folder.sql()));
        }
    }

    @Override
    public void close() throws SQLException {
        try {
            if (kind == DatabaseKind.POSTGRESQL) {
                try (Statement s = connection.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                }
            }
        } finally {
            connection.close();
            if (file != null) {
                for (String suffix : new String[]{"", "-wal", "-shm", "-journal"}) {
                    try {
                        Files.deleteIfExists(Path.of(file + suffix));
                    } catch (IOException ignored) {
                        // a temporary file left behind is the operating system's to clean
                    }
                }
            }
        }
    }
}
