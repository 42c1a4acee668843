package dev.plinth.api;

import dev.plinth.api.store.Database;
import dev.plinth.api.store.PostgresDatabase;
import dev.plinth.api.store.SqliteDatabase;
import dev.plinth.api.orphan.HeldState;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.migrate.MigrationRefusedException;
import dev.plinth.migrate.MigrationFailedException;
import dev.plinth.migrate.MigrationListener;
import dev.plinth.migrate.MigrationResult;
import dev.plinth.migrate.Migrator;
import dev.plinth.migrate.MissingViews;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.UnaryOperator;
import java.time.Clock;

/**
 * A running API: the database brought up to the schema (additive steps only unless forced), the
 * connection pools, and the HTTP server. What {@code plinth serve} runs and what end-to-end tests start.
 *
 * @param server    the HTTP server, listening
 * @param database  the database
 * @param migration what was applied at start; its plan lists what was held ({@code --hold-destructive})
 * @param missingViews the schema's views that have no database object and are not served ({@link MissingViews})
 */
public record ServedApi(ApiServer server, Database database, MigrationResult migration, List<Model> missingViews)
        implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServedApi.class);

    /** Read connections of the SQLite pool unless {@code --pool-size} says otherwise. */
    private static final int SQLITE_READERS = 8;

    /**
     * The PostgreSQL pool for a machine: {@code cores × 2 + 1}, Prisma's default {@code connection_limit}
     * (https://www.prisma.io/docs/orm/prisma-client/setup-and-configuration/databases-connections/connection-pool)
     * and HikariCP's rule of thumb for one disk, "About Pool Sizing"
     * (https://github.com/brettwooldridge/HikariCP/wiki/About-Pool-Sizing); {@code plinth serve --pool-size}
     * sets another. The rule
     * counts the database server's cores; Plinth sees its own, which are the same ones when PostgreSQL
     * runs beside it, and a starting point otherwise. Never fewer than 5, the rule's value for two cores:
     * a JVM limited to one processor (a container, {@code taskset}) usually shares a bigger machine with
     * the database, and measured on this project's two-core machine, 3 connections cut single-row
     * creates by a third against 5–16, whose results were alike (docs/benchmarks.md, "Findings").
     *
     * @param cores the processors the JVM may use ({@link Runtime#availableProcessors()})
     * @return the most connections, at least 5
     */
    public static int postgresPoolSize(int cores) {
        return Math.max(5, cores * 2 + 1);
    }

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
        return start(schema, dev.plinth.schema.policy.SchemaPolicy.NONE, dev.plinth.api.access.ClaimNames.DEFAULT,
                target, force, authenticator, settings, UnaryOperator.identity());
    }

    /**
     * Migrates the database and starts serving with access rules (docs/access-rules.md), over a
     * decorated database (e.g. a {@link dev.plinth.api.store.CountingDatabase} that counts statements
     * in tests; {@link UnaryOperator#identity()} otherwise).
     *
     * @param schema        the resolved schema
     * @param policy        its compiled access policies
     * @param claims        the claims of the organization and team conventions
     * @param target        the database
     * @param force         true to apply destructive migration steps
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @param decorate      wraps the opened database
     * @return the running API
     * @throws MigrationRefusedException when the migration has destructive steps and {@code force} is false
     * @throws MigrationFailedException  when a migration statement fails (nothing was changed)
     * @throws SQLException              when the database cannot be reached
     */
    public static ServedApi start(Schema schema, dev.plinth.schema.policy.SchemaPolicy policy,
                                  dev.plinth.api.access.ClaimNames claims, DatabaseTarget target, boolean force,
                                  Authenticator authenticator, ApiSettings settings, UnaryOperator<Database> decorate)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        return start(schema, policy, claims, target, StartMigration.of(force),
                authenticator, settings, decorate);
    }

    /**
     * Migrates the database — refusing, holding or applying destructive steps, with the renames and index builds
     * asked for — and starts serving with access rules. With {@link DestructiveChanges#HOLD} (docs/migrations.md,
     * "Held destructive changes and orphaned tables") the held changes are logged, listed by
     * {@code GET /health/ready}, and the orphaned tables served read-only to callers with the admin role under
     * {@code /api/_orphaned/<table>}.
     *
     * @param schema        the resolved schema
     * @param policy        its compiled access policies
     * @param claims        the claims of the organization and team conventions
     * @param target        the database
     * @param migration     destructive steps, admin role, renames, concurrent indexes, progress
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @param decorate      wraps the opened database
     * @return the running API
     * @throws MigrationRefusedException when destructive steps remain that are neither forced nor held
     * @throws MigrationFailedException  when a migration statement fails (nothing was changed)
     * @throws SQLException              when the database cannot be reached
     * @throws IllegalArgumentException  when the admin role is blank
     */
    public static ServedApi start(Schema schema, dev.plinth.schema.policy.SchemaPolicy policy,
                                  dev.plinth.api.access.ClaimNames claims, DatabaseTarget target, StartMigration migration,
                                  Authenticator authenticator, ApiSettings settings, UnaryOperator<Database> decorate)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        MigrationResult migrationResult;
        List<Model> missingViews;
        String adminRole = migration.adminRole();
        HeldState held = new HeldState(List.of(), adminRole);
        try (Connection c = target.connect()) {
            // Planned and applied under the migration lock, so instances starting together take turns.
            migrationResult = new Migrator(target.dialect(), migration.options()).migrate(schema, c, migration.destructive(),
                    migration.progress());
            held = new HeldState(migrationResult.plan().held(), adminRole);
            held.held().forEach(h -> LOG.warn("held (--hold-destructive): {}", h.description()));
            missingViews = MissingViews.of(schema, c, target.dialect());
        }
        Database database = decorate.apply(target.kind() == DatabaseKind.SQLITE
                ? new SqliteDatabase(target, settings.poolSize().orElse(SQLITE_READERS), settings.connectionWait())
                : new PostgresDatabase(target, settings.poolSize().orElseGet(() -> postgresPoolSize(Runtime.getRuntime().availableProcessors())),
                        settings.connectionWait()));
        try {
            ApiServer server = new ApiServer(MissingViews.without(schema, missingViews), policy, claims, database, authenticator,
                    settings, Clock.systemUTC(), held);
            MigrationResult applied = migrationResult;
            server.metrics().ifPresent(m -> m.bindMigration(applied));
            server.start();
            return new ServedApi(server, database, migrationResult, missingViews);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Returns the base URL, e.g. {@code http://localhost:8080}. */
    public String baseUrl() {
        return "http://localhost:" + server.port();
    }

    /**
     * Stops in order (what {@code plinth serve} does on SIGTERM): the server drains and stops gracefully
     * ({@link ApiServer#close()}), then the database closes — SQLite's waiting group commits are committed
     * first — and its pools with it.
     */
    @Override
    public void close() {
        server.close();
        database.close();
    }
}
