package dev.plinth.api;

import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/**
 * The database a {@link ChildServer} serves in the process tests (SIGKILL, SIGTERM): a SQLite file or a
 * fresh PostgreSQL database, read back over JDBC after the child is gone.
 */
abstract class ChildDatabase implements AutoCloseable {

    /** Returns the database as {@code --database-url} takes it. */
    abstract String url();

    /** Opens a JDBC connection to it. */
    abstract Connection connect() throws SQLException;

    /** Drops what was created, if anything. */
    @Override
    public void close() {
    }

    /**
     * Returns the rows of the test schema's {@code Entry} table.
     *
     * @return each row as {@code writer:seq}
     */
    Set<String> entries() throws SQLException {
        Set<String> stored = new HashSet<>();
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT writer, seq FROM \"Entry\"")) {
            while (rs.next()) {
                stored.add(rs.getInt(1) + ":" + rs.getInt(2));
            }
        }
        return stored;
    }

    /** A SQLite file. */
    static ChildDatabase sqlite(Path file) {
        return new ChildDatabase() {
            @Override
            String url() {
                return "file:" + file;
            }

            @Override
            Connection connect() throws SQLException {
                return DriverManager.getConnection("jdbc:sqlite:" + file);
            }
        };
    }

    /** A fresh PostgreSQL database, dropped by {@link #close()}. */
    static ChildDatabase postgres() {
        PostgresTestDatabase pg = PostgresTestDatabase.create();
        return new ChildDatabase() {
            @Override
            String url() {
                return pg.url();
            }

            @Override
            Connection connect() throws SQLException {
                return pg.connect();
            }

            @Override
            public void close() {
                pg.close();
            }
        };
    }
}
