package dev.plinth.api.store;

import dev.plinth.sql.DatabaseKind;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Database} that counts the SQL statements the API executes through it, for tests and
 * diagnostics that assert how many round trips a request costs (an include on a 50-row page is two
 * statements, not 51).
 *
 * <p>Every {@code execute}, {@code executeQuery}, {@code executeUpdate} and {@code executeLargeUpdate}
 * of a statement made from the connections handed to work is one. The transaction control of the
 * underlying database ({@code BEGIN IMMEDIATE}, {@code COMMIT}) runs outside the work and is not
 * counted. The wrapping costs a dynamic proxy per connection and statement, so {@code plinth serve}
 * does not use it.
 *
 * <p>The statements with which Plinth reads a page's plan on SQLite (they begin with
 * {@link PlanningStatements#MARK}; docs/query.md, "How pages are read") are counted apart,
 * in {@link #planningStatements()}: they run once a minute per statement shape and values, not per request.
 *
 * <p>Once {@link #record(boolean)} is on, it also keeps the text and bound values of every prepared query
 * executed ({@code executeQuery}), for tests that read the plans of the statements a request ran.
 */
public final class CountingDatabase implements Database {

    private final Database delegate;
    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong planning = new AtomicLong();
    private volatile boolean recording;
    private final List<dev.plinth.query.RenderedSql> recorded = new ArrayList<>();

    /**
     * @param delegate the database that does the work
     */
    public CountingDatabase(Database delegate) {
        this.delegate = delegate;
    }

    /** Returns the number of statements executed since the start or the last {@link #reset()}. */
    public long statements() {
        return statements.get();
    }

    /**
     * Starts or stops keeping the queries executed through prepared statements.
     *
     * @param on true to keep them
     */
    public void record(boolean on) {
        recording = on;
    }

    /** Returns the queries kept since the last call, in the order they ran, and forgets them. */
    public List<dev.plinth.query.RenderedSql> takeRecorded() {
        synchronized (recorded) {
            List<dev.plinth.query.RenderedSql> out = List.copyOf(recorded);
            recorded.clear();
            return out;
        }
    }

    /** Returns the number of plan-reading statements executed since the start or the last {@link #reset()}. */
    public long planningStatements() {
        return planning.get();
    }

    /** Sets the counts back to zero. */
    public void reset() {
        statements.set(0);
        planning.set(0);
    }

    @Override
    public DatabaseKind kind() {
        return delegate.kind();
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public <T> T read(SqlWork<T> work) throws SQLException {
        return delegate.read(c -> work.run(counting(c)));
    }

    @Override
    public <T> T readExport(SqlWork<T> work) throws SQLException {
        return delegate.readExport(c -> work.run(counting(c)));
    }

    @Override
    public <T> T write(SqlWork<T> work) throws SQLException {
        return delegate.write(c -> work.run(counting(c)));
    }

    @Override
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        delegate.bindMetrics(registry);
    }

    @Override
    public void close() {
        delegate.close();
    }

    private Connection counting(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(c, method, args);
                    if (result instanceof PreparedStatement ps) {
                        if (!(method.getName().equals("prepareStatement") && args[0] instanceof String sql)) {
                            return wrap(ps, PreparedStatement.class, statements);
                        }
                        return recorded(wrap(ps, PreparedStatement.class,
                                PlanningStatements.marked(sql) ? planning : statements), sql);
                    }
                    if (result instanceof Statement s) {
                        return wrap(s, Statement.class, statements);
                    }
                    return result;
                });
    }

    private <S extends Statement> S wrap(S statement, Class<S> type, AtomicLong counter) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().startsWith("execute") && !method.getName().equals("executeBatch")) {
                counter.incrementAndGet();
            }
            return invoke(statement, method, args);
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, handler));
    }

    /** Keeps the statement's binds (set by index) and, when recording, its text and binds at each executeQuery. */
    private PreparedStatement recorded(PreparedStatement ps, String sql) {
        Map<Integer, Object> binds = new TreeMap<>();
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (recording && name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i
                            && !name.equals("setFetchSize") && !name.equals("setMaxRows") && !name.equals("setQueryTimeout")) {
                        binds.put(i, name.equals("setNull") ? null : args[1]);
                    }
                    if (recording && name.equals("executeQuery") && (args == null || args.length == 0)) {
                        synchronized (recorded) {
                            recorded.add(new dev.plinth.query.RenderedSql(sql, new ArrayList<>(binds.values())));
                        }
                    }
                    return invoke(ps, method, args);
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
