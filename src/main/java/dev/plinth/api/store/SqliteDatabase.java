package dev.plinth.api.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * SQLite as PocketBase runs it: WAL journal, {@code foreign_keys=ON}, a {@code busy_timeout}, a pool of
 * read connections and one write connection; writes are serialized in the process, begin
 * {@code IMMEDIATE} (so a write transaction never fails half-way on a lock upgrade), and concurrent ones
 * are committed together ({@link SqliteGroupCommit}). Every connection keeps its prepared statements for
 * reuse ({@link SqliteStatementCache}).
 *
 * <p>Sources: SQLite, "Write-Ahead Logging" (https://www.sqlite.org/wal.html); "BEGIN TRANSACTION"
 * (https://www.sqlite.org/lang_transaction.html); sqlite-jdbc's connection properties.
 */
public final class SqliteDatabase implements Database {

    private static final int BUSY_TIMEOUT_MS = 5000;
    /** The write connection's page cache, in KiB (32 MiB; see {@link #writerPragmas}). */
    private static final int WRITER_CACHE_KIB = 32 * 1024;
    /** The WAL size, in pages, at which a commit of the writer checkpoints (see {@link #writerPragmas}). */
    static final int WAL_CHECKPOINT_PAGES = 10_000;

    private final DatabaseTarget target;
    private final HikariDataSource readers;
    private final SqliteStatementCache statements = new SqliteStatementCache();
    private final SqliteGroupCommit writer;
    private final ExportGate exports;
    /** Runs {@link dev.plinth.sql.SqliteStatistics#PERIODIC} every {@link dev.plinth.sql.SqliteStatistics#PERIOD}. */
    private final java.util.concurrent.ScheduledExecutorService statistics;

    /**
     * Opens the database; a read waits at most {@link #DEFAULT_CONNECTION_WAIT} for a connection.
     *
     * @param target a SQLite target
     * @param readers  the number of read connections
     * @throws SQLException when the file cannot be opened
     */
    public SqliteDatabase(DatabaseTarget target, int readers) throws SQLException {
        this(target, readers, DEFAULT_CONNECTION_WAIT);
    }

    /**
     * Opens the database.
     *
     * @param target  a SQLite target
     * @param readers the number of read connections
     * @param wait    the longest wait for a read connection (HikariCP's {@code connectionTimeout}, at least
     *                250 ms) or an export's turn
     * @throws SQLException when the file cannot be opened
     */
    public SqliteDatabase(DatabaseTarget target, int readers, Duration wait) throws SQLException {
        this.target = target;
        this.exports = new ExportGate(readers, wait);
        this.writer = new SqliteGroupCommit(this::openWriter);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setDataSourceProperties(pragmas());
        config.setMaximumPoolSize(readers);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(wait.toMillis());
        config.setPoolName("plinth-sqlite-read");
        this.readers = new HikariDataSource(config);
        this.statistics = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plinth-sqlite-statistics");
            t.setDaemon(true);
            return t;
        });
        long period = dev.plinth.sql.SqliteStatistics.PERIOD.toMillis();
        statistics.scheduleAtFixedRate(this::refreshStatistics, period, period, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** {@code PRAGMA optimize} through the writer, like any write; a failure leaves the statistics as they were. */
    private void refreshStatistics() {
        try {
            write(c -> {
                dev.plinth.sql.SqliteStatistics.refresh(c, dev.plinth.sql.SqliteStatistics.PERIODIC);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(SqliteDatabase.class).warn("PRAGMA optimize failed: {}", e.getMessage());
        }
    }

    private Connection openWriter() throws SQLException {
        // Auto-commit stays on: transactions are begun explicitly, so the write lock is held only while
        // a write runs (the driver's own mode would begin the next transaction right after each commit).
        return statements.wrap(DriverManager.getConnection(target.jdbcUrl(), writerPragmas()));
    }

    private static Properties pragmas() {
        Properties p = new Properties();
        p.setProperty("journal_mode", "WAL");
        p.setProperty("foreign_keys", "true");
        p.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
        p.setProperty("synchronous", "NORMAL");
        return p;
    }

    /**
     * The writer's settings: those of every connection, and a page cache of {@value #WRITER_CACHE_KIB} KiB
     * instead of SQLite's 2,000 KiB (https://sqlite.org/pragma.html#pragma_cache_size). A write reads the
     * pages it changes, of the table and of each index, through this one connection's cache; with SQLite's
     * default, writes spread over a table larger than 2 MB read most of their pages from the file again
     * (bulk updates of 100 random rows: 10,500 → 16,000 rows/s, docs/benchmarks.md "Bulk updates"). The
     * cache fills only as pages are read, up to this bound, on the one writer connection.
     *
     * <p>And an automatic checkpoint when the WAL holds {@value #WAL_CHECKPOINT_PAGES} pages (about 40 MB with
     * 4 KiB pages) instead of SQLite's 1,000 (https://sqlite.org/pragma.html#pragma_wal_autocheckpoint). A
     * checkpoint copies every page changed since the last one into the database file and syncs it
     * (https://sqlite.org/wal.html#ckpt); writes spread over a table's indexes change the same pages again
     * between checkpoints, so checkpointing ten times less often copies far fewer pages per row and syncs ten
     * times less (bulk creates of 100 rows: about 400 → 500 requests/s, docs/benchmarks.md). Readers look pages
     * up in a larger WAL index, and the {@code -wal} file grows to about 40 MB under sustained writes. With
     * {@code synchronous=NORMAL} commits are synced at checkpoints; between them the operating system writes
     * the WAL back on its own schedule, so the writes a power loss can take stay those of its last seconds.
     */
    private static Properties writerPragmas() {
        Properties p = pragmas();
        p.setProperty("cache_size", Integer.toString(-WRITER_CACHE_KIB));
        p.setProperty("wal_autocheckpoint", Integer.toString(WAL_CHECKPOINT_PAGES));
        return p;
    }

    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        PoolGauges.bind(readers, registry);
        writer.bindMetrics(registry);
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
            return work.run(statements.wrap(c));
        }
    }

    @Override
    public <T> T readExport(SqlWork<T> work) throws SQLException {
        return exports.admit(() -> read(work));
    }

    /**
     * {@inheritDoc}
     *
     * <p>On SQLite, concurrent writes are committed together in one transaction, each in its own savepoint,
     * and each caller returns only after that commit ({@link SqliteGroupCommit}).
     */
    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        return writer.write(work);
    }

    /** Returns how many write transactions ran so far; with group commit, fewer than {@link #writes()} (for tests). */
    long transactions() {
        return writer.transactions();
    }

    /** Returns how many writes ran so far (for tests). */
    long writes() {
        return writer.writes();
    }

    /** Returns how many writes wait for the writer now (for tests). */
    int waitingWrites() {
        return writer.waiting();
    }

    @Override
    public void close() {
        statistics.shutdownNow();
        writer.close();
        readers.close();
    }
}
