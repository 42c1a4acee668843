package dev.plinth.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test class, dropped on {@link #close()}.
 *
 * <p>Connects to {@code PLINTH_TEST_PG_URL} (default {@code postgresql://postgres@127.0.0.1:5432/test}).
 * When PostgreSQL does not answer, creation fails with an {@link IllegalStateException}: the tests
 * that need it fail rather than skip, so CI never passes without having run them.
 */
public final class PostgresTestDatabase implements AutoCloseable {

    private final java.util.concurrent.atomic.AtomicInteger schemas = new java.util.concurrent.atomic.AtomicInteger();

    private static final String DEFAULT_ADMIN = "postgresql://postgres@127.0.0.1:5432/test";

    private final String adminJdbcUrl;
    private final String name;

    private PostgresTestDatabase(String adminJdbcUrl, String name) {
        this.adminJdbcUrl = adminJdbcUrl;
        this.name = name;
    }

    /**
     * Creates a new, empty database with a unique name.
     *
     * @return the database; close it to drop it
     * @throws IllegalStateException when PostgreSQL cannot be reached or the database cannot be created
     */
    public static PostgresTestDatabase create() {
        String admin = toJdbc(System.getenv().getOrDefault("PLINTH_TEST_PG_URL", DEFAULT_ADMIN));
        String name = "plinth_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is needed by this test and did not answer at " + admin
                    + " (start it, or set PLINTH_TEST_PG_URL): " + e.getMessage(), e);
        }
        return new PostgresTestDatabase(admin, name);
    }

    /** Returns a {@code postgresql://} URL of this database, in the form a user gives to {@code --database-url}. */
    public String url() {
        String admin = System.getenv().getOrDefault("PLINTH_TEST_PG_URL", DEFAULT_ADMIN);
        int slash = admin.indexOf('/', admin.indexOf("//") + 2);
        int query = admin.indexOf('?');
        return admin.substring(0, slash + 1) + name + (query >= 0 ? admin.substring(query) : "");
    }

    /** Returns a JDBC URL of this database. */
    public String jdbcUrl() {
        return toJdbc(url());
    }

    /** Returns the database name. */
    public String name() {
        return name;
    }

    /**
     * Opens a connection to this database.
     *
     * @return a new connection, which the caller closes
     * @throws SQLException when connecting fails
     */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl());
    }

    /**
     * Opens a connection to a new, empty schema of this database ({@code PREFIX_N}, N counting up per database),
     * its search path set to it: a fresh database for one test, where a database per test would be slow.
     *
     * @param prefix the schema name's prefix, letters and underscores
     * @return a new connection, which the caller closes
     * @throws SQLException when connecting or creating the schema fails
     */
    public Connection connectToFreshSchema(String prefix) throws SQLException {
        Connection c = connect();
        String schema = prefix + "_" + schemas.incrementAndGet();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("SET search_path TO " + schema);
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public void close() {
        try (Connection c = DriverManager.getConnection(adminJdbcUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Turns {@code postgresql://user@host:port/db?x=y} into {@code jdbc:postgresql://host:port/db?user=user&x=y}. */
    static String toJdbc(String url) {
        if (url.startsWith("jdbc:")) {
            return url;
        }
        String rest = url.substring(url.indexOf("://") + 3);
        String user = null;
        String password = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            String credentials = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = credentials.indexOf(':');
            user = colon >= 0 ? credentials.substring(0, colon) : credentials;
            password = colon >= 0 ? credentials.substring(colon + 1) : null;
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(rest);
        String sep = rest.contains("?") ? "&" : "?";
        if (user != null) {
            jdbc.append(sep).append("user=").append(user);
            sep = "&";
        }
        if (password != null) {
            jdbc.append(sep).append("password=").append(password);
        }
        return jdbc.toString();
    }
}
