package dev.plinth.api.store;

import dev.plinth.sql.DatabaseKind;

import java.sql.SQLException;

/**
 * The served database: connections for reads, and transactions for writes.
 *
 * <p>An exception thrown by write work rolls the transaction back and propagates unchanged, so bad
 * input never changes stored data.
 */
public sealed interface Database extends AutoCloseable permits SqliteDatabase, PostgresDatabase {

    /** Returns the engine. */
    DatabaseKind kind();

    /** Returns a description for the startup banner (never a password). */
    String describe();

    /**
     * Runs read-only work on a pooled connection in auto-commit mode.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the result
     * @throws SQLException when the database fails
     */
    <T> T read(SqlWork<T> work) throws SQLException;

    /**
     * Runs work in one write transaction: committed when the work returns, rolled back when it throws.
     *
     * @param work the work
     * @param <T>  its result type
     * @return the result
     * @throws SQLException when the database fails
     */
    <T> T write(SqlWork<T> work) throws SQLException;

    @Override
    void close();
}
