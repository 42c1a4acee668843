package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one statement of a migration step, reporting how many rows a long one has done
 * (docs/migrations.md, "Long operations"):
 * <ul>
 *   <li>SQLite table rebuild: the copy into {@code new_T} runs in batches of {@value #BATCH_ROWS} rows by
 *       rowid, so the count is real;</li>
 *   <li>PostgreSQL backfill ({@code UPDATE … WHERE c IS NULL} of a column made required): batches of
 *       {@value #BATCH_ROWS} rows by {@code ctid}, inside the migration's transaction;</li>
 *   <li>PostgreSQL index build: {@code pg_stat_progress_create_index} read from a second connection (blocks
 *       scanned, as a share of the table's rows, then {@code tuples_done}/{@code tuples_total} while loading)
 *       (https://www.postgresql.org/docs/current/progress-reporting.html#CREATE-INDEX-PROGRESS-REPORTING);</li>
 *   <li>everything else (a SQLite index build is one statement) runs as one statement; only elapsed time is known.</li>
 * </ul>
 */
final class StepStatements {

    /** Rows per batch of a copy or a backfill. */
    static final int BATCH_ROWS = 10_000;

    private static final Pattern UPDATE = Pattern.compile("^UPDATE (\"(?:[^\"]|\"\")+\") SET (.+) WHERE (\"(?:[^\"]|\"\")+\" IS NULL)$", Pattern.DOTALL);
    private static final Duration POLL = Duration.ofMillis(500);

    /** Hears the rows done by a long statement. */
    @FunctionalInterface
    interface Rows {
        /**
         * @param done  rows done so far
         * @param total rows in all (an estimate for an index build)
         */
        void done(long done, long total);
    }

    private final Dialect dialect;
    private final Optional<MigrationOptions.Monitor> monitor;

    StepStatements(Dialect dialect, Optional<MigrationOptions.Monitor> monitor) {
        this.dialect = dialect;
        this.monitor = monitor;
    }

    /**
     * Runs a statement.
     *
     * @param connection the migration's connection
     * @param step       the step the statement belongs to
     * @param sql        the statement
     * @param rows       hears progress
     * @throws SQLException when the statement fails
     */
    void run(Connection connection, MigrationStep step, String sql, Rows rows) throws SQLException {
        boolean sqlite = dialect.kind() == DatabaseKind.SQLITE;
        if (sqlite && step.action() == MigrationStep.Action.REBUILD_TABLE && step.rows() > BATCH_ROWS && isCopy(step.table(), sql)) {
            copyInBatches(connection, step, sql, rows);
        } else if (!sqlite && step.action() == MigrationStep.Action.ALTER_COLUMN && step.rows() > BATCH_ROWS && UPDATE.matcher(sql).matches()) {
            backfillInBatches(connection, step, sql, rows);
        } else if (!sqlite && monitor.isPresent() && sql.matches("(?s)^CREATE (UNIQUE )?INDEX .*")) {
            buildIndexWatched(connection, sql, step.rows(), rows);
        } else {
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            }
        }
    }

    /** True for the rebuild's {@code INSERT INTO "new_T" (…) SELECT … FROM "T"} ({@link SqliteTableRebuild}). */
    private boolean isCopy(String table, String sql) {
        return sql.startsWith("INSERT INTO " + dialect.quote("new_" + table) + " ") && sql.endsWith(" FROM " + dialect.quote(table));
    }

    private void copyInBatches(Connection connection, MigrationStep step, String sql, Rows rows) throws SQLException {
        String table = dialect.quote(step.table());
        long done = 0;
        long after = Long.MIN_VALUE;
        try (PreparedStatement bound = connection.prepareStatement(
                "SELECT max(rowid) FROM (SELECT rowid FROM " + table + " WHERE rowid > ? ORDER BY rowid LIMIT " + BATCH_ROWS + ")");
             PreparedStatement copy = connection.prepareStatement(sql + " WHERE rowid > ? AND rowid <= ?")) {
            while (true) {
                bound.setLong(1, after);
                long upTo;
                try (ResultSet r = bound.executeQuery()) {
                    r.next();
                    upTo = r.getLong(1);
                    if (r.wasNull()) {
                        break;
                    }
                }
                copy.setLong(1, after);
                copy.setLong(2, upTo);
                done += copy.executeUpdate();
                rows.done(done, Math.max(done, step.rows()));
                after = upTo;
            }
        }
    }

    private void backfillInBatches(Connection connection, MigrationStep step, String sql, Rows rows) throws SQLException {
        Matcher m = UPDATE.matcher(sql);
        if (!m.matches()) {
            throw new IllegalStateException("not a backfill: " + sql);
        }
        String batch = "UPDATE " + m.group(1) + " SET " + m.group(2) + " WHERE ctid IN (SELECT ctid FROM " + m.group(1)
                + " WHERE " + m.group(3) + " LIMIT " + BATCH_ROWS + ")";
        long total;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT count(*) FROM " + m.group(1) + " WHERE " + m.group(3))) {
            r.next();
            total = r.getLong(1);
        }
        long done = 0;
        try (Statement s = connection.createStatement()) {
            int changed;
            while ((changed = s.executeUpdate(batch)) > 0) {
                done += changed;
                rows.done(done, Math.max(done, total));
            }
        }
    }

    private void buildIndexWatched(Connection connection, String sql, long tableRows, Rows rows) throws SQLException {
        int pid;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT pg_backend_pid()")) {
            r.next();
            pid = r.getInt(1);
        }
        try (Connection watcher = monitor.orElseThrow().open()) {
            Thread poller = Thread.ofVirtual().start(() -> poll(watcher, pid, tableRows, rows));
            try (Statement s = connection.createStatement()) {
                s.execute(sql);
            } finally {
                poller.interrupt();
                try {
                    poller.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Reads the build's progress every {@link #POLL} until interrupted; a failing read ends the polling quietly.
     * While the table is scanned PostgreSQL counts blocks, not tuples, so the rows scanned are estimated from the
     * share of blocks done and the rows the table held when planned; once tuples are loaded into the index, their
     * count is reported as it is.
     */
    private static void poll(Connection watcher, int pid, long tableRows, Rows rows) {
        try (PreparedStatement ps = watcher.prepareStatement(
                "SELECT tuples_done, tuples_total, blocks_done, blocks_total FROM pg_stat_progress_create_index WHERE pid = ?")) {
            ps.setInt(1, pid);
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet r = ps.executeQuery()) {
                    if (r.next()) {
                        if (r.getLong(2) > 0) {
                            rows.done(r.getLong(1), r.getLong(2));
                        } else if (r.getLong(4) > 0 && tableRows > 0) {
                            rows.done(tableRows * r.getLong(3) / r.getLong(4), tableRows);
                        }
                    }
                }
                Thread.sleep(POLL);
            }
        } catch (SQLException | InterruptedException e) {
            // progress is a courtesy: the build itself decides the step's outcome
        }
    }
}
