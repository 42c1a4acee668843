package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * PostgreSQL index builds that keep the table open for writes (docs/migrations.md, "Long operations").
 *
 * <p>With {@code --concurrent-indexes}, every index a plan builds on a table that already exists becomes
 * {@code CREATE INDEX CONCURRENTLY}, moved after the transactional steps: PostgreSQL cannot run it inside a
 * transaction block, and builds it without the lock that blocks writes
 * (https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY).
 *
 * <p>A concurrent build that fails (a unique index over duplicate rows, a cancelled statement) leaves an
 * INVALID index behind ({@code pg_index.indisvalid = false}), which PostgreSQL keeps but never uses. The
 * introspection leaves such indexes out, so the planner builds them again; this class adds the
 * {@code DROP INDEX} that clears the invalid one first — on every run, with or without the flag.
 */
final class ConcurrentIndexes {

    private static final Pattern CREATE_INDEX = Pattern.compile("^CREATE (UNIQUE )?INDEX ");

    private final Dialect dialect;
    private final boolean concurrently;

    /**
     * @param dialect      the database's dialect (nothing changes on SQLite)
     * @param concurrently true for {@code --concurrent-indexes}
     */
    ConcurrentIndexes(Dialect dialect, boolean concurrently) {
        this.dialect = dialect;
        this.concurrently = concurrently;
    }

    /**
     * Rewrites a plan: invalid indexes dropped first; with the flag, index builds on existing tables made
     * concurrent and moved to the end.
     *
     * @param plan       the plan
     * @param connection the database
     * @return the plan, unchanged on SQLite
     * @throws SQLException when the catalog cannot be read
     */
    MigrationPlan apply(MigrationPlan plan, Connection connection) throws SQLException {
        if (dialect.kind() != DatabaseKind.POSTGRESQL) {
            return plan;
        }
        List<MigrationStep> steps = new ArrayList<>(invalidIndexDrops(connection));
        List<MigrationStep> later = new ArrayList<>();
        Set<String> created = plan.steps().stream().filter(s -> s.action() == MigrationStep.Action.CREATE_TABLE)
                .map(MigrationStep::table).collect(Collectors.toSet());
        for (MigrationStep step : plan.steps()) {
            Matcher m = step.sql().isEmpty() ? null : CREATE_INDEX.matcher(step.sql().getFirst());
            if (concurrently && step.action() == MigrationStep.Action.CREATE_INDEX && !created.contains(step.table())
                    && m != null && m.find()) {
                List<String> sql = new ArrayList<>(step.sql());
                sql.set(0, m.replaceFirst("CREATE " + (m.group(1) == null ? "" : "UNIQUE ") + "INDEX CONCURRENTLY "));
                later.add(new MigrationStep(MigrationStep.Action.CREATE_INDEX_CONCURRENTLY, step.table(), step.safety(),
                        step.description() + " (concurrently, after the other steps commit)", step.dataLoss(), sql, step.rows()));
            } else {
                steps.add(step);
            }
        }
        if (steps.size() == plan.steps().size() && later.isEmpty()) {
            return plan;
        }
        steps.addAll(later);
        return new MigrationPlan(plan.database(), steps, plan.unknownTables(), plan.schemaTables(), plan.checksum(), plan.held(), plan.renameHints());
    }

    /** One {@code DROP INDEX} per invalid index of the current schema. */
    private List<MigrationStep> invalidIndexDrops(Connection connection) throws SQLException {
        List<MigrationStep> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("""
                SELECT i.relname, c.relname FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class c ON c.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = current_schema() AND NOT ix.indisvalid
                ORDER BY i.relname""")) {
            while (r.next()) {
                out.add(new MigrationStep(MigrationStep.Action.DROP_INDEX, r.getString(2), Safety.ADDITIVE,
                        "drop the invalid index " + dialect.quote(r.getString(1)) + " of " + dialect.quote(r.getString(2))
                                + " (left by a failed concurrent build; built again by this plan)",
                        Optional.empty(), List.of("DROP INDEX " + dialect.quote(r.getString(1))), 0));
            }
        }
        return out;
    }
}
