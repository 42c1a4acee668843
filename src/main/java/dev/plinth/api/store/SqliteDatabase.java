package dev.plinth.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

/**
 * SQLite as PocketBase runs it: WAL journal, {@code foreign_keys=ON}, a {@code busy_timeout}, a pool of
 * read connections and one write connection; writes are serialized in the process and begin
 * {@code IMMEDIATE}, so a write transaction never fails half-way on a lock upgrade.
 *
 * <p>Sources: SQLite, "Write-Ahead Logging" (https://www.sqlite.org/wal.html); "BEGIN TRANSACTION"
 * (https://www.sqlite.org/lang_transaction.html); sqlite-jdbc's connection properties.
 */
public final class SqliteDatabase implements Database {

    private static final int BUSY_TIMEOUT_MS = 5000;

    private final DatabaseTarget target;
    private final HikariDataSource readers;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private Connection writer;

    /**
     * Opens the database.
     *
     * @param target a SQLite target
     * @param readers  the number of read connections
     * @throws SQLException when the file cannot be opened
     */
    public SqliteDatabase(DatabaseTarget target, int readers) throws SQLException {
        this.target = target;
        this.writer = openWriter();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setDataSourceProperties(pragmas());
        config.setMaximumPoolSize(readers);
        config.setMinimumIdle(1);
        config.setPoolName("plinth-sqlite-read");
        this.readers = new HikariDataSource(config);
    }

    private Connection openWriter() throws SQLException {
        // Auto-commit stays on: transactions are begun explicitly, so the write lock is held only while
        // a write runs (the driver's own mode would begin the next transaction right after each commit).
        return DriverManager.getConnection(target.jdbcUrl(), pragmas());
    }

    private static Properties pragmas() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        p.setProperty("synchronous", "NORMAL");
        return p;
    }

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    public String describe() {
        return "SQLite " + target.description();
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        try (Connection c = readers.getConnection()) {
            return work.run(c);
        }
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        writeLock.lock();
        try {
            if (writer.isClosed()) {
                writer = openWriter();
            }
            try (Statement s = writer.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
            }
            try {
                T result = work.run(writer);
                try (Statement s = writer.createStatement()) {
                    s.execute("COMMIT");
                }
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try (Statement s = writer.createStatement()) {
                    s.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        readers.close();
        writeLock.lock();
        try {
            writer.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to do with the error
        } finally {
            writeLock.unlock();
        }
    }
}
