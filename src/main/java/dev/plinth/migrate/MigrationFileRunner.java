package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Runs migration files: each file's statements ({@link MigrationScript}) in one transaction, which both
 * databases allow for DDL. On SQLite the transaction is {@code BEGIN IMMEDIATE}, which takes the database's
 * write lock before anything is read, so two deploys never apply the same file
 * (https://www.sqlite.org/lang_transaction.html); foreign keys are switched off around it, as for Plinth's table
 * rebuild (the pragma is a no-op inside a transaction, https://www.sqlite.org/lang_altertable.html#otheralter),
 * and {@code PRAGMA foreign_key_check} must find nothing before the commit. On PostgreSQL the transaction is
 * the connection's.
 */
final class MigrationFileRunner {

    /** Work done inside a file's transaction. */
    @FunctionalInterface
    interface Work {
        /**
         * Does the work.
         *
         * @throws SQLException                 when the database fails
         * @throws MigrationFileFailedException when a statement of a file fails
         */
        void run() throws SQLException, MigrationFileFailedException;
    }

    private final Dialect dialect;

    MigrationFileRunner(Dialect dialect) {
        this.dialect = dialect;
    }

    /**
     * Runs work in one transaction, committed when it returns and rolled back when it throws.
     *
     * @param connection an open connection in auto-commit mode
     * @param work       the work
     * @throws SQLException                 when the database fails (rolled back)
     * @throws MigrationFileFailedException when a statement of a file fails (rolled back)
     */
    void inTransaction(Connection connection, Work work) throws SQLException, MigrationFileFailedException {
        if (dialect.kind() == DatabaseKind.SQLITE) {
            boolean foreignKeys = flag(connection, "PRAGMA foreign_keys");
            long busy = number(connection, "PRAGMA busy_timeout");
            execute(connection, "PRAGMA foreign_keys = OFF");
            execute(connection, "PRAGMA busy_timeout = " + Migrator.SQLITE_LOCK_WAIT.toMillis());
            boolean committed = false;
            try {
                execute(connection, "BEGIN IMMEDIATE");
                work.run();
                try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
                    if (r.next()) {
                        throw new SQLException("rows of \"" + r.getString(1) + "\" reference missing rows of \"" + r.getString(3)
                                + "\" (foreign key check after the file)");
                    }
                }
                execute(connection, "COMMIT");
                committed = true;
            } finally {
                if (!committed) {
                    try {
                        execute(connection, "ROLLBACK");
                    } catch (SQLException ignored) {
                        // no transaction was begun (the lock was never taken); the original failure matters
                    }
                }
                execute(connection, "PRAGMA busy_timeout = " + busy);
                if (foreignKeys) {
                    execute(connection, "PRAGMA foreign_keys = ON");
                }
            }
            return;
        }
        connection.setAutoCommit(false);
        try {
            work.run();
            connection.commit();
        } catch (SQLException | MigrationFileFailedException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the original failure is what the user needs to see
            }
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Runs every statement of a file, in order, inside the caller's transaction.
     *
     * @param connection an open connection in a transaction
     * @param migration  the migration folder's name (for the error)
     * @param file       the file's name (for the error)
     * @param script     the file's text
     * @throws MigrationFileFailedException naming the statement, when one fails
     */
    void run(Connection connection, String migration, String file, String script) throws MigrationFileFailedException {
        List<String> statements = MigrationScript.statements(script);
        for (int i = 0; i < statements.size(); i++) {
            try (Statement s = connection.createStatement()) {
                s.execute(statements.get(i));
            } catch (SQLException e) {
                throw new MigrationFileFailedException(migration, file, i + 1, statements.get(i), e);
            }
        }
    }

    /**
     * Takes the migration lock that {@link Migrator#migrate} takes, for the whole of a deploy or down, on PostgreSQL
     * (a session advisory lock, https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS); on
     * SQLite each file's {@code BEGIN IMMEDIATE} is the lock, so nothing is taken here.
     *
     * @param connection an open connection
     * @throws SQLException when the lock cannot be taken
     */
    void lock(Connection connection) throws SQLException {
        if (dialect.kind() == DatabaseKind.POSTGRESQL) {
            execute(connection, "SELECT pg_advisory_lock(" + Migrator.ADVISORY_LOCK + ")");
        }
    }

    /**
     * Releases the lock {@link #lock} took.
     *
     * @param connection the connection that took it
     * @throws SQLException when the lock cannot be released
     */
    void unlock(Connection connection) throws SQLException {
        if (dialect.kind() == DatabaseKind.POSTGRESQL) {
            execute(connection, "SELECT pg_advisory_unlock(" + Migrator.ADVISORY_LOCK + ")");
        }
    }

    private static boolean flag(Connection connection, String pragma) throws SQLException {
        return number(connection, pragma) == 1;
    }

    private static long number(Connection connection, String pragma) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(pragma)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }
}
