package dev.plinth.api;

import dev.plinth.api.store.Database;
import dev.plinth.api.store.PostgresDatabase;
import dev.plinth.api.store.SqliteDatabase;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.MigrationRefusedException;
import dev.plinth.migrate.MigrationFailedException;
import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationResult;
import dev.plinth.migrate.Migrator;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

/**
 * A running API: the database brought up to the schema (additive steps only unless forced), the
 * connection pools, and the HTTP server. What {@code plinth serve} runs and what end-to-end tests start.
 *
 * @param server    the HTTP server, listening
 * @param database  the database
 * @param migration what was applied at start
 */
public record ServedApi(ApiServer server, Database database, MigrationResult migration) implements AutoCloseable {

    /** Read connections of the SQLite pool. */
    private static final int SQLITE_READERS = 8;
    /** Connections of the PostgreSQL pool. */
    private static final int POSTGRES_POOL = 16;

    /**
     * Migrates the database and starts serving.
     *
     * @param schema        the resolved schema
     * @param target        the database
     * @param force         true to apply destructive migration steps
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @return the running API
     * @throws MigrationRefusedException when the migration has destructive steps and {@code force} is false
     * @throws MigrationFailedException  when a migration statement fails (nothing was changed)
     * @throws SQLException              when the database cannot be reached
     */
    public static ServedApi start(Schema schema, DatabaseTarget target, boolean force, Authenticator authenticator,
                                  ApiSettings settings) throws MigrationRefusedException, MigrationFailedException, SQLException {
        MigrationResult migration;
        try (Connection c = target.connect()) {
            Migrator migrator = new Migrator(target.dialect());
            MigrationPlan plan = migrator.plan(schema, c);
            migration = migrator.apply(plan, c, force, MigrationListener.NONE);
        }
        Database database = target.kind() == DatabaseKind.SQLITE
                ? new SqliteDatabase(target, SQLITE_READERS)
                : new PostgresDatabase(target, POSTGRES_POOL);
        try {
            ApiServer server = new ApiServer(schema, database, authenticator, settings, Clock.systemUTC()).start();
            return new ServedApi(server, database, migration);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Returns the base URL, e.g. {@code http://localhost:8080}. */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        database.close();
    }
}
