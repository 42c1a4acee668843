package dev.plinth.migrate;

import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.FullTextIndex;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Plans the full-text structures of {@code @@fulltext} models ({@link FullTextIndex}): creates them
 * for models that gained {@code @@fulltext} (indexing the rows already there), re-creates them when
 * the indexed columns changed, and drops them — only them — when {@code @@fulltext} is removed.
 * Every such step is additive: an index holds no data that the table does not.
 *
 * <p>The live structures are recognised by name and definition: on SQLite the FTS5 table's
 * {@code CREATE VIRTUAL TABLE} text in {@code sqlite_master} and its three triggers; on PostgreSQL the
 * index's {@link FullTextIndex#postgresComment() comment}. SQLite's introspection lists only ordinary
 * tables, so FTS5 tables and their shadow tables never count as unknown tables; on PostgreSQL
 * {@link #withoutFullText} removes Plinth's full-text indexes from the snapshot before the diff.
 *
 * <p>Existing rows are indexed in batches of {@value #BATCH_ROWS} rows on SQLite, one step each, so
 * the migration's progress shows how far a large table has got; on PostgreSQL {@code CREATE INDEX}
 * reads the table in one step.
 */
final class FullTextIndexSteps {

    /** Rows indexed per step on SQLite. */
    static final int BATCH_ROWS = 50_000;

    private final Dialect dialect;
    private final boolean sqlite;
    private Renames renames = Renames.NONE;

    FullTextIndexSteps(Dialect dialect) {
        this.dialect = dialect;
        this.sqlite = dialect.kind() == dev.plinth.sql.DatabaseKind.SQLITE;
    }

    /**
     * Removes Plinth's PostgreSQL full-text indexes from an introspected snapshot (SQLite's snapshot
     * never holds its FTS5 tables).
     *
     * @param current    the live snapshot
     * @param connection the database
     * @return the snapshot without them
     * @throws SQLException when the catalog cannot be read
     */
    Snapshot withoutFullText(Snapshot current, Connection connection) throws SQLException {
        if (sqlite) {
            return current;
        }
        Map<String, String> live = livePostgres(connection);
        if (live.isEmpty()) {
            return current;
        }
        List<TableSnapshot> tables = new ArrayList<>();
        for (TableSnapshot t : current.tables()) {
            List<IndexSnapshot> kept = t.indexes().stream().filter(i -> !live.containsKey(i.name())).toList();
            tables.add(new TableSnapshot(t.name(), t.columns(), t.primaryKey(), kept, t.foreignKeys(), t.checks()));
        }
        return new Snapshot(tables, current.enums());
    }

    /**
     * Adds the full-text steps to a plan: drops first, creations last (after the tables and columns they
     * need exist).
     *
     * @param plan       the plan of the tables, columns and indexes
     * @param schema     the schema
     * @param connection the database
     * @param renames    the plan's renames (the rows to index are counted under the table's live name)
     * @return the plan with the full-text steps
     * @throws SQLException when the database cannot be read
     */
    MigrationPlan addTo(MigrationPlan plan, Schema schema, Connection connection, Renames renames) throws SQLException {
        this.renames = renames;
        Map<String, FullTextIndex> wanted = new LinkedHashMap<>();
        for (Model m : schema.models()) {
            FullTextIndex.of(m).ifPresent(f -> wanted.put(f.table(), f));
        }
        List<MigrationStep> drops = new ArrayList<>();
        List<MigrationStep> creates = new ArrayList<>();
        if (sqlite) {
            planSqlite(plan, wanted, connection, drops, creates);
        } else {
            planPostgres(wanted, connection, drops, creates);
        }
        if (drops.isEmpty() && creates.isEmpty()) {
            return plan;
        }
        List<MigrationStep> steps = new ArrayList<>(drops);
        steps.addAll(plan.steps());
        steps.addAll(creates);
        return new MigrationPlan(plan.database(), steps, plan.unknownTables(), plan.schemaTables(), plan.checksum());
    }

    // ---- SQLite ----

    private void planSqlite(MigrationPlan plan, Map<String, FullTextIndex> wanted, Connection c,
                            List<MigrationStep> drops, List<MigrationStep> creates) throws SQLException {
        Map<String, String> liveTables = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' AND name LIKE '%\\_fts' ESCAPE '\\'")) {
            while (r.next()) {
                liveTables.put(r.getString(1), r.getString(2));
            }
        }
        Map<String, String> liveTriggers = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_fts\\_a_' ESCAPE '\\'")) {
            while (r.next()) {
                liveTriggers.put(r.getString(1), r.getString(2));
            }
        }
        for (Map.Entry<String, String> live : liveTables.entrySet()) {
            String base = live.getKey().substring(0, live.getKey().length() - "_fts".length());
            if (!isPlinths(live.getValue(), base)) {
                continue;
            }
            FullTextIndex want = wanted.get(base);
            if (want == null) {
                drops.add(sqliteDrop(base, live.getKey(), "drop the full-text index of " + dialect.quote(base)
                        + " (no @@fulltext in the schema)"));
            }
        }
        for (FullTextIndex f : wanted.values()) {
            String live = liveTables.get(f.sqliteTable());
            // a trigger of an earlier definition (before 0.11 the update trigger missed key changes) is re-created
            boolean complete = live != null && live.equals(sqliteCreate(f)) && triggersCurrent(f, liveTriggers);
            boolean rebuilt = plan.steps().stream().anyMatch(s -> s.table().equals(f.table())
                    && (s.action() == MigrationStep.Action.REBUILD_TABLE || s.action() == MigrationStep.Action.DROP_TABLE));
            if (complete && !rebuilt) {
                continue;
            }
            List<String> sql = new ArrayList<>();
            if (live != null) {
                sql.add("DROP TABLE " + dialect.quote(f.sqliteTable()));
            }
            for (String trigger : f.sqliteTriggers()) {
                sql.add("DROP TRIGGER IF EXISTS " + dialect.quote(trigger));
            }
            sql.add(sqliteCreate(f));
            sql.addAll(sqliteTriggers(f));
            creates.add(new MigrationStep(MigrationStep.Action.CREATE_INDEX, f.table(), Safety.ADDITIVE,
                    "create the full-text index of " + dialect.quote(f.table()) + " on " + columnList(f),
                    Optional.empty(), sql, 0));
            creates.addAll(sqliteIndexRows(f, c));
        }
    }

    /** True when the three triggers exist with exactly the definitions {@link #sqliteTriggers} gives. */
    private boolean triggersCurrent(FullTextIndex f, Map<String, String> liveTriggers) {
        List<String> names = f.sqliteTriggers();
        List<String> wanted = sqliteTriggers(f);
        for (int i = 0; i < names.size(); i++) {
            if (!wanted.get(i).equals(liveTriggers.get(names.get(i)))) {
                return false;
            }
        }
        return true;
    }

    /** True when a virtual table is an FTS5 external-content table over {@code base} (so Plinth's, not the user's). */
    private boolean isPlinths(String createSql, String base) {
        String lower = createSql.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("using fts5") && createSql.contains("content=" + literal(base));
    }

    private MigrationStep sqliteDrop(String base, String ftsTable, String description) {
        List<String> sql = new ArrayList<>();
        for (String suffix : List.of("_fts_ai", "_fts_ad", "_fts_au")) {
            sql.add("DROP TRIGGER IF EXISTS " + dialect.quote(base + suffix));
        }
        sql.add("DROP TABLE " + dialect.quote(ftsTable));
        return new MigrationStep(MigrationStep.Action.DROP_INDEX, base, Safety.ADDITIVE, description, Optional.empty(), sql, 0);
    }

    /** The FTS5 table, as https://www.sqlite.org/fts5.html#external_content_tables declares one. */
    String sqliteCreate(FullTextIndex f) {
        return "CREATE VIRTUAL TABLE " + dialect.quote(f.sqliteTable()) + " USING fts5("
                + f.columns().stream().map(dialect::quote).collect(Collectors.joining(", "))
                + ", content=" + literal(f.table()) + ")";
    }

    private List<String> sqliteTriggers(FullTextIndex f) {
        String fts = dialect.quote(f.sqliteTable());
        String cols = f.columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
        String newValues = f.columns().stream().map(col -> "new." + dialect.quote(col)).collect(Collectors.joining(", "));
        String oldValues = f.columns().stream().map(col -> "old." + dialect.quote(col)).collect(Collectors.joining(", "));
        String table = dialect.quote(f.table());
        String insert = "INSERT INTO " + fts + "(rowid, " + cols + ") VALUES (new.rowid, " + newValues + ");";
        String delete = "INSERT INTO " + fts + "(" + fts + ", rowid, " + cols + ") VALUES ('delete', old.rowid, " + oldValues + ");";
        // Only a change of the rowid or of an indexed column touches the index (a soft delete or
        // updated_at does not). The rowid is watched too: the index entry is keyed by it, and an
        // INTEGER PRIMARY KEY is the rowid, so a key changed by any writer must move the entry.
        String changed = "old.rowid IS NOT new.rowid OR " + f.columns().stream()
                .map(col -> "old." + dialect.quote(col) + " IS NOT new." + dialect.quote(col)).collect(Collectors.joining(" OR "));
        List<String> t = f.sqliteTriggers();
        return List.of(
                "CREATE TRIGGER " + dialect.quote(t.get(0)) + " AFTER INSERT ON " + table + " BEGIN " + insert + " END",
                "CREATE TRIGGER " + dialect.quote(t.get(1)) + " AFTER DELETE ON " + table + " BEGIN " + delete + " END",
                "CREATE TRIGGER " + dialect.quote(t.get(2)) + " AFTER UPDATE ON " + table + " WHEN " + changed
                        + " BEGIN " + delete + " " + insert + " END");
    }

    /** Steps that index the rows already in the table, in rowid batches (the last one open-ended). */
    private List<MigrationStep> sqliteIndexRows(FullTextIndex f, Connection c) throws SQLException {
        boolean exists;
        // a table renamed by this plan still has its live name while the plan is made
        String live = renames.liveTable(f.table());
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            ps.setString(1, live);
            try (ResultSet r = ps.executeQuery()) {
                exists = r.next();
            }
        }
        if (!exists) {
            return List.of();
        }
        long rows;
        List<Long> bounds = new ArrayList<>();
        String table = dialect.quote(f.table());
        String liveTable = dialect.quote(live);
        try (Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + liveTable)) {
                r.next();
                rows = r.getLong(1);
            }
            if (rows == 0) {
                return List.of();
            }
            if (rows > BATCH_ROWS) {
                try (ResultSet r = s.executeQuery("SELECT rowid FROM (SELECT rowid, row_number() OVER (ORDER BY rowid) AS n FROM "
                        + liveTable + ") WHERE n % " + BATCH_ROWS + " = 0")) {
                    while (r.next()) {
                        bounds.add(r.getLong(1));
                    }
                }
            }
        }
        String cols = f.columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
        String insert = "INSERT INTO " + dialect.quote(f.sqliteTable()) + "(rowid, " + cols + ") SELECT rowid, " + cols + " FROM " + table;
        List<MigrationStep> steps = new ArrayList<>();
        Long from = null;
        int batches = bounds.size() + 1;
        for (int i = 0; i < batches; i++) {
            Long to = i < bounds.size() ? bounds.get(i) : null;
            String where = from == null && to == null ? ""
                    : " WHERE " + (from == null ? "" : "rowid > " + from) + (from != null && to != null ? " AND " : "")
                    + (to == null ? "" : "rowid <= " + to);
            long batchRows = to == null ? rows - (long) i * BATCH_ROWS : BATCH_ROWS;
            steps.add(new MigrationStep(MigrationStep.Action.CREATE_INDEX, f.table(), Safety.ADDITIVE,
                    "index the existing rows of " + dialect.quote(f.table()) + " for full-text search"
                            + (batches > 1 ? " (batch " + (i + 1) + " of " + batches + ")" : ""),
                    Optional.empty(), List.of(insert + where), batchRows));
            from = to;
        }
        return steps;
    }

    // ---- PostgreSQL ----

    /** Plinth's full-text indexes in the current schema: index name → comment. */
    private Map<String, String> livePostgres(Connection c) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.relname, t.relname, obj_description(i.oid, 'pg_class')
                FROM pg_index ix
                JOIN pg_class i ON i.oid = ix.indexrelid
                JOIN pg_class t ON t.oid = ix.indrelid
                JOIN pg_namespace n ON n.oid = i.relnamespace
                WHERE n.nspname = current_schema() AND ix.indisvalid AND obj_description(i.oid, 'pg_class') LIKE ?""")) {
            ps.setString(1, FullTextIndex.COMMENT_PREFIX + "%");
            try (ResultSet r = ps.executeQuery()) {
                while (r.next()) {
                    out.put(r.getString(1), r.getString(2) + "\n" + r.getString(3));
                }
            }
        }
        return out;
    }

    private void planPostgres(Map<String, FullTextIndex> wanted, Connection c, List<MigrationStep> drops,
                              List<MigrationStep> creates) throws SQLException {
        Map<String, String> live = livePostgres(c);
        Map<String, String> wantedByIndex = new LinkedHashMap<>();
        for (FullTextIndex f : wanted.values()) {
            wantedByIndex.put(f.postgresIndex(dialect), f.table() + "\n" + f.postgresComment());
        }
        for (Map.Entry<String, String> e : live.entrySet()) {
            if (!e.getValue().equals(wantedByIndex.get(e.getKey()))) {
                String table = e.getValue().substring(0, e.getValue().indexOf('\n'));
                drops.add(new MigrationStep(MigrationStep.Action.DROP_INDEX, table, Safety.ADDITIVE,
                        "drop the full-text index " + dialect.quote(e.getKey()) + " of " + dialect.quote(table),
                        Optional.empty(), List.of("DROP INDEX " + dialect.quote(e.getKey())), 0));
            }
        }
        for (FullTextIndex f : wanted.values()) {
            String name = f.postgresIndex(dialect);
            if (wantedByIndex.get(name).equals(live.get(name))) {
                continue;
            }
            String vector = FullTextIndex.postgresVector(f.columns().stream().map(dialect::quote).toList());
            creates.add(new MigrationStep(MigrationStep.Action.CREATE_INDEX, f.table(), Safety.ADDITIVE,
                    "create the full-text index " + dialect.quote(name) + " of " + dialect.quote(f.table()) + " on " + columnList(f),
                    Optional.empty(), List.of(
                    "CREATE INDEX " + dialect.quote(name) + " ON " + dialect.quote(f.table()) + " USING GIN (" + vector + ")",
                    "COMMENT ON INDEX " + dialect.quote(name) + " IS " + literal(f.postgresComment())), 0));
        }
    }

    private String columnList(FullTextIndex f) {
        return f.columns().stream().map(dialect::quote).collect(Collectors.joining(", "));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
