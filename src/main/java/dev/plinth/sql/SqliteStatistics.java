package dev.plinth.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Keeps SQLite's planner statistics ({@code sqlite_stat1}) current, as SQLite recommends for long-lived
 * connections: {@code PRAGMA optimize=0x10002} once the schema is migrated (every table is considered, the
 * analysis limited so that it stays quick on large tables), then {@code PRAGMA optimize} every
 * {@link #PERIOD}, which analyzes only the tables whose size changed much since their last analysis.
 *
 * <p>Source: SQLite, "PRAGMA optimize" (https://www.sqlite.org/pragma.html#pragma_optimize). PostgreSQL keeps
 * its own statistics (autovacuum's ANALYZE), so nothing runs there.
 */
public final class SqliteStatistics {

    /** Run once the schema is migrated (by {@code plinth migrate} and when {@code plinth serve} starts). */
    public static final String AFTER_MIGRATION = "PRAGMA optimize=0x10002";
    /** Run every {@link #PERIOD} while serving. */
    public static final String PERIODIC = "PRAGMA optimize";
    /** How often {@link #PERIODIC} runs: SQLite suggests once an hour or once a day. */
    public static final Duration PERIOD = Duration.ofHours(1);

    private SqliteStatistics() {
    }

    /**
     * Runs one of the statements above on {@code c}.
     *
     * @param c         a connection that may write (outside a transaction, or inside one that will commit)
     * @param statement {@link #AFTER_MIGRATION} or {@link #PERIODIC}
     * @throws SQLException when SQLite fails (e.g. a read-only database file)
     */
    public static void refresh(Connection c, String statement) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
