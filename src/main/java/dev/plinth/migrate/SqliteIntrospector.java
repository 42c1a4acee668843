package dev.plinth.migrate;

import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.sql.SqliteDialect;
import dev.plinth.sql.ddl.CheckSnapshot;
import dev.plinth.sql.JsonPathIndex;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.ForeignKeySnapshot;
import dev.plinth.sql.ddl.IndexColumn;
import dev.plinth.sql.ddl.IndexSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Introspects SQLite through {@code pragma_table_list}, {@code pragma_table_info},
 * {@code pragma_index_list}, {@code pragma_index_xinfo}, {@code pragma_foreign_key_list} and the
 * table's {@code CREATE TABLE} text in {@code sqlite_master} (https://www.sqlite.org/pragma.html).
 *
 * <p>SQLite keeps no names for foreign keys and primary keys in its catalog; they are read from the
 * {@code CONSTRAINT "name"} clauses of the table's SQL. Virtual tables (FTS5) and their shadow tables
 * are not tables of the schema and are left out, as are SQLite's own {@code sqlite_*} tables. Plinth's CHECK
 * constraints are read from the table's SQL too ({@link #checks}), compared by name and expression text.
 */
public final class SqliteIntrospector implements Introspector {

    private static final Pattern NAMED_FOREIGN_KEY = Pattern.compile(
            "CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^]]*]|\\S+)\\s+FOREIGN\\s+KEY\\s*\\(([^)]*)\\)", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_PRIMARY_KEY = Pattern.compile(
            "CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^]]*]|\\S+)\\s+PRIMARY\\s+KEY", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAMED_CHECK = Pattern.compile(
            "CONSTRAINT\\s+(\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^]]*]|\\S+)\\s+CHECK\\s*\\(", Pattern.CASE_INSENSITIVE);
    private static final Pattern AUTOINCREMENT = Pattern.compile("\\bAUTOINCREMENT\\b", Pattern.CASE_INSENSITIVE);

    @Override
    public Snapshot introspect(Connection connection) throws SQLException {
        List<TableSnapshot> tables = new ArrayList<>();
        for (String table : strings(connection,
                "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")) {
            if (table.equals(MigrationHistory.TABLE)) {
                continue;
            }
            tables.add(table(connection, table));
        }
        return new Snapshot(tables, List.of());
    }

    private TableSnapshot table(Connection connection, String table) throws SQLException {
        String sql = strings(connection, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).stream()
                .findFirst().orElse("");
        List<ColumnSnapshot> columns = new ArrayList<>();
        TreeMap<Integer, String> keyColumns = new TreeMap<>();
        List<String[]> raw = new ArrayList<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?) ORDER BY cid")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    raw.add(new String[]{r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5)});
                    if (r.getInt(5) > 0) {
                        keyColumns.put(r.getInt(5), r.getString(1));
                    }
                }
            }
        }
        boolean autoincrement = keyColumns.size() == 1 && AUTOINCREMENT.matcher(sql).find();
        for (String[] c : raw) {
            boolean isAuto = autoincrement && keyColumns.containsValue(c[0]);
            columns.add(new ColumnSnapshot(c[0], c[1] == null ? "" : c[1].trim().toUpperCase(Locale.ROOT),
                    "0".equals(c[2]), Optional.ofNullable(c[3]), isAuto));
        }
        Optional<PrimaryKeySnapshot> primaryKey = keyColumns.isEmpty() ? Optional.empty()
                : Optional.of(new PrimaryKeySnapshot(firstName(NAMED_PRIMARY_KEY, sql), List.copyOf(keyColumns.values())));
        return new TableSnapshot(table, columns, primaryKey, indexes(connection, table), foreignKeys(connection, table, sql),
                checks(sql));
    }

    private static String indexSql(Connection connection, String index) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?")) {
            s.setString(1, index);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    private List<IndexSnapshot> indexes(Connection connection, String table) throws SQLException {
        List<IndexSnapshot> indexes = new ArrayList<>();
        Map<String, Boolean> names = new LinkedHashMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT name, \"unique\" FROM pragma_index_list(?) WHERE origin = 'c' ORDER BY name")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    names.put(r.getString(1), r.getInt(2) == 1);
                }
            }
        }
        for (Map.Entry<String, Boolean> index : names.entrySet()) {
            List<IndexColumn> columns = new ArrayList<>();
            List<String[]> paths = null; // the index's json_extract expressions, read from its SQL when it has any
            try (PreparedStatement s = connection.prepareStatement(
                    "SELECT name, \"desc\" FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno")) {
                s.setString(1, index.getKey());
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        if (r.getString(1) == null) {
                            if (paths == null) {
                                paths = new ArrayList<>(JsonPathIndex.readSqlite(indexSql(connection, index.getKey())));
                            }
                            if (!paths.isEmpty()) {
                                String[] p = paths.removeFirst();
                                columns.add(new IndexColumn(p[0], r.getInt(2) == 1, Optional.empty(), Optional.of(p[1])));
                                continue;
                            }
                        }
                        columns.add(new IndexColumn(r.getString(1) == null ? "<expression>" : r.getString(1), r.getInt(2) == 1));
                    }
                }
            }
            indexes.add(new IndexSnapshot(index.getKey(), columns, index.getValue(), Optional.empty()));
        }
        return indexes;
    }

    private List<ForeignKeySnapshot> foreignKeys(Connection connection, String table, String sql) throws SQLException {
        Map<String, String> namesByColumns = new LinkedHashMap<>();
        Matcher m = NAMED_FOREIGN_KEY.matcher(sql);
        while (m.find()) {
            namesByColumns.put(String.join(",", columnList(m.group(2))), unquote(m.group(1)));
        }
        Map<Integer, List<String[]>> byId = new TreeMap<>();
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list(?) ORDER BY id, seq")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    byId.computeIfAbsent(r.getInt(1), k -> new ArrayList<>()).add(new String[]{
                            r.getString(2), r.getString(3), r.getString(4), r.getString(5), r.getString(6)});
                }
            }
        }
        List<ForeignKeySnapshot> keys = new ArrayList<>();
        for (List<String[]> parts : byId.values()) {
            String referenced = parts.get(0)[0];
            List<String> from = parts.stream().map(p -> p[1]).toList();
            List<String> to = new ArrayList<>();
            for (String[] p : parts) {
                to.add(p[2]);
            }
            if (to.stream().anyMatch(t -> t == null)) {
                to = primaryKeyOf(connection, referenced);
            }
            keys.add(new ForeignKeySnapshot(Optional.ofNullable(namesByColumns.get(String.join(",", from))), from, referenced, to,
                    action(parts.get(0)[4]), action(parts.get(0)[3])));
        }
        return keys;
    }

    /**
     * Reads Plinth's CHECK constraints from a table's SQL: each {@code CONSTRAINT "name" CHECK (…)} followed by
     * {@link SqliteDialect#CHECK_MARKER}, its expression as written between the parentheses. Others are the
     * database owner's and are left out, so a migration never drops one it did not create.
     */
    static List<CheckSnapshot> checks(String sql) {
        List<CheckSnapshot> checks = new ArrayList<>();
        Matcher m = NAMED_CHECK.matcher(sql);
        int from = 0;
        while (m.find(from)) {
            int open = m.end() - 1;
            int close = closingParenthesis(sql, open);
            if (close < 0) {
                break;
            }
            from = close + 1;
            String after = sql.substring(close + 1).stripLeading();
            if (after.startsWith(SqliteDialect.CHECK_MARKER)) {
                checks.add(new CheckSnapshot(unquote(m.group(1)), sql.substring(open + 1, close)));
            }
        }
        return checks;
    }

    /**
     * Finds the parenthesis closing the one at {@code open}, skipping quoted text and names.
     *
     * @param sql  SQL text
     * @param open the position of an opening parenthesis
     * @return the position of its closing parenthesis; -1 when none
     */
    public static int closingParenthesis(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < sql.length() && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private List<String> primaryKeyOf(Connection connection, String table) throws SQLException {
        return strings(connection, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table);
    }

    private static ReferentialAction action(String sql) {
        return switch (sql == null ? "" : sql.toUpperCase(Locale.ROOT)) {
            case "CASCADE" -> ReferentialAction.CASCADE;
            case "RESTRICT" -> ReferentialAction.RESTRICT;
            case "SET NULL" -> ReferentialAction.SET_NULL;
            case "SET DEFAULT" -> ReferentialAction.SET_DEFAULT;
            default -> ReferentialAction.NO_ACTION;
        };
    }

    private static Optional<String> firstName(Pattern pattern, String sql) {
        Matcher m = pattern.matcher(sql);
        return m.find() ? Optional.of(unquote(m.group(1))) : Optional.empty();
    }

    private static List<String> columnList(String text) {
        List<String> names = new ArrayList<>();
        for (String part : text.split(",")) {
            names.add(unquote(part.trim()));
        }
        return names;
    }

    /**
     * Removes SQLite's quotes from a name: {@code "a""b"} → {@code a"b}, {@code `a`} and {@code [a]} → {@code a}.
     *
     * @param name a name as written in SQL
     * @return the name
     */
    public static String unquote(String name) {
        String n = name.trim();
        if (n.length() >= 2 && (n.startsWith("\"") && n.endsWith("\"") || n.startsWith("`") && n.endsWith("`"))) {
            return n.substring(1, n.length() - 1).replace("\"\"", "\"");
        }
        if (n.startsWith("[") && n.endsWith("]")) {
            return n.substring(1, n.length() - 1);
        }
        return n;
    }

    private static List<String> strings(Connection connection, String sql, String... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        }
    }
}
