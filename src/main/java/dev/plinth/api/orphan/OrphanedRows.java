package dev.plinth.api.orphan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.api.ApiProblem;
import dev.plinth.api.QueryString;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.Dialect;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;
import dev.plinth.sql.ddl.TableSnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads one orphaned table for {@code /api/_orphaned/<table>}: a page of rows in key order, or one row by its
 * primary key, as JSON with every column the database holds ({@link StoredValueWriter}). Identifiers come
 * from the introspected table, never from the request; every value is a bind parameter.
 */
final class OrphanedRows {

    /** Integer column types whose key text is checked and bound as a number. */
    private static final Set<String> INTEGER_TYPES = Set.of("SMALLINT", "INTEGER", "INT", "BIGINT", "INT2", "INT4", "INT8");
    /** A key integer as the API writes it: no sign but -, no leading zeros (docs/api.md, "Keys in paths"). */
    private static final Pattern CANONICAL_INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

    private final TableSnapshot table;
    private final DatabaseKind kind;
    private final JsonFactory json;
    private final StoredValueWriter values;
    private final String select;
    private final List<String> key;

    /**
     * @param table  the orphaned table as introspected
     * @param kind   the database
     * @param json   writes the answers
     * @param values writes each stored value
     */
    OrphanedRows(TableSnapshot table, DatabaseKind kind, JsonFactory json, StoredValueWriter values) {
        this.table = table;
        this.kind = kind;
        this.json = json;
        this.values = values;
        Dialect dialect = kind.dialect();
        this.key = table.primaryKey().map(PrimaryKeySnapshot::columns).orElse(List.of());
        this.select = "SELECT " + table.columns().stream().map(c -> dialect.quote(c.name())).collect(Collectors.joining(", "))
                + " FROM " + dialect.quote(table.name());
    }

    /**
     * Drops the table, in a write transaction of its own.
     *
     * @param database the served database
     * @throws dev.plinth.api.ProblemException 409 {@code still_referenced} when the database refuses because
     *                                         another table still references it (nothing was dropped)
     * @throws SQLException when the database fails otherwise
     */
    void drop(dev.plinth.api.store.Database database) throws SQLException {
        String sql = "DROP TABLE " + kind.dialect().quote(table.name());
        try {
            database.write(c -> {
                try (java.sql.Statement s = c.createStatement()) {
                    s.execute(sql);
                }
                return null;
            });
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            String message = e.getMessage() == null ? "" : e.getMessage();
            // PostgreSQL 2BP01 dependent_objects_still_exist (a foreign key or view); SQLite: the implicit
            // DELETE of DROP TABLE breaks a foreign key (https://www.sqlite.org/foreignkeys.html#fk_schemacommands)
            if (state.equals("2BP01") || message.contains("FOREIGN KEY constraint failed")) {
                throw ApiProblem.STILL_REFERENCED.with("the database refuses to drop " + table.name()
                        + ": another table or view still depends on it; nothing was dropped");
            }
            throw e;
        }
    }

    /** Returns true when rows can be read by key (the table has a primary key). */
    boolean addressable() {
        return !key.isEmpty();
    }

    /**
     * Reads a page: {@code {"data":[…], "page":1, "per_page":50}}, with {@code "total"} when counted. Rows are in
     * primary-key order; a table without one is read in storage order (SQLite {@code rowid}, PostgreSQL
     * {@code ctid}), stable while nothing writes the table — and nothing does while it is held.
     *
     * @param c       a read connection
     * @param page    the page, from 1
     * @param perPage the rows per page, 0 for none
     * @param count   true to add the total row count
     * @return the JSON answer
     * @throws SQLException when the database fails
     */
    byte[] page(Connection c, int page, int perPage, boolean count) throws SQLException {
        Dialect dialect = kind.dialect();
        String order = key.isEmpty() ? (kind == DatabaseKind.SQLITE ? "rowid" : "ctid")
                : key.stream().map(dialect::quote).collect(Collectors.joining(", "));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            try (PreparedStatement s = c.prepareStatement(select + " ORDER BY " + order + " LIMIT ? OFFSET ?")) {
                s.setInt(1, perPage);
                s.setLong(2, (long) (page - 1) * perPage);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        writeRow(g, rs);
                    }
                }
            }
            g.writeEndArray();
            g.writeNumberField("page", page);
            g.writeNumberField("per_page", perPage);
            if (count) {
                try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + dialect.quote(table.name()));
                     ResultSet rs = s.executeQuery()) {
                    rs.next();
                    g.writeNumberField("total", rs.getLong(1));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * Reads one row by its primary key.
     *
     * @param c      a read connection
     * @param rawKey the key as it appears in the path: the key columns' values in key order, comma-separated,
     *               each percent-encoded
     * @return the row's JSON, or empty when no row has the key
     * @throws dev.plinth.api.ProblemException 400 {@code invalid_key} when the key has the wrong number of parts or
     *                                         a part the column's type cannot hold
     * @throws SQLException when the database fails
     */
    Optional<byte[]> row(Connection c, String rawKey) throws SQLException {
        String[] parts = rawKey.split(",", -1);
        if (parts.length != key.size()) {
            throw ApiProblem.INVALID_KEY.with("the key of the orphaned table " + table.name() + " has " + key.size() + " part"
                    + (key.size() == 1 ? "" : "s") + " (" + String.join(",", key) + "), got " + parts.length);
        }
        Dialect dialect = kind.dialect();
        String where = key.stream().map(k -> dialect.quote(k) + " = ?").collect(Collectors.joining(" AND "));
        try (PreparedStatement s = c.prepareStatement(select + " WHERE " + where)) {
            for (int i = 0; i < parts.length; i++) {
                String text = QueryString.decode(parts[i], true).orElseThrow(() -> ApiProblem.INVALID_KEY.with(
                        "the key is not percent-encoded exactly (% and two hex digits, UTF-8 bytes)"));
                bindKey(s, i + 1, key.get(i), text);
            }
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                try (JsonGenerator g = json.createGenerator(out)) {
                    writeRow(g, rs);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return Optional.of(out.toByteArray());
            }
        } catch (SQLException e) {
            if (kind == DatabaseKind.POSTGRESQL && e.getSQLState() != null && e.getSQLState().startsWith("22")) {
                // data exception: the text is no value of the key column's type (an invalid uuid, date, enum label…)
                throw ApiProblem.INVALID_KEY.with("the key is not a value of the key column's type: " + key
                        + " of " + table.name());
            }
            throw e;
        }
    }

    private void bindKey(PreparedStatement s, int index, String column, String text) throws SQLException {
        ColumnSnapshot col = table.column(column).orElseThrow();
        String type = col.type().toUpperCase(Locale.ROOT);
        if (INTEGER_TYPES.contains(type) || col.autoincrement()) {
            if (!CANONICAL_INTEGER.matcher(text).matches()) {
                throw ApiProblem.INVALID_KEY.with(column + ": expected an integer written plainly (digits, an optional"
                        + " leading -, no leading zeros, spaces or +), got \"" + text + "\"");
            }
            try {
                s.setLong(index, Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw ApiProblem.INVALID_KEY.with(column + ": " + text + " is beyond a 64-bit integer");
            }
        } else if (kind == DatabaseKind.POSTGRESQL) {
            // sent untyped: PostgreSQL reads the text as the column's type (uuid, enum, date, text…)
            s.setObject(index, text, Types.OTHER);
        } else {
            // SQLite: a bound parameter has no affinity, so the column's numeric affinity applies to it
            // (https://www.sqlite.org/datatype3.html#type_conversions_prior_to_comparison)
            s.setString(index, text);
        }
    }

    private void writeRow(JsonGenerator g, ResultSet rs) throws SQLException {
        try {
            g.writeStartObject();
            int index = 1;
            for (ColumnSnapshot column : table.columns()) {
                g.writeFieldName(column.name());
                values.write(g, rs, index++, column);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
