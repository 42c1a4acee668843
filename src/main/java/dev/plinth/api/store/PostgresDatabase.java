package dev.plinth.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * PostgreSQL through a HikariCP pool. Connections use {@code stringtype=unspecified} so text binds
 * reach enum, uuid, json and array columns without casts in the SQL, and server-side prepared
 * statements after pgjdbc's default threshold.
 *
 * <p>Source: pgjdbc, "Connection parameters" (https://jdbc.postgresql.org/documentation/use/).
 */
public final class PostgresDatabase implements Database {

    private final DatabaseTarget target;
    private final HikariDataSource pool;
    private final ExportGate exports;

    /**
     * Opens the pool; a request waits at most {@link #DEFAULT_CONNECTION_WAIT} for a connection.
     *
     * @param target a PostgreSQL target
     * @param size     the maximum number of connections
     */
    public PostgresDatabase(DatabaseTarget target, int size) {
        this(target, size, DEFAULT_CONNECTION_WAIT);
    }

    /**
     * Opens the pool.
     *
     * @param target a PostgreSQL target
     * @param size   the maximum number of connections
     * @param wait   the longest wait for a connection (HikariCP's {@code connectionTimeout}, at least 250 ms)
     *               or an export's turn
     */
    public PostgresDatabase(DatabaseTarget target, int size, Duration wait) {
        this.target = target;
        this.exports = new ExportGate(size, wait);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.addDataSourceProperty("stringtype", "unspecified");
        config.addDataSourceProperty("ApplicationName", "plinth");
        config.setMaximumPoolSize(size);
        config.setPoolName("plinth-pg");
        config.setConnectionTimeout(wait.toMillis());
        this.pool = new HikariDataSource(config);
    }

    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        PoolGauges.bind(pool, registry);
    }

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    public String describe() {
        return "PostgreSQL " + target.description() + " (pool of " + pool.getMaximumPoolSize() + " connections)";
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public <T> T readExport(SqlWork<T> work) throws SQLException {
        return exports.admit(() -> read(work));
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
