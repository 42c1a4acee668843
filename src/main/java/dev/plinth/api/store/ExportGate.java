package dev.plinth.api.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many exports read at once: at most half of a pool's connections (at least one), so short
 * reads still find a connection while exports render. An export waits for its turn at most as long as any
 * read waits for a connection, and then fails the way a pool timeout does, with a
 * {@link SQLTransientConnectionException} (HikariCP's exception for {@code connectionTimeout}), which the
 * API answers 503.
 *
 * <p>An admitted export runs on a platform thread of its own. Requests run on virtual threads, which the
 * JDK never preempts: an export rendering for a second (sqlite-jdbc's native calls even pin their carrier)
 * would hold one of the few carrier threads (one per core) that every other request needs, so a single-row
 * GET measured seconds behind 32 exports on two cores. The operating system time-slices platform threads.
 */
final class ExportGate {

    /** Work that runs during an export's turn. */
    @FunctionalInterface
    interface Turn<T> {
        /**
         * Runs the export.
         *
         * @return its result
         * @throws SQLException when the database fails
         */
        T run() throws SQLException;
    }

    private final ExecutorService renderers =
            Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("plinth-export-", 0).daemon().factory());
    private final Semaphore turns;
    private final int size;
    private final Duration wait;

    /**
     * @param poolSize the pool's connections; half of them (at least one) may serve exports at once
     * @param wait     the longest wait for a turn
     */
    ExportGate(int poolSize, Duration wait) {
        this.size = Math.max(1, poolSize / 2);
        this.turns = new Semaphore(size, true);
        this.wait = wait;
    }

    /**
     * Runs an export in its turn.
     *
     * @param turn the export
     * @param <T>  its result
     * @return its result
     * @throws SQLTransientConnectionException when no turn came within the wait
     * @throws SQLException                    when the export fails
     */
    <T> T admit(Turn<T> turn) throws SQLException {
        try {
            if (!turns.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException("all " + size + " export turns stayed taken for "
                        + wait.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("interrupted while waiting for an export turn", e);
        }
        try {
            Future<T> export = renderers.submit(turn::run);
            try {
                return export.get();
            } catch (InterruptedException e) {
                export.cancel(true);
                Thread.currentThread().interrupt();
                throw new SQLTransientConnectionException("interrupted during an export", e);
            } catch (ExecutionException e) {
                switch (e.getCause()) {
                    case SQLException sql -> throw sql;
                    case RuntimeException runtime -> throw runtime;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            turns.release();
        }
    }
}
