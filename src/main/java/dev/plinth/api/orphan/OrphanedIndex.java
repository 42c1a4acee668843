package dev.plinth.api.orphan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.migrate.HeldChange;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.ColumnSnapshot;
import dev.plinth.sql.ddl.PrimaryKeySnapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The answer of {@code GET /api/_orphaned}: {@code {"data":[{"table":"Company","rows":12,"columns":[{"name":"id",
 * "type":"INTEGER","nullable":false},…],"primary_key":["id"],"kept_by":"drop table \"Company\" (held: …)"}]}},
 * the tables in the plan's order. Rows are counted now (the count in {@code kept_by} is the start's).
 */
final class OrphanedIndex {

    private OrphanedIndex() {
    }

    /**
     * Writes the list.
     *
     * @param c        a read connection
     * @param kind     the database
     * @param json     writes the answer
     * @param orphaned the tables orphaned now
     * @return the JSON answer
     * @throws SQLException when a table cannot be counted
     */
    static byte[] write(Connection c, DatabaseKind kind, JsonFactory json, List<HeldChange.OrphanedTable> orphaned) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (HeldChange.OrphanedTable t : orphaned) {
                g.writeStartObject();
                g.writeStringField("table", t.table());
                g.writeNumberField("rows", count(c, kind, t.table()));
                g.writeArrayFieldStart("columns");
                for (ColumnSnapshot column : t.snapshot().columns()) {
                    g.writeStartObject();
                    g.writeStringField("name", column.name());
                    g.writeStringField("type", column.type());
                    g.writeBooleanField("nullable", column.nullable());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeArrayFieldStart("primary_key");
                for (String key : t.snapshot().primaryKey().map(PrimaryKeySnapshot::columns).orElse(List.of())) {
                    g.writeString(key);
                }
                g.writeEndArray();
                g.writeStringField("kept_by", t.description());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static long count(Connection c, DatabaseKind kind, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + kind.dialect().quote(table));
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
