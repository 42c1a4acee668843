package dev.plinth.api.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work done on one connection.
 *
 * @param <T> what the work produces
 */
@FunctionalInterface
public interface SqlWork<T> {
    /**
     * Runs the work.
     *
     * @param connection the connection (inside a transaction for writes)
     * @return the result
     * @throws SQLException when the database fails
     */
    T run(Connection connection) throws SQLException;
}
