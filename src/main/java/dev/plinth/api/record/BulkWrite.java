package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonFactory;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.ProblemException;
import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.value.ColumnCodec;
import dev.plinth.api.value.Timestamps;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The statements of a bulk update whose rows need no per-row database work beyond the update itself (no
 * access condition on rows, no model rules, no references to check): one {@code SELECT … FOR UPDATE} of
 * every row by key (PostgreSQL; SQLite's write transaction holds the write lock), a JDBC batch of one prepared
 * {@code UPDATE … WHERE key} executed for every row (pgjdbc sends the batch in one round trip) and one
 * {@code SELECT} of the rows as updated: three statements per request instead of two per row. On SQLite, in
 * the server's process, one compiled {@code UPDATE … RETURNING} is stepped per row instead of the batch and
 * the second read.
 *
 * <p>{@code UPDATE … FROM (VALUES …)} would be one statement, but on PostgreSQL every VALUES column needs the
 * target's type spelled out (an enum, Json or Decimal bind is untyped there) and neither database returns the
 * rows in request order, so the batch binds each value exactly as an item PATCH does (docs/api.md, "Bulk
 * updates", measured in docs/benchmarks.md).
 */
final class BulkWrite {

    /** One row to write: its index in the request, key, values and the expected {@code updated_at}. */
    record Row(int index, Object[] key, WriteValues values, Optional<Instant> expected) {
    }

    private final DatabaseKind kind;
    private final RecordService records;
    private final JsonFactory json = new JsonFactory();

    BulkWrite(DatabaseKind kind, RecordService records) {
        this.kind = kind;
        this.records = records;
    }

    /**
     * True when rows of this resource can be matched by key in Java: integer or plain text key parts,
     * compared as the database returns them.
     */
    static boolean keysComparable(Resource resource) {
        for (Column k : resource.key()) {
            if (!(k.codec() instanceof ColumnCodec.Whole) && !(k.codec() instanceof ColumnCodec.Text t && !t.uuid())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks and updates the rows, answering them in request order.
     *
     * @param c        the connection, in the request's write transaction
     * @param resource the resource
     * @param rows     the rows, each with the same columns set
     * @param scope    the caller's write scope (owner only: no access condition, no masked view)
     * @param caller   the caller, recorded in {@code updated_by}
     * @return the updated rows' JSON, in request order
     * @throws SQLException when the database fails (a refused batch is rethrown for the caller to name its row)
     * @throws ProblemException 404 for a key not in scope, 409 for a stale {@code _expected_updated_at}
     */
    List<byte[]> update(Connection c, Resource resource, List<Row> rows, Scope scope, Caller caller) throws SQLException {
        Map<List<Object>, Instant> stamps = new HashMap<>();
        present(c, resource, rows, scope, stamps);
        for (Row row : rows) {
            List<Object> k = comparable(row.key());
            if (!stamps.containsKey(k)) {
                throw BulkUpdate.atItem(ApiProblem.NOT_FOUND.with("no such row in " + resource.name()), row.index());
            }
            if (row.expected().isPresent()) {
                Instant at = stamps.get(k);
                if (at == null || !at.equals(row.expected().get())) {
                    // the stored row is rendered only for the 409's body: the pre-read above reads keys and stamps
                    Map<List<Object>, byte[]> stored = new HashMap<>();
                    select(c, resource, List.of(row), scope, stored);
                    throw BulkUpdate.atItem(new ProblemException(ApiProblem.CONCURRENT_UPDATE, "the row was updated at "
                            + (at == null ? "null" : Timestamps.format(at)) + ", not at " + Timestamps.format(row.expected().get()),
                            List.of(), stored.get(k)), row.index());
                }
            }
            for (Column col : resource.columns()) {
                switch (col.role()) {
                    case UPDATED_AT -> {
                        if (col.codec() instanceof ColumnCodec.DateTime) {
                            row.values().put(col, records.changeTime(stamps.get(k)));
                        }
                    }
                    case UPDATED_BY -> RecordService.putCallerValue(row.values(), col, caller);
                    default -> {
                    }
                }
            }
        }
        List<Column> set = rows.getFirst().values().presentColumns();
        String sql = "UPDATE " + resource.table() + " SET " + set.stream().map(col -> col.quoted() + " = ?")
                .collect(Collectors.joining(", ")) + where(resource, scope, 1);
        if (kind == DatabaseKind.SQLITE) {
            return returning(c, resource, rows, scope, set, sql);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row row : rows) {
                bindRow(ps, resource, row, scope, set);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            for (int r = 0; r < counts.length; r++) {
                if (counts[r] == 0) {
                    // read and locked in this transaction just before: only a vanished row can miss
                    throw BulkUpdate.atItem(ApiProblem.NOT_FOUND.with("no such row in " + resource.name()), rows.get(r).index());
                }
            }
        }
        Map<List<Object>, byte[]> updated = new HashMap<>();
        select(c, resource, rows, scope, updated);
        List<byte[]> out = new ArrayList<>(rows.size());
        for (Row row : rows) {
            out.add(updated.get(comparable(row.key())));
        }
        return out;
    }

    /**
     * SQLite: the one compiled {@code UPDATE … RETURNING} stepped once per row, in request order. SQLite runs
     * in the server's process, so a statement per row costs no round trip, and the rows come back as written
     * without a second read.
     */
    private List<byte[]> returning(Connection c, Resource resource, List<Row> rows, Scope scope, List<Column> set,
                                   String update) throws SQLException {
        String sql = update + " RETURNING " + resource.columns().stream().map(Column::quoted).collect(Collectors.joining(", "));
        RowWriter writer = records.rowWriter(resource);
        List<byte[]> out = new ArrayList<>(rows.size());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Row row : rows) {
                bindRow(ps, resource, row, scope, set);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw BulkUpdate.atItem(ApiProblem.NOT_FOUND.with("no such row in " + resource.name()), row.index());
                    }
                    out.add(writer.toBytes(rs, json));
                }
            }
        }
        return out;
    }

    private static void bindRow(PreparedStatement ps, Resource resource, Row row, Scope scope, List<Column> set) throws SQLException {
        int i = 1;
        for (Column col : set) {
            Object v = row.values().get(col);
            if (v == null) {
                ps.setNull(i++, java.sql.Types.NULL);
            } else {
                col.codec().bind(ps, i++, v);
            }
        }
        bindScope(ps, bindKeys(ps, i, resource, List.of(row)), resource, scope);
    }

    /**
     * Reads which rows of {@code rows} are in scope, with their {@code updated_at} (null without one), into
     * {@code stamps}, by key. Only keys and the stamp are read: rendering every row as JSON here, only to
     * find it exists, cost a fifth of a bulk update's time on SQLite (JFR, docs/benchmarks.md "Bulk updates").
     * On PostgreSQL the rows are locked, in key order: two bulk updates of the same rows wait for each other
     * instead of deadlocking (PostgreSQL locks rows as it returns them); SQLite's write transaction holds the
     * database's write lock already.
     */
    private void present(Connection c, Resource resource, List<Row> rows, Scope scope, Map<List<Object>, Instant> stamps)
            throws SQLException {
        Optional<Column> updatedAt = resource.updatedAt().filter(col -> col.codec() instanceof ColumnCodec.DateTime);
        List<Column> read = new ArrayList<>(resource.key());
        updatedAt.ifPresent(read::add);
        String sql = "SELECT " + read.stream().map(Column::quoted).collect(Collectors.joining(", "))
                + " FROM " + resource.table() + where(resource, scope, rows.size())
                + (kind == DatabaseKind.POSTGRESQL ? " ORDER BY "
                + resource.key().stream().map(Column::quoted).collect(Collectors.joining(", ")) + " FOR UPDATE" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, bindKeys(ps, 1, resource, rows), resource, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(resource.key().size());
                    for (int k = 0; k < resource.key().size(); k++) {
                        key.add(resource.key().get(k).codec() instanceof ColumnCodec.Whole ? (Object) rs.getLong(k + 1) : rs.getString(k + 1));
                    }
                    stamps.put(key, updatedAt.isPresent()
                            ? ((ColumnCodec.DateTime) updatedAt.get().codec()).read(rs, read.size()) : null);
                }
            }
        }
    }

    /** Reads every row of {@code rows} in scope, as JSON, into {@code into} by key. */
    private void select(Connection c, Resource resource, List<Row> rows, Scope scope, Map<List<Object>, byte[]> into)
            throws SQLException {
        String sql = "SELECT " + resource.columns().stream().map(Column::quoted).collect(Collectors.joining(", "))
                + " FROM " + resource.table() + where(resource, scope, rows.size());
        RowWriter writer = records.rowWriter(resource);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindScope(ps, bindKeys(ps, 1, resource, rows), resource, scope);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Object> key = new ArrayList<>(resource.key().size());
                    for (Column k : resource.key()) {
                        key.add(k.codec() instanceof ColumnCodec.Whole ? (Object) rs.getLong(k.position() + 1) : rs.getString(k.position() + 1));
                    }
                    into.put(key, writer.toBytes(rs, json));
                }
            }
        }
    }

    private static void bindScope(PreparedStatement ps, int next, Resource resource, Scope scope) throws SQLException {
        if (scope.owner().isPresent()) {
            resource.owner().orElseThrow().codec().bind(ps, next, scope.owner().get());
        }
    }

    /** {@code WHERE} the key is one of {@code rows} keys, in the owner's rows, not soft-deleted. */
    private static String where(Resource resource, Scope scope, int rows) {
        List<Column> key = resource.key();
        StringBuilder where = new StringBuilder(" WHERE ");
        if (key.size() == 1) {
            where.append(key.getFirst().quoted()).append(rows == 1 ? " = ?" : " IN (?" + ", ?".repeat(rows - 1) + ")");
        } else {
            String one = "(" + key.stream().map(k -> k.quoted() + " = ?").collect(Collectors.joining(" AND ")) + ")";
            where.append('(');
            for (int r = 0; r < rows; r++) {
                where.append(r == 0 ? "" : " OR ").append(one);
            }
            where.append(')');
        }
        if (scope.owner().isPresent()) {
            where.append(" AND ").append(resource.owner().orElseThrow().quoted()).append(" = ?");
        }
        if (!scope.includeDeleted() && resource.deletedAt().isPresent()) {
            where.append(" AND ").append(resource.deletedAt().get().quoted()).append(" IS NULL");
        }
        return where.toString();
    }

    private static int bindKeys(PreparedStatement ps, int first, Resource resource, List<Row> rows) throws SQLException {
        int i = first;
        for (Row row : rows) {
            for (int k = 0; k < row.key().length; k++) {
                resource.key().get(k).codec().bind(ps, i++, row.key()[k]);
            }
        }
        return i;
    }

    /** A request key as the database returns it: integers as longs, text as is. */
    static List<Object> comparable(Object[] key) {
        List<Object> out = new ArrayList<>(key.length);
        for (Object v : key) {
            out.add(v instanceof Number n ? (Object) n.longValue() : v);
        }
        return out;
    }
}
