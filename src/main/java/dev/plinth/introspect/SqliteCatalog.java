package dev.plinth.introspect;

import dev.plinth.migrate.SqliteIntrospector;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.SqliteDialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What SQLite's catalog holds beyond the planner's snapshot: CHECK constraints read from each table's
 * {@code CREATE TABLE} text (SQLite keeps no other record of them, https://www.sqlite.org/lang_createtable.html),
 * views from {@code sqlite_master} with their columns from {@code pragma_table_info}, and Plinth's FTS5
 * external-content tables {@code {table}_fts} ({@code content='{table}'}, https://www.sqlite.org/fts5.html).
 */
final class SqliteCatalog {

    private static final Pattern CHECK = Pattern.compile("\\bCHECK\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSTRAINT_BEFORE = Pattern.compile(
            "CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^]]*]|[^\\s\"`\\[]+)\\s*$", Pattern.CASE_INSENSITIVE);

    private SqliteCatalog() {
    }

    static DatabaseInspection inspect(Connection connection) throws SQLException {
        Snapshot snapshot = withInlineUniques(new SqliteIntrospector().introspect(connection), connection);
        List<CheckDefinition> checks = new ArrayList<>();
        for (TableSnapshot table : snapshot.tables()) {
            for (String[] row : DatabaseInspector.rows(connection,
                    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table.name())) {
                checks.addAll(checks(table.name(), row[0] == null ? "" : row[0]));
            }
        }
        List<FullTextDefinition> fullText = new ArrayList<>();
        for (String[] row : DatabaseInspector.rows(connection,
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")) {
            String name = row[0];
            String sql = row[1].toLowerCase(Locale.ROOT);
            if (!name.endsWith("_fts") || !sql.contains("using fts5")) {
                continue;
            }
            String base = name.substring(0, name.length() - "_fts".length());
            if (snapshot.table(base).isEmpty() || !row[1].contains("content=" + DatabaseKind.SQLITE.dialect().literal(base))) {
                continue;
            }
            List<String> columns = DatabaseInspector.rows(connection, "SELECT name FROM pragma_table_info(?) ORDER BY cid", name)
                    .stream().map(r -> r[0]).toList();
            fullText.add(new FullTextDefinition(base, columns, name));
        }
        List<ViewSnapshot> views = new ArrayList<>();
        for (String[] row : DatabaseInspector.rows(connection,
                "SELECT name, sql FROM sqlite_master WHERE type = 'view' ORDER BY name")) {
            List<ColumnSnapshot> columns = new ArrayList<>();
            for (String[] c : DatabaseInspector.rows(connection,
                    "SELECT name, type, \"notnull\" FROM pragma_table_info(?) ORDER BY cid", row[0])) {
                columns.add(new ColumnSnapshot(c[0], c[1] == null ? "" : c[1].trim().toUpperCase(Locale.ROOT),
                        !"1".equals(c[2]), Optional.empty(), false));
            }
            views.add(new ViewSnapshot(row[0], row[1], columns, false));
        }
        return new DatabaseInspection(DatabaseKind.SQLITE, snapshot, checks, fullText, views);
    }

    /**
     * Adds the UNIQUE constraints written inside {@code CREATE TABLE} ({@code "email" TEXT UNIQUE}), which SQLite keeps
     * as indexes named {@code sqlite_autoindex_{table}_{n}} (origin {@code u} in {@code pragma_index_list}). The
     * planner's snapshot leaves them out, as Plinth never creates them; an inspection shows them.
     */
    private static Snapshot withInlineUniques(Snapshot snapshot, Connection connection) throws SQLException {
        List<TableSnapshot> tables = new ArrayList<>();
        for (TableSnapshot t : snapshot.tables()) {
            List<IndexSnapshot> indexes = new ArrayList<>(t.indexes());
            for (String[] index : DatabaseInspector.rows(connection,
                    "SELECT name FROM pragma_index_list(?) WHERE origin = 'u' ORDER BY name", t.name())) {
                List<IndexColumn> columns = new ArrayList<>();
                for (String[] c : DatabaseInspector.rows(connection,
                        "SELECT name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno", index[0])) {
                    columns.add(new IndexColumn(c[0], "1".equals(c[1])));
                }
                indexes.add(new IndexSnapshot(index[0], columns, true, Optional.empty()));
            }
            tables.add(new TableSnapshot(t.name(), t.columns(), t.primaryKey(), indexes, t.foreignKeys(), t.checks()));
        }
        return new Snapshot(tables, snapshot.enums());
    }

    /**
     * Reads every CHECK clause of a {@code CREATE TABLE} statement, column and table constraints alike.
     *
     * @param table the table
     * @param sql   its {@code CREATE TABLE} text
     * @return the constraints in the order written; Plinth's are those followed by {@link SqliteDialect#CHECK_MARKER}
     */
    static List<CheckDefinition> checks(String table, String sql) {
        List<CheckDefinition> out = new ArrayList<>();
        Matcher m = CHECK.matcher(sql);
        int from = 0;
        while (from < sql.length() && m.find(from)) {
            if (insideQuotes(sql, m.start())) {
                from = m.end();
                continue;
            }
            int open = m.end() - 1;
            int close = SqliteIntrospector.closingParenthesis(sql, open);
            if (close < 0) {
                break;
            }
            Matcher name = CONSTRAINT_BEFORE.matcher(sql.substring(0, m.start()));
            Optional<String> constraint = name.find() ? Optional.of(SqliteIntrospector.unquote(name.group(1))) : Optional.empty();
            boolean plinths = sql.substring(close + 1).stripLeading().startsWith(SqliteDialect.CHECK_MARKER);
            out.add(new CheckDefinition(table, constraint, sql.substring(open + 1, close).strip(), plinths));
            from = close + 1;
        }
        return out;
    }

    /** True when position {@code at} lies inside a quoted name or literal. */
    private static boolean insideQuotes(String sql, int at) {
        char quote = 0;
        for (int i = 0; i < at; i++) {
            char c = sql.charAt(i);
            if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
                quote = c;
            } else if (quote != 0 && c == quote) {
                quote = 0;
            }
        }
        return quote != 0;
    }

}
