package dev.plinth.cli;

import dev.plinth.sql.DatabaseTarget;

import java.net.BindException;
import java.sql.SQLException;

/**
 * Says in one line why a command could not use its database or its port, and what to do about it.
 * Causes are found anywhere in the chain: HikariCP wraps the driver's {@link SQLException} and Javalin
 * wraps the socket's {@link BindException}.
 */
final class StartFailure {

    private StartFailure() {
    }

    /**
     * Describes a failure to reach or use the database.
     *
     * @param e      what was thrown
     * @param target the database the command was using
     * @return e.g. {@code cannot connect to PostgreSQL at postgresql://…: Connection refused …; check that
     *         the server runs and that --database-url (or the datasource url / DATABASE_URL) is right}
     */
    static String database(Throwable e, DatabaseTarget target) {
        SQLException sql = find(e, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String reason = (sql != null ? sql : e).getMessage();
        // SQLSTATE class 08 is "connection exception"; 3D000 "invalid catalog name" and 28xxx
        // "invalid authorization" (PostgreSQL, Appendix A. Error Codes) are also the URL's fault.
        if (state.startsWith("08") || state.equals("3D000") || state.startsWith("28")) {
            // The driver's own advice ("Check that the hostname and port are correct …") is replaced by ours.
            String first = oneLine(reason).split("\\. ", 2)[0].replaceFirst("\\.$", "");
            return "cannot connect to the database " + target.description() + ": " + first
                    + "; check that the database server runs and that --database-url (or the datasource url, or DATABASE_URL) is right";
        }
        return "cannot use the database " + target.description() + ": " + oneLine(reason);
    }

    /**
     * Describes a failure to start serving.
     *
     * @param e      what was thrown while migrating or starting the HTTP server
     * @param target the database being served
     * @param host   the interface asked for
     * @param port   the port asked for
     * @return one line naming the port or the database, what is wrong and what to do
     */
    static String serving(Throwable e, DatabaseTarget target, String host, int port) {
        if (find(e, BindException.class) != null || String.valueOf(e.getMessage()).contains("Port already in use")) {
            return "port " + port + " on " + host + " is already in use; stop the process using it, or pass --port N (--port 0 picks a free one)";
        }
        return database(e, target);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    private static String oneLine(String text) {
        return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
