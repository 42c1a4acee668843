package dev.plinth.api.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps the prepared statements of each SQLite connection open for reuse, so a statement text seen
 * before is not compiled again ({@code sqlite3_prepare_v2}): sqlite-jdbc has no statement cache of its
 * own (xerial/sqlite-jdbc#614) and HikariCP leaves statement caching to drivers. JFR put compiling at
 * about 7 % of a single-row GET's CPU (docs/benchmarks.md, "Findings", 12).
 *
 * <p>{@link #wrap} returns a view of a connection whose {@code prepareStatement(String)} hands out a cached
 * statement of that physical connection when one with the same text is free, and prepares and keeps a
 * new one otherwise; {@code close()} on such a statement clears its parameters and returns it to the cache
 * instead of closing it, after closing the result set it left open: an open SQLite result set keeps its
 * read snapshot, so a kept statement that was not reset would make later reads on the connection stale
 * (tested). A statement already in use (the same text twice inside one piece of work) is prepared once
 * more and kept beside the first. At most {@value #PER_CONNECTION} statements are kept per connection, the
 * least recently used closed first. Every other method goes to the connection unchanged. SQLite recompiles a
 * kept statement by itself when the schema changed under it (https://www.sqlite.org/c3ref/prepare.html,
 * {@code sqlite3_prepare_v2}).
 *
 * <p>Statements are prepared on the physical connection, not on the pool's proxy, because HikariCP
 * closes the statements of a proxy when the connection goes back to the pool. A physical connection is
 * used by one borrower at a time, so a cache needs no locking beyond its own monitor.
 */
final class SqliteStatementCache {

    /** The most statement texts kept per connection. */
    static final int PER_CONNECTION = 128;

    private final Map<Connection, PerConnection> caches = new ConcurrentHashMap<>();
    private final AtomicLong prepared = new AtomicLong();
    private final AtomicLong reused = new AtomicLong();

    /**
     * Returns a view of {@code c} whose {@code prepareStatement(String)} reuses statements.
     *
     * @param c a connection of a SQLite database (a pool's proxy or the driver's own)
     * @return the view; closing it closes {@code c}
     * @throws SQLException when the driver's connection cannot be reached
     */
    Connection wrap(Connection c) throws SQLException {
        Connection physical = c.isWrapperFor(org.sqlite.SQLiteConnection.class) ? c.unwrap(org.sqlite.SQLiteConnection.class) : c;
        PerConnection cache = caches.computeIfAbsent(physical, PerConnection::new);
        if (caches.size() > 4 * PER_CONNECTION) {
            forgetClosed();
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
                        return cache.borrow((String) args[0]);
                    }
                    return invoke(c, method, args);
                });
    }

    /** Returns how many statements were compiled so far (for tests). */
    long prepared() {
        return prepared.get();
    }

    /** Returns how many times a kept statement was handed out again (for tests). */
    long reused() {
        return reused.get();
    }

    private void forgetClosed() {
        for (Iterator<Map.Entry<Connection, PerConnection>> it = caches.entrySet().iterator(); it.hasNext(); ) {
            try {
                if (it.next().getKey().isClosed()) {
                    it.remove();
                }
            } catch (SQLException e) {
                it.remove();
            }
        }
    }

    /** The kept statements of one physical connection, by text, least recently used first. */
    private final class PerConnection {
        private final Connection physical;
        private final LinkedHashMap<String, ArrayDeque<PreparedStatement>> free = new LinkedHashMap<>(16, 0.75f, true);
        private int kept;

        PerConnection(Connection physical) {
            this.physical = physical;
        }

        synchronized PreparedStatement borrow(String sql) throws SQLException {
            ArrayDeque<PreparedStatement> idle = free.get(sql);
            PreparedStatement statement = idle == null ? null : idle.poll();
            if (statement != null) {
                reused.incrementAndGet();
            } else {
                statement = physical.prepareStatement(sql);
                prepared.incrementAndGet();
                if (kept >= PER_CONNECTION) {
                    evictOldest();
                }
                kept++;
            }
            return lend(sql, statement);
        }

        private synchronized void giveBack(String sql, PreparedStatement statement, java.sql.ResultSet open) throws SQLException {
            if (statement.isClosed()) {
                kept--;
                return;
            }
            if (open != null && !open.isClosed()) {
                open.close(); // resets the statement, releasing its read snapshot
            }
            statement.clearParameters();
            free.computeIfAbsent(sql, k -> new ArrayDeque<>(1)).push(statement);
        }

        private void evictOldest() throws SQLException {
            Iterator<Map.Entry<String, ArrayDeque<PreparedStatement>>> it = free.entrySet().iterator();
            while (it.hasNext() && kept >= PER_CONNECTION) {
                ArrayDeque<PreparedStatement> idle = it.next().getValue();
                while (!idle.isEmpty() && kept >= PER_CONNECTION) {
                    idle.poll().close();
                    kept--;
                }
                if (idle.isEmpty()) {
                    it.remove();
                }
            }
        }

        /** The borrower's handle: {@code close()} gives the statement back; everything else goes to it. */
        private PreparedStatement lend(String sql, PreparedStatement statement) {
            boolean[] returned = {false};
            java.sql.ResultSet[] last = {null};
            InvocationHandler handler = (proxy, method, args) -> {
                switch (method.getName()) {
                    case "close" -> {
                        if (!returned[0]) {
                            returned[0] = true;
                            giveBack(sql, statement, last[0]);
                        }
                        return null;
                    }
                    case "isClosed" -> {
                        return returned[0] || statement.isClosed();
                    }
                    default -> {
                        if (returned[0]) {
                            throw new SQLException("statement is closed");
                        }
                        Object result = invoke(statement, method, args);
                        if (result instanceof java.sql.ResultSet rs) {
                            last[0] = rs;
                        }
                        return result;
                    }
                }
            };
            return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                    new Class<?>[]{PreparedStatement.class}, handler);
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
