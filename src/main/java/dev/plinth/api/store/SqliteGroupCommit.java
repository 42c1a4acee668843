package dev.plinth.api.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * SQLite's one write connection, driven by one thread that commits concurrent writes together (group
 * commit).
 *
 * <p>Callers hand their work to {@link #write}; the writer thread takes whatever work is waiting (at most
 * {@link #MAX_GROUP} items), opens one {@code BEGIN IMMEDIATE} transaction, runs each item inside its own
 * {@code SAVEPOINT}, rolls an item that throws back to its savepoint, and commits the rest at once. Each
 * caller is answered only after the commit that holds its writes, so durability is that of one
 * transaction per request; what the group saves is the per-transaction cost of SQLite (the lock, the
 * journal frames of pages that several rows share). A lone write runs in a plain transaction with no
 * savepoint. When the group itself fails (the commit, a savepoint statement, or an error that makes SQLite
 * roll the whole transaction back), everything is rolled back and the items not yet answered run again,
 * each in its own transaction, so every caller gets its own verdict.
 *
 * <p>The write lock of the database file is held only while a group runs: between groups the connection
 * is in auto-commit mode, so another process can write the file while the server idles.
 *
 * <p>Sources: SQLite, "SAVEPOINT" (https://www.sqlite.org/lang_savepoint.html), "BEGIN TRANSACTION"
 * (https://www.sqlite.org/lang_transaction.html), and on errors that roll back a whole transaction,
 * "Response To Errors Within A Transaction" on the same page.
 */
final class SqliteGroupCommit implements AutoCloseable {

    /** The most writes committed in one transaction, so one group never delays its callers for long. */
    static final int MAX_GROUP = 64;

    /** Opens the write connection (again, when it was closed under the writer). */
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private record Pending<T>(SqlWork<T> work, CompletableFuture<T> result) {

        void runAlone(Connection c) {
            try {
                execute(c, "BEGIN IMMEDIATE");
                T value;
                try {
                    value = work.run(c);
                } catch (Throwable t) {
                    rollbackQuietly(c, "ROLLBACK", t);
                    result.completeExceptionally(t);
                    return;
                }
                execute(c, "COMMIT");
                result.complete(value);
            } catch (Throwable t) {
                rollbackQuietly(c, "ROLLBACK", t);
                result.completeExceptionally(t);
            }
        }
    }

    /** The outcome of one item inside a group, delivered only after the group's commit. */
    private record Outcome(Pending<?> pending, Object value, Throwable failure) {
        @SuppressWarnings("unchecked")
        void deliver() {
            CompletableFuture<Object> f = (CompletableFuture<Object>) pending.result();
            if (failure != null) {
                f.completeExceptionally(failure);
            } else {
                f.complete(value);
            }
        }
    }

    private static final Pending<Void> STOP = new Pending<>(c -> null, new CompletableFuture<>());

    private final ConnectionOpener opener;
    private final LinkedBlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final AtomicLong transactions = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile boolean closed;
    /** The sizes of committed groups, once metrics are bound; read by the writer thread only after that. */
    private volatile io.micrometer.core.instrument.DistributionSummary groupSizes;
    private Connection connection;

    /**
     * Opens the write connection and starts the writer thread.
     *
     * @param opener opens the write connection in auto-commit mode with the database's pragmas
     * @throws SQLException when the connection cannot be opened
     */
    SqliteGroupCommit(ConnectionOpener opener) throws SQLException {
        this.opener = opener;
        this.connection = opener.open();
        // a platform thread: the SQLite driver works through native calls, which would pin a virtual one
        this.thread = Thread.ofPlatform().name("plinth-sqlite-writer").daemon(true).unstarted(this::loop);
        thread.start();
    }

    /**
     * Runs work in a write transaction, possibly shared with other concurrent writes, and waits for its
     * commit.
     *
     * @param work the work; it must not begin or end transactions itself (savepoints are fine)
     * @param <T>  its result type
     * @return the work's result, once committed
     * @throws SQLException what the work threw, or the commit's failure, or when the store is closed
     */
    <T> T write(SqlWork<T> work) throws SQLException {
        if (closed) {
            throw new SQLException("the SQLite database is closed");
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        queue.add(new Pending<>(work, result));
        if (closed) {
            // close() may have drained the queue before this item arrived
            result.completeExceptionally(new SQLException("the SQLite database is closed"));
        }
        return await(result);
    }

    /**
     * Registers the writer's meters: {@code plinth.sqlite.group.commit.writes}, the writes committed per
     * transaction (1 for a write alone; up to {@value #MAX_GROUP}), with buckets at powers of two, and
     * {@code plinth.sqlite.writer.waiting}, the writes queued for the writer thread.
     *
     * @param registry the server's registry
     */
    void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("plinth.sqlite.writer.waiting", queue, java.util.Collection::size)
                .description("Writes waiting for SQLite's writer thread").register(registry);
        groupSizes = io.micrometer.core.instrument.DistributionSummary.builder("plinth.sqlite.group.commit.writes")
                .description("Writes committed together in one SQLite transaction (group commit)")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, MAX_GROUP)
                .register(registry);
    }

    /** Returns how many write transactions were committed or rolled back so far (a group counts once). */
    long transactions() {
        return transactions.get();
    }

    /** Returns how many writes wait for the writer thread now (for tests). */
    int waiting() {
        return queue.size();
    }

    /** Returns how many writes were run so far, each counted once even when run again alone. */
    long writes() {
        return writes.get();
    }

    private static <T> T await(CompletableFuture<T> result) throws SQLException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    // the work may already be committed: the caller must still learn its outcome
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof SQLException s) {
                        throw s;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new SQLException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void loop() {
        List<Pending<?>> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                continue;
            }
            queue.drainTo(group, MAX_GROUP - 1);
            int stop = group.indexOf(STOP);
            if (stop >= 0) {
                List<Pending<?>> before = new ArrayList<>(group.subList(0, stop));
                runGroup(before);
                failRest(group.subList(stop + 1, group.size()));
                return;
            }
            runGroup(group);
        }
    }

    private void failRest(List<Pending<?>> rest) {
        List<Pending<?>> all = new ArrayList<>(rest);
        queue.drainTo(all);
        for (Pending<?> p : all) {
            p.result().completeExceptionally(new SQLException("the SQLite database is closed"));
        }
    }

    private void runGroup(List<Pending<?>> group) {
        if (group.isEmpty()) {
            return;
        }
        try {
            if (connection.isClosed()) {
                connection = opener.open();
            }
        } catch (SQLException e) {
            group.forEach(p -> p.result().completeExceptionally(e));
            return;
        }
        writes.addAndGet(group.size());
        io.micrometer.core.instrument.DistributionSummary sizes = groupSizes;
        if (sizes != null) {
            sizes.record(group.size());
        }
        if (group.size() == 1) {
            transactions.incrementAndGet();
            group.get(0).runAlone(connection);
            return;
        }
        List<Outcome> outcomes = new ArrayList<>(group.size());
        transactions.incrementAndGet();
        try {
            execute(connection, "BEGIN IMMEDIATE");
            for (Pending<?> p : group) {
                outcomes.add(runInSavepoint(p));
            }
            execute(connection, "COMMIT");
        } catch (Throwable groupFailure) {
            // the group as a whole failed: nothing of it is kept, so each write runs again on its own
            rollbackQuietly(connection, "ROLLBACK", groupFailure);
            for (Pending<?> p : group) {
                transactions.incrementAndGet();
                p.runAlone(connection);
            }
            return;
        }
        outcomes.forEach(Outcome::deliver);
    }

    /**
     * Runs one item of a group inside a savepoint. The item's own failure is its outcome; a failure of the
     * savepoint statements is the group's and is thrown.
     */
    private Outcome runInSavepoint(Pending<?> p) throws SQLException {
        execute(connection, "SAVEPOINT plinth_write");
        Object value;
        try {
            value = p.work().run(connection);
        } catch (Throwable t) {
            execute(connection, "ROLLBACK TO SAVEPOINT plinth_write");
            execute(connection, "RELEASE SAVEPOINT plinth_write");
            return new Outcome(p, null, t);
        }
        execute(connection, "RELEASE SAVEPOINT plinth_write");
        return new Outcome(p, value, null);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollbackQuietly(Connection c, String sql, Throwable cause) {
        try {
            if (!c.isClosed()) {
                execute(c, sql);
            }
        } catch (SQLException rollback) {
            // "cannot rollback - no transaction is active" after SQLite rolled back by itself: nothing to undo
            if (cause != rollback) {
                cause.addSuppressed(rollback);
            }
        }
    }

    /** Runs the writes already waiting, refuses later ones, stops the thread and closes the connection. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failRest(List.of());
        try {
            connection.close();
        } catch (SQLException e) {
            // closing at shutdown: nothing left to do with the error
        }
    }
}
