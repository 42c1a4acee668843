package dev.plinth.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expression indexes on a path inside a Json field ({@code @@index([meta.plan])}): the index expression
 * each database is given, and how an introspected expression is read back into a column and a path.
 *
 * <p>The expressions are the ones the list filters write ({@code dev.plinth.query.JsonSql}), because an
 * expression index serves only a query holding the same expression: {@code json_extract("meta", '$.plan')}
 * on SQLite (https://www.sqlite.org/expridx.html) and {@code ("meta"->>'plan')} on PostgreSQL, a B-tree
 * on the text (https://www.postgresql.org/docs/current/indexes-expressional.html). Paths hold identifier
 * keys only (the schema grammar has no positions), so they are written as literals safely.
 */
public final class JsonPathIndex {

    private static final Pattern SQLITE = Pattern.compile("json_extract\\(\\s*\"((?:[^\"]|\"\")+)\"\\s*,\\s*'\\$((?:\\.[A-Za-z_][A-Za-z0-9_]*)+)'\\s*\\)");
    private static final Pattern PG_HEAD = Pattern.compile("^\\(*\\s*(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)\\s*(?:->|\\))");
    private static final Pattern PG_STEP = Pattern.compile("(->>?)\\s*'([A-Za-z_][A-Za-z0-9_]*)'(?:::text)?");

    private JsonPathIndex() {
    }

    /**
     * The index expression for a path.
     *
     * @param kind   the database
     * @param column the column name (unquoted)
     * @param path   the dotted keys, e.g. {@code limits.seats}
     * @return the expression, parenthesized as {@code CREATE INDEX} needs it
     */
    public static String expression(DatabaseKind kind, String column, String path) {
        String quoted = "\"" + column.replace("\"", "\"\"") + "\"";
        String[] keys = path.split("\\.");
        if (kind == DatabaseKind.SQLITE) {
            return "json_extract(" + quoted + ", '$." + path + "')";
        }
        StringBuilder b = new StringBuilder("((").append(quoted);
        for (int i = 0; i < keys.length; i++) {
            b.append(i == keys.length - 1 ? "->>" : "->").append('\'').append(keys[i]).append('\'');
        }
        return b.append("))").toString();
    }

    /**
     * Reads the expressions of a SQLite {@code CREATE INDEX} statement back, in order.
     *
     * @param createIndexSql the statement as {@code sqlite_master} keeps it
     * @return each {@code json_extract} expression as a column name and a dotted path
     */
    public static List<String[]> readSqlite(String createIndexSql) {
        List<String[]> out = new ArrayList<>();
        Matcher m = SQLITE.matcher(createIndexSql == null ? "" : createIndexSql);
        while (m.find()) {
            out.add(new String[]{m.group(1).replace("\"\"", "\""), m.group(2).substring(1)});
        }
        return out;
    }

    /**
     * Reads one PostgreSQL index column expression ({@code pg_get_indexdef(index, n, true)}, e.g.
     * {@code ((meta -> 'limits'::text) ->> 'seats'::text)}) back into a column name and a dotted path.
     *
     * @return the column and the path, or empty when the expression is not a {@code ->}/{@code ->>} key chain ending in {@code ->>}
     */
    public static Optional<String[]> readPostgres(String expression) {
        String e = expression.strip();
        Matcher head = PG_HEAD.matcher(e);
        if (!head.find()) {
            return Optional.empty();
        }
        String column = head.group(1);
        column = column.startsWith("\"") ? column.substring(1, column.length() - 1).replace("\"\"", "\"") : column;
        Matcher step = PG_STEP.matcher(e);
        List<String> keys = new ArrayList<>();
        String last = "";
        int at = head.end() - 2;
        while (step.find(at)) {
            if (!e.substring(at, step.start()).replaceAll("[\\s()]", "").isEmpty()) {
                return Optional.empty();
            }
            keys.add(step.group(2));
            last = step.group(1);
            at = step.end();
        }
        if (keys.isEmpty() || !last.equals("->>") || !e.substring(at).replaceAll("[\\s()]", "").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new String[]{column, String.join(".", keys)});
    }
}
