package dev.plinth.api.record;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.sql.DatabaseKind;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The SQL text of one resource's single-row statements, built once per statement shape and cached
 * (docs/api.md, "Storage and speed"). Identifiers come from the resolved schema; every value is a
 * bind parameter. Writes return the full served row with {@code RETURNING} (PostgreSQL; SQLite since
 * 3.35, https://www.sqlite.org/lang_returning.html): the served columns are listed rather than
 * {@code *}, so {@code @ignore}d and {@code Unsupported} columns never leave the database.
 *
 * <p>Why not jOOQ here, unlike the list SQL of the {@code query} package: these are five fixed shapes
 * per resource whose text is identical on SQLite and PostgreSQL (standard quoted identifiers,
 * {@code ?} binds, {@code RETURNING}) except for {@code FOR UPDATE}; each is built once and cached, so
 * a builder would add a dependency on the hot path's first call and nothing else. Where the dialects
 * differ (filters, ordering, keyset conditions, enum casts), the query package renders with jOOQ.
 */
public final class RecordSql {

    private final Resource resource;
    private final DatabaseKind kind;
    private final String columnList;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();
    /** How many multi-row insert texts are kept ({@link #insertMany}). */
    private static final int MULTI_ROW_INSERTS_KEPT = 64;
    private final ConcurrentHashMap<String, String> multiRowInserts = new ConcurrentHashMap<>();

    /**
     * Prepares the statements of a resource.
     *
     * @param resource the resource
     * @param kind     the database
     */
    public RecordSql(Resource resource, DatabaseKind kind) {
        this.resource = resource;
        this.kind = kind;
        this.columnList = resource.columns().stream().map(Column::quoted).collect(Collectors.joining(", "));
    }

    /** Returns the quoted, comma-separated served columns, in order. */
    public String columnList() {
        return columnList;
    }

    /**
     * {@code SELECT … WHERE key [AND owner] [AND deleted_at IS NULL] [FOR UPDATE]}; binds: key values, then owner.
     *
     * @param scope the caller's scope
     * @param lock  true to lock the row for the rest of the transaction (PostgreSQL; SQLite writes are serialized)
     * @return the SQL
     */
    public String selectByKey(Scope scope, boolean lock) {
        return cache.computeIfAbsent("s" + flags(scope) + lock, k ->
                "SELECT " + columnList + " FROM " + resource.table() + whereKey(scope)
                        + (lock && kind == DatabaseKind.POSTGRESQL ? " FOR UPDATE" : ""));
    }

    /**
     * {@code INSERT … RETURNING …} for the present columns; binds: the present values in column order.
     *
     * @param values the values (their shape picks the statement)
     * @return the SQL
     */
    public String insert(WriteValues values) {
        return cache.computeIfAbsent("i" + values.shape(), k -> {
            List<Column> cols = values.presentColumns();
            if (cols.isEmpty()) {
                return "INSERT INTO " + resource.table() + " DEFAULT VALUES RETURNING " + columnList;
            }
            return "INSERT INTO " + resource.table() + " ("
                    + cols.stream().map(Column::quoted).collect(Collectors.joining(", "))
                    + ") VALUES (" + cols.stream().map(c -> "?").collect(Collectors.joining(", "))
                    + ") RETURNING " + columnList;
        });
    }

    /**
     * {@code INSERT … (cols) VALUES (…), (…) … RETURNING …} for {@code rows} rows of the present columns;
     * binds: each row's present values in turn. Kept per row count and shape (a bulk create of 100 rows
     * built its 100 tuples again on every request), the first {@value #MULTI_ROW_INSERTS_KEPT} only: clients
     * choose both, and a text of 500 rows is several kilobytes.
     *
     * @param values the values of one row (all rows share its present columns)
     * @param rows   the number of rows, at least 1
     * @return the SQL
     */
    public String insertMany(WriteValues values, int rows) {
        if (rows == 1 || values.presentColumns().isEmpty()) {
            return insert(values);
        }
        String key = rows + "|" + values.shape();
        String text = multiRowInserts.get(key);
        if (text == null) {
            text = insertManyText(values, rows);
            if (multiRowInserts.size() < MULTI_ROW_INSERTS_KEPT) {
                multiRowInserts.putIfAbsent(key, text);
            }
        }
        return text;
    }

    private String insertManyText(WriteValues values, int rows) {
        List<Column> cols = values.presentColumns();
        String tuple = "(" + cols.stream().map(c -> "?").collect(Collectors.joining(", ")) + ")";
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(resource.table()).append(" (")
                .append(cols.stream().map(Column::quoted).collect(Collectors.joining(", "))).append(") VALUES ");
        for (int i = 0; i < rows; i++) {
            sql.append(i == 0 ? "" : ", ").append(tuple);
        }
        return sql.append(" RETURNING ").append(columnList).toString();
    }

    /**
     * {@code UPDATE … SET … WHERE key [AND owner] RETURNING …}; binds: the present values, key values, owner.
     *
     * @param values the values
     * @param scope  the caller's scope (deleted rows are reachable: the row was checked before)
     * @return the SQL
     */
    public String update(WriteValues values, Scope scope) {
        Scope s = scope.withDeleted();
        return cache.computeIfAbsent("u" + values.shape() + flags(s), k ->
                "UPDATE " + resource.table() + " SET "
                        + values.presentColumns().stream().map(c -> c.quoted() + " = ?").collect(Collectors.joining(", "))
                        + whereKey(s) + " RETURNING " + columnList);
    }

    /**
     * {@code UPDATE … SET … WHERE key [AND owner] [AND deleted_at IS NULL] AND (each guarded column IS NULL OR
     * it < ?) RETURNING …}: the update of a row not read before, which changes the row only when it is in
     * the caller's scope and its {@code updated_at} lies before the new one; binds: the present values, key
     * values, owner, then one value per guarded column.
     *
     * @param values  the values
     * @param scope   the caller's read scope (soft-deleted rows are not reached)
     * @param guarded the columns that must hold a time before the one bound for them (empty: no guard)
     * @return the SQL
     */
    public String updateIfBefore(WriteValues values, Scope scope, List<Column> guarded) {
        String names = guarded.stream().map(Column::quoted).collect(Collectors.joining(","));
        return cache.computeIfAbsent("g" + values.shape() + flags(scope) + "|" + names, k ->
                "UPDATE " + resource.table() + " SET "
                        + values.presentColumns().stream().map(c -> c.quoted() + " = ?").collect(Collectors.joining(", "))
                        + whereKey(scope)
                        + guarded.stream().map(c -> " AND (" + c.quoted() + " IS NULL OR " + c.quoted() + " < ?)")
                                .collect(Collectors.joining())
                        + " RETURNING " + columnList);
    }

    /**
     * {@code DELETE … WHERE key [AND owner]}; binds: key values, owner.
     *
     * @param scope the caller's scope
     * @return the SQL
     */
    public String delete(Scope scope) {
        Scope s = scope.withDeleted();
        return cache.computeIfAbsent("d" + flags(s), k -> "DELETE FROM " + resource.table() + whereKey(s));
    }

    private String flags(Scope scope) {
        return (scope.owner().isPresent() ? "o" : "-") + (scope.includeDeleted() ? "a" : "l")
                + scope.rowsSql().map(r -> "|" + r.sql()).orElse("");
    }

    private String whereKey(Scope scope) {
        StringBuilder where = new StringBuilder(" WHERE ");
        where.append(resource.key().stream().map(c -> c.quoted() + " = ?").collect(Collectors.joining(" AND ")));
        if (scope.owner().isPresent()) {
            where.append(" AND ").append(resource.owner().orElseThrow().quoted()).append(" = ?");
        }
        if (scope.rowsSql().isPresent()) {
            // the access condition (docs/access-rules.md); its binds follow the key and owner binds
            where.append(" AND (").append(scope.rowsSql().get().sql()).append(')');
        }
        if (!scope.includeDeleted() && resource.deletedAt().isPresent()) {
            where.append(" AND ").append(resource.deletedAt().get().quoted()).append(" IS NULL");
        }
        return where.toString();
    }
}
