package dev.plinth.migrate;

import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.PostgresDialect;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reconciles a live database with a schema: {@link #plan} introspects the database and diffs it
 * against the schema's projection; {@link #apply} runs the plan in one transaction (both SQLite and
 * PostgreSQL have transactional DDL), so either every step is applied and recorded in the history,
 * or nothing is changed.
 *
 * <p>Used by {@code plinth migrate} and by {@code plinth serve} at start:
 * <pre>{@code
 * DatabaseTarget target = DatabaseTarget.resolve(schema, schemaFile, override, System.getenv());
 * try (Connection c = target.connect()) {
 *     Migrator migrator = new Migrator(target.dialect());
 *     MigrationPlan plan = migrator.plan(schema, c);
 *     migrator.apply(plan, c, force, MigrationListener.NONE);   // MigrationRefusedException if destructive
 * }
 * }</pre>
 */
public final class Migrator {

    private final Dialect dialect;
    private final MigrationHistory history;
    private final MigrationOptions options;
    private final StepStatements statements;

    /**
     * Creates a migrator for one database, with no renames asked for beyond the schema's markers.
     *
     * @param dialect the database's dialect
     */
    public Migrator(Dialect dialect) {
        this(dialect, MigrationOptions.DEFAULT);
    }

    /**
     * Creates a migrator for one database.
     *
     * @param dialect the database's dialect
     * @param options renames asked for ({@code --rename}) and how indexes are built ({@code --concurrent-indexes})
     */
    public Migrator(Dialect dialect, MigrationOptions options) {
        this.dialect = dialect;
        this.history = new MigrationHistory(dialect);
        this.options = options;
        this.statements = new StepStatements(dialect, options.monitor());
    }

    /**
     * Plans the migration of a database to a schema. Reads only; changes nothing.
     *
     * @param schema     the resolved schema
     * @param connection an open connection to the database
     * @return the plan; empty when the database already matches
     * @throws SQLException when the database cannot be read
     * @throws IllegalArgumentException when the schema cannot be projected (e.g. an implicit
     *                                  many-to-many relation on a model without a single-field id), or
     *                                  the PostgreSQL server lacks an extension the schema needs (named)
     */
    public MigrationPlan plan(Schema schema, Connection connection) throws SQLException {
        return plan(schema, connection, DestructiveChanges.REFUSE);
    }

    /**
     * Plans the migration of a database to a schema, holding destructive changes when asked (docs/migrations.md,
     * "Held destructive changes and orphaned tables"). Reads only; changes nothing. What {@code plinth migrate
     * status} and {@code --dry-run} call to list what a held start keeps.
     *
     * @param schema      the resolved schema
     * @param connection  an open connection to the database
     * @param destructive {@link DestructiveChanges#HOLD} to plan without the drops of columns the schema no
     *                    longer has and of orphaned tables, listing them in {@link MigrationPlan#held()}; any
     *                    other value plans every step, as {@link #plan(Schema, Connection)}
     * @return the plan; its destructive steps are those that cannot be held
     * @throws SQLException when the database cannot be read
     * @throws IllegalArgumentException as {@link #plan(Schema, Connection)}
     */
    public MigrationPlan plan(Schema schema, Connection connection, DestructiveChanges destructive) throws SQLException {
        List<HeldChange> held = new ArrayList<>();
        MigrationPlan plan = plan(schema, connection, destructive == DestructiveChanges.HOLD, held);
        return held.isEmpty() ? plan : plan.holding(held);
    }

    /** Plans; when {@code hold}, what is held is added to {@code held} and left out of the plan ({@link HeldChanges}). */
    private MigrationPlan plan(Schema schema, Connection connection, boolean hold, List<HeldChange> held) throws SQLException {
        Snapshot wanted = new SchemaProjection(dialect).project(schema);
        FullTextIndexSteps fullText = new FullTextIndexSteps(dialect);
        Snapshot live = fullText.withoutFullText(Introspector.of(dialect.kind()).introspect(connection), connection);
        TableData data = new TableData(connection, dialect);
        // Renames asked for (--rename, @plinth.renamedFrom) and tables and columns under another naming's spelling
        // are renamed first, keeping their rows; the rest of the plan is made against the database as it will be
        // after the renames.
        Renames requested = RequestedRenames.find(schema, options.renames().withMarkers(schema), live, wanted);
        Renames renames = requested.and(NamingRenames.find(schema, requested.apply(live), wanted));
        List<MigrationStep> renameSteps = renames.steps(dialect, data);
        Snapshot current = renames.apply(live);
        data.renamedBy(renames);
        Set<String> managed = history.managedTables(connection);
        Snapshot target = wanted;
        if (hold) {
            HeldChanges holding = HeldChanges.find(current, wanted, managed, data);
            held.addAll(holding.changes());
            target = holding.target();
        }
        MigrationPlan planned = new MigrationPlanner(dialect, data).plan(current, target, managed, checksum(wanted));
        // Values the new column types cannot hold exactly: checked before any change (refused, or failing when forced).
        List<MigrationStep> checks = new ArrayList<>(new ValueConversionChecks(dialect, connection, data).steps(schema, current, wanted));
        // Rows that a new or changed @@check would refuse: the same, before any change.
        checks.addAll(new CheckViolations(dialect, connection, data).steps(schema, current, wanted));
        // Stored documents of composite types: those a type change breaks are checked with the columns; missing
        // @default values are filled in once every change is made (docs/schema.md, "Composite types").
        CompositeDocumentSteps.Steps documents = new CompositeDocumentSteps(dialect, connection, data).steps(schema, current);
        checks.addAll(documents.checks());
        if (!documents.fills().isEmpty()) {
            List<MigrationStep> steps = new ArrayList<>(planned.steps());
            steps.addAll(documents.fills());
            planned = new MigrationPlan(planned.database(), steps, planned.unknownTables(), planned.schemaTables(), planned.checksum());
        }
        // Drops and adds that look like renames nobody asked for, for --dry-run and the refusal message.
        List<RenameHint> hints = RenameHints.find(schema, current, wanted, planned.steps());
        MigrationPlan plan;
        if (renameSteps.isEmpty()) {
            plan = fullText.addTo(planned, schema, connection, renames);
            if (!checks.isEmpty()) {
                List<MigrationStep> steps = new ArrayList<>(checks);
                steps.addAll(plan.steps());
                plan = new MigrationPlan(plan.database(), steps, plan.unknownTables(), plan.schemaTables(), plan.checksum());
            }
        } else {
            // The renames run first, once the full-text structures naming the old tables are dropped (an FTS5
            // table's content= and its triggers would otherwise name a table that is gone); they are re-created
            // for the new names at the end.
            List<MigrationStep> steps = new ArrayList<>(renameSteps);
            steps.addAll(checks);
            steps.addAll(planned.steps());
            plan = fullText.addTo(new MigrationPlan(planned.database(), steps, planned.unknownTables(), planned.schemaTables(),
                    planned.checksum()), schema, connection, renames);
        }
        plan = new ConcurrentIndexes(dialect, options.concurrentIndexes()).apply(plan, connection);
        plan = plan.withRenameHints(hints);
        if (dialect.kind() != DatabaseKind.POSTGRESQL) {
            return plan;
        }
        List<MigrationStep> steps = new ArrayList<>();
        // Like Prisma, create the PostgreSQL schema the URL names (?schema=…) when it does not exist yet.
        if (!plan.isEmpty()) {
            missingPostgresSchema(connection).ifPresent(name -> steps.add(new MigrationStep(
                    MigrationStep.Action.CREATE_SCHEMA, name, Safety.ADDITIVE, "create schema " + dialect.quote(name),
                    Optional.empty(), List.of("CREATE SCHEMA IF NOT EXISTS " + dialect.quote(name)), 0)));
        }
        steps.addAll(new PostgresExtensions(dialect).missing(schema, connection));
        if (steps.isEmpty()) {
            return plan;
        }
        steps.addAll(plan.steps());
        return new MigrationPlan(plan.database(), steps, plan.unknownTables(), plan.schemaTables(), plan.checksum(), plan.held(), hints);
    }

    /** Returns the first schema of the search path when it does not exist ({@code current_schema()} is then NULL). */
    static Optional<String> missingPostgresSchema(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT current_schema()")) {
            if (r.next() && r.getString(1) != null) {
                return Optional.empty();
            }
        }
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SHOW search_path")) {
            if (!r.next()) {
                return Optional.empty();
            }
            for (String entry : r.getString(1).split(",")) {
                String name = entry.trim();
                if (name.startsWith("\"") && name.endsWith("\"") && name.length() >= 2) {
                    name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
                }
                if (!name.isEmpty() && !name.equals("$user")) {
                    return Optional.of(name);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Plans and applies in one go under the database's migration lock, as {@code plinth serve} and
     * {@code plinth migrate} do: the database is introspected only after the lock is taken, so several
     * Plinth instances starting together against one database migrate one after the other and the later
     * ones find nothing to do. On PostgreSQL the lock is a session advisory lock held from planning to
     * commit (https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS); on SQLite
     * it is the write lock of a {@code BEGIN IMMEDIATE} transaction in which the plan is made and applied
     * (https://www.sqlite.org/lang_transaction.html), waited for up to {@link #SQLITE_LOCK_WAIT}.
     *
     * @param schema     the resolved schema
     * @param connection an open connection, in auto-commit mode
     * @param force      true to apply destructive steps
     * @param listener   hears each step
     * @return what was applied (nothing when the database already matched)
     * @throws MigrationRefusedException when destructive steps are needed and {@code force} is false
     * @throws MigrationFailedException  when a statement fails (nothing is changed)
     * @throws SQLException              when the database cannot be read or the lock cannot be taken
     */
    public MigrationResult migrate(Schema schema, Connection connection, boolean force, MigrationListener listener)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        return migrate(schema, connection, force ? DestructiveChanges.FORCE : DestructiveChanges.REFUSE, listener);
    }

    /**
     * Plans and applies under the migration lock as {@link #migrate(Schema, Connection, boolean, MigrationListener)},
     * holding destructive changes when asked ({@code plinth serve --hold-destructive}; docs/migrations.md, "Held
     * destructive changes and orphaned tables").
     *
     * @param schema      the resolved schema
     * @param connection  an open connection, in auto-commit mode
     * @param destructive refuse, hold or apply destructive steps
     * @param listener    hears each step
     * @return what was applied; its plan lists what was held ({@link MigrationPlan#held()})
     * @throws MigrationRefusedException when destructive steps remain that are neither forced nor held (with
     *                                   {@link DestructiveChanges#HOLD}: those that cannot be held)
     * @throws MigrationFailedException  when a statement fails (nothing is changed)
     * @throws SQLException              when the database cannot be read or the lock cannot be taken
     */
    public MigrationResult migrate(Schema schema, Connection connection, DestructiveChanges destructive, MigrationListener listener)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        boolean force = destructive == DestructiveChanges.FORCE;
        if (dialect.kind() == DatabaseKind.SQLITE) {
            return migrateSqlite(schema, connection, destructive, listener);
        }
        execute(connection, "SELECT pg_advisory_lock(" + ADVISORY_LOCK + ")");
        try {
            return apply(plan(schema, connection, destructive), connection, force, listener);
        } finally {
            execute(connection, "SELECT pg_advisory_unlock(" + ADVISORY_LOCK + ")");
        }
    }

    /** How long a SQLite migration waits for another process's write transaction (a long table rebuild) to end. */
    static final Duration SQLITE_LOCK_WAIT = Duration.ofMinutes(10);

    private MigrationResult migrateSqlite(Schema schema, Connection connection, DestructiveChanges destructive, MigrationListener listener)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        boolean force = destructive == DestructiveChanges.FORCE;
        long start = System.nanoTime();
        // The rebuild needs foreign keys off, and the pragma is a no-op inside a transaction.
        boolean restoreForeignKeys = foreignKeysOn(connection);
        long busyTimeout = pragma(connection, "busy_timeout");
        if (restoreForeignKeys) {
            execute(connection, "PRAGMA foreign_keys = OFF");
        }
        execute(connection, "PRAGMA busy_timeout = " + SQLITE_LOCK_WAIT.toMillis());
        writeAheadLog(connection);
        // sqlite-jdbc leaves SQLite's own transaction alone while the JDBC connection is in auto-commit
        // mode, so BEGIN IMMEDIATE … COMMIT here spans the planning reads and the applied steps.
        boolean committed = false;
        try {
            execute(connection, "BEGIN IMMEDIATE");
            MigrationPlan plan = plan(schema, connection, destructive);
            if (plan.isEmpty()) {
                execute(connection, "COMMIT");
                committed = true;
                refreshStatistics(connection);
                return new MigrationResult(plan, List.of(), Duration.ZERO, plan.checksum());
            }
            if (plan.hasDestructiveSteps() && !force) {
                throw new MigrationRefusedException(plan);
            }
            List<MigrationStep> applied = applySteps(plan, connection, listener);
            execute(connection, "COMMIT");
            committed = true;
            refreshStatistics(connection);
            return new MigrationResult(plan, applied, Duration.ofNanos(System.nanoTime() - start), plan.checksum());
        } finally {
            if (!committed) {
                try {
                    execute(connection, "ROLLBACK");
                } catch (SQLException ignored) {
                    // No transaction was begun (the lock was never taken); the original failure matters.
                }
            }
            execute(connection, "PRAGMA busy_timeout = " + busyTimeout);
            if (restoreForeignKeys) {
                execute(connection, "PRAGMA foreign_keys = ON");
            }
        }
    }

    /**
     * Brings SQLite's planner statistics up to date once the schema is migrated
     * ({@link dev.plinth.sql.SqliteStatistics#AFTER_MIGRATION}): new indexes and tables get theirs. A database
     * that cannot be written (a read-only file) keeps what it has; the statistics only guide the planner.
     */
    private static void refreshStatistics(Connection connection) {
        try {
            dev.plinth.sql.SqliteStatistics.refresh(connection, dev.plinth.sql.SqliteStatistics.AFTER_MIGRATION);
        } catch (SQLException e) {
            // the migration itself succeeded; plans fall back to SQLite's defaults
        }
    }

    /** The key of the PostgreSQL advisory lock held while migrating ("Plinth" in ASCII). */
    static final long ADVISORY_LOCK = 0x506c696e7468L;

    /**
     * Renders the DDL that creates a schema's database from empty (what {@code prisma migrate diff
     * --from-empty --script} prints).
     *
     * @param schema the resolved schema
     * @return the statements, in order
     */
    public List<String> creationScript(Schema schema) {
        return creationScript(new SchemaProjection(dialect).project(schema));
    }

    private List<String> creationScript(Snapshot wanted) {
        List<String> sql = new ArrayList<>();
        if (dialect instanceof PostgresDialect pg) {
            wanted.enums().forEach(e -> sql.add(pg.createEnum(e)));
        }
        for (TableSnapshot table : wanted.tables()) {
            sql.add(dialect.createTable(table));
        }
        for (TableSnapshot table : wanted.tables()) {
            table.indexes().forEach(i -> sql.add(dialect.createIndex(table.name(), i)));
        }
        if (dialect instanceof PostgresDialect pg) {
            for (TableSnapshot table : wanted.tables()) {
                table.foreignKeys().forEach(fk -> sql.add(pg.addForeignKey(table.name(), fk)));
            }
        }
        return sql;
    }

    private String checksum(Snapshot wanted) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(String.join(";\n", creationScript(wanted)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * Applies a plan in one transaction and records it in the history. An empty plan does nothing.
     *
     * @param plan       a plan made by {@link #plan} on this database
     * @param connection an open connection to the same database, in auto-commit mode
     * @param force      true to apply destructive steps
     * @param listener   hears each step start and finish
     * @return what was applied
     * @throws MigrationRefusedException when the plan has destructive steps and {@code force} is false
     *                                   (nothing is changed)
     * @throws MigrationFailedException  when a statement fails (the transaction is rolled back; nothing is changed)
     * @throws SQLException              when the transaction itself cannot be begun or committed
     */
    public MigrationResult apply(MigrationPlan plan, Connection connection, boolean force, MigrationListener listener)
            throws MigrationRefusedException, MigrationFailedException, SQLException {
        long start = System.nanoTime();
        if (plan.isEmpty()) {
            return new MigrationResult(plan, List.of(), Duration.ZERO, plan.checksum());
        }
        if (plan.hasDestructiveSteps() && !force) {
            throw new MigrationRefusedException(plan);
        }
        boolean sqlite = dialect.kind() == DatabaseKind.SQLITE;
        // SQLite's table rebuild needs foreign keys off, and the pragma is a no-op inside a transaction
        // (https://www.sqlite.org/lang_altertable.html#otheralter, step 1).
        boolean restoreForeignKeys = sqlite && foreignKeysOn(connection);
        if (restoreForeignKeys) {
            execute(connection, "PRAGMA foreign_keys = OFF");
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        List<MigrationStep> applied;
        try {
            applied = applySteps(plan, connection, listener);
            connection.commit();
        } finally {
            connection.setAutoCommit(autoCommit);
            if (restoreForeignKeys) {
                execute(connection, "PRAGMA foreign_keys = ON");
            }
        }
        applied = new ArrayList<>(applied);
        applied.addAll(runOutsideTransaction(plan, connection, listener));
        return new MigrationResult(plan, applied, Duration.ofNanos(System.nanoTime() - start), plan.checksum());
    }

    /**
     * Runs a plan's steps and records it in the history, inside a transaction the caller has begun; on
     * failure the transaction is rolled back.
     */
    private List<MigrationStep> applySteps(MigrationPlan plan, Connection connection, MigrationListener listener)
            throws MigrationFailedException, SQLException {
        boolean sqlite = dialect.kind() == DatabaseKind.SQLITE;
        List<MigrationStep> applied = new ArrayList<>();
        String statement = null;
        MigrationStep current = null;
        int index = 0;
        try {
            for (MigrationStep step : plan.steps()) {
                if (step.outsideTransaction()) {
                    break; // the last steps of a plan run after the commit (runOutsideTransaction)
                }
                current = step;
                index++;
                listener.stepStarted(index, plan.steps().size(), step);
                long stepStart = System.nanoTime();
                for (String sql : step.sql()) {
                    statement = sql;
                    if (step.action() == MigrationStep.Action.REQUIRE_NO_ROWS) {
                        requireNoRows(connection, step, sql);
                    } else {
                        MigrationStep running = step;
                        statements.run(connection, step, sql, (done, of) -> listener.rowsDone(running, done, of));
                    }
                }
                listener.stepFinished(index, plan.steps().size(), step, Duration.ofNanos(System.nanoTime() - stepStart));
                applied.add(step);
            }
            current = null;
            if (sqlite) {
                statement = "PRAGMA foreign_key_check";
                checkForeignKeys(connection);
            }
            statement = "INSERT INTO " + MigrationHistory.TABLE;
            history.record(connection, plan.checksum(), plan.script(), plan.schemaTables());
            return applied;
        } catch (SQLException e) {
            rollback(connection);
            if (current != null) {
                listener.stepFailed(index, plan.steps().size(), current);
            }
            throw new MigrationFailedException(current, statement, e);
        } catch (RuntimeException e) {
            rollback(connection);
            throw e;
        }
    }

    /**
     * Runs the steps that cannot run in a transaction ({@code CREATE INDEX CONCURRENTLY}, {@link ConcurrentIndexes}),
     * once the rest of the plan has committed, in auto-commit mode. A failure leaves the committed steps in place
     * and, for a concurrent index build, an INVALID index, which the next run drops and builds again.
     */
    private List<MigrationStep> runOutsideTransaction(MigrationPlan plan, Connection connection, MigrationListener listener)
            throws MigrationFailedException {
        List<MigrationStep> applied = new ArrayList<>();
        int total = plan.steps().size();
        for (int index = 1; index <= total; index++) {
            MigrationStep step = plan.steps().get(index - 1);
            if (!step.outsideTransaction()) {
                continue;
            }
            listener.stepStarted(index, total, step);
            long start = System.nanoTime();
            for (String sql : step.sql()) {
                try {
                    statements.run(connection, step, sql, (done, of) -> listener.rowsDone(step, done, of));
                } catch (SQLException e) {
                    listener.stepFailed(index, total, step);
                    throw new MigrationFailedException(step, sql, e, "the steps before it were committed (" + (index - 1)
                            + " of " + total + "); the index is left INVALID and unused, and the next run drops it and builds it again");
                }
            }
            listener.stepFinished(index, total, step, Duration.ofNanos(System.nanoTime() - start));
            applied.add(step);
        }
        return applied;
    }

    /**
     * Returns the history of applied plans.
     *
     * @param connection an open connection
     * @return the entries, oldest first
     * @throws SQLException when the history cannot be read
     */
    public List<MigrationHistory.Entry> history(Connection connection) throws SQLException {
        return history.entries(connection);
    }

    private static boolean foreignKeysOn(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_keys")) {
            return r.next() && r.getInt(1) == 1;
        }
    }

    private static void checkForeignKeys(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA foreign_key_check")) {
            if (r.next()) {
                throw new SQLException("rows of \"" + r.getString(1) + "\" reference missing rows of \"" + r.getString(3)
                        + "\" (foreign key check after the migration)");
            }
        }
    }

    /**
     * Puts a SQLite file in WAL mode, as {@code plinth serve} runs it, before the migration's transaction:
     * the mode can only change outside a transaction and with no other connection writing, and changing
     * it does not wait on the busy timeout, so an instance that finished migrating would otherwise fail
     * to open its pool while the next instance holds the migration lock. A file already in WAL mode
     * answers at once (https://www.sqlite.org/wal.html#activating_and_configuring_wal_mode).
     */
    private static void writeAheadLog(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + SQLITE_LOCK_WAIT.toNanos();
        while (true) {
            try {
                execute(connection, "PRAGMA journal_mode = WAL");
                return;
            } catch (SQLException e) {
                if (!(e instanceof org.sqlite.SQLiteException busy && (busy.getResultCode().code & 0xff) == 5) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the SQLite database", e);
            }
        }
    }

    /** Runs a check's query; a row returned fails the step, naming it (the transaction is then rolled back). */
    private static void requireNoRows(Connection connection, MigrationStep step, String query) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(query)) {
            if (r.next()) {
                throw new SQLException("the row " + ValueConversionChecks.describe(r) + " (" + step.dataLoss().orElse(step.description()) + ")");
            }
        }
    }

    private static long pragma(Connection connection, String name) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // The original failure is what the user needs to see.
        }
    }
}
