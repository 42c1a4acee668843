package dev.plinth.api.store;

import dev.plinth.sql.DatabaseKind;

import java.sql.SQLException;
import java.time.Duration;

/**
 * The served database: connections for reads, and transactions for writes.
 *
 * <p>An exception thrown by write work rolls the transaction back and propagates unchanged, so bad
 * input never changes stored data.
 */
public sealed interface Database extends AutoCloseable permits SqliteDatabase, PostgresDatabase, CountingDatabase {

    /**
     * How long a request waits for a pooled connection (or an export for its turn) before it fails with a
     * {@link java.sql.SQLTransientConnectionException}, answered 503: seconds, not HikariCP's 30 s default,
     * so a pool held by slow work refuses quickly instead of queueing every request behind it.
     */
    Duration DEFAULT_CONNECTION_WAIT = Duration.ofSeconds(5);

    /** Returns the engine. */
    DatabaseKind kind();

    /** Returns a description for the startup banner (never a password). */
    String describe();

    /**
     * Runs read-only work on a pooled connection in auto-commit mode.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the result
     * @throws SQLException when the database fails
     */
    <T> T read(SqlWork<T> work) throws SQLException;

    /**
     * Runs a long read, an export, as {@link #read} does, but at most half the pool's connections (at least
     * one) run such reads at once, so short reads still find a connection; an export waits for its turn as
     * long as a read waits for a connection.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the result
     * @throws java.sql.SQLTransientConnectionException when no turn or connection came in time
     * @throws SQLException when the database fails
     */
    <T> T readExport(SqlWork<T> work) throws SQLException;

    /**
     * Runs work in one write transaction: committed when the work returns, rolled back when it throws.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the result
     * @throws SQLException when the database fails
     */
    <T> T write(SqlWork<T> work) throws SQLException;

    /**
     * Registers the database's meters: HikariCP pool gauges ({@code hikaricp_connections_active},
     * {@code _idle}, {@code _pending}, {@code _max}, … tagged {@code pool}) and on SQLite the
     * group-commit sizes of the writer ({@code plinth_sqlite_group_commit_writes}). Called once, when the
     * server's metrics are on.
     *
     * @param registry the server's registry
     */
    void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry);

    @Override
    void close();
}
