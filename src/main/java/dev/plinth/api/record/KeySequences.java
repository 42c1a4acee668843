package dev.plinth.api.record;

import dev.plinth.api.resource.Column;
import dev.plinth.api.resource.Resource;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.sql.DatabaseKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a PostgreSQL sequence ahead of values written explicitly into its {@code autoincrement()}
 * column, so the next generated value never collides with them. PostgreSQL's {@code serial} takes its
 * values from a sequence that an explicit insert does not advance ("Numeric types", serial types:
 * https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-SERIAL); SQLite needs nothing,
 * as its next rowid is one more than the largest (https://www.sqlite.org/autoinc.html).
 *
 * <p>After such an insert the sequence is moved to the largest value written with {@code setval}, only
 * forward, under a transaction-scoped advisory lock on the sequence so two concurrent explicit inserts
 * cannot move it back ({@code setval} is not transactional). Inserts that leave the column to its
 * default never come here.
 */
final class KeySequences {

    private final boolean postgres;
    private final Map<String, Optional<String>> sequences = new ConcurrentHashMap<>();

    /**
     * @param kind the database
     */
    KeySequences(DatabaseKind kind) {
        this.postgres = kind == DatabaseKind.POSTGRESQL;
    }

    /**
     * Advances the sequences of the {@code autoincrement()} columns the inserted rows set explicitly.
     *
     * @param c        the connection, in the insert's transaction
     * @param resource the resource
     * @param rows     the inserted values (all of one shape)
     * @throws SQLException when the database fails
     */
    void advance(Connection c, Resource resource, List<WriteValues> rows) throws SQLException {
        if (!postgres) {
            return;
        }
        WriteValues first = rows.getFirst();
        for (Column col : resource.columns()) {
            if (!first.has(col) || !(col.field().defaultValue().orElse(null) instanceof DefaultValue.Autoincrement)) {
                continue;
            }
            long max = Long.MIN_VALUE;
            for (WriteValues row : rows) {
                if (row.get(col) instanceof Long v) {
                    max = Math.max(max, v);
                }
            }
            Optional<String> sequence = sequence(c, resource, col);
            if (max != Long.MIN_VALUE && sequence.isPresent()) {
                moveForward(c, sequence.get(), max);
            }
        }
    }

    private Optional<String> sequence(Connection c, Resource resource, Column col) throws SQLException {
        String cacheKey = resource.table() + "." + col.name();
        Optional<String> known = sequences.get(cacheKey);
        if (known != null) {
            return known;
        }
        // the table text may be schema-qualified and quoted; the column name is taken as written
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_get_serial_sequence(?, ?)")) {
            ps.setString(1, resource.table());
            ps.setString(2, col.field().columnName());
            try (ResultSet rs = ps.executeQuery()) {
                Optional<String> found = rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                sequences.put(cacheKey, found);
                return found;
            }
        }
    }

    private static void moveForward(Connection c, String sequence, long value) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, "plinth sequence " + sequence);
            lock.executeQuery().close();
        }
        // the sequence name comes from pg_get_serial_sequence, already quoted; last_value is only a
        // used value when is_called
        try (PreparedStatement ps = c.prepareStatement("SELECT setval(?::regclass, ?, true) FROM " + sequence
                + " WHERE CASE WHEN is_called THEN last_value ELSE last_value - 1 END < ?")) {
            ps.setString(1, sequence);
            ps.setLong(2, value);
            ps.setLong(3, value);
            ps.executeQuery().close();
        }
    }
}
