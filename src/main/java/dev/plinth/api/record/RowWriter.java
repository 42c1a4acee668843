package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import dev.plinth.api.resource.Column;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Streams rows of one query shape from a {@link ResultSet} into JSON objects. The column order,
 * field names (pre-encoded) and codecs are fixed when the writer is made, so a row costs one
 * codec call per column and no allocation per row (docs/api.md, "Storage and speed").
 */
public final class RowWriter {

    private final List<Column> columns;
    private final SerializedString[] names;
    private final int[] positions;
    private final ColumnMask[] masks;

    /**
     * Creates a writer for a {@code SELECT} whose columns are exactly {@code columns}, in order.
     *
     * @param columns the selected columns
     */
    public RowWriter(List<Column> columns) {
        this(columns, null, null);
    }

    /**
     * Creates a writer for a caller's view of rows (docs/access-rules.md): only {@code columns}, each
     * read at its position in the {@code SELECT}, masked where a mask is given.
     *
     * @param columns   the columns to write, in order
     * @param positions each column's 1-based position in the result set; null for 1, 2, 3, …
     * @param masks     each column's mask or null; null for no masks
     */
    public RowWriter(List<Column> columns, int[] positions, ColumnMask[] masks) {
        this.columns = List.copyOf(columns);
        this.names = columns.stream().map(c -> new SerializedString(c.name())).toArray(SerializedString[]::new);
        this.positions = positions == null ? java.util.stream.IntStream.rangeClosed(1, columns.size()).toArray() : positions.clone();
        this.masks = masks == null ? new ColumnMask[columns.size()] : masks.clone();
    }

    /** Returns the columns, in select order. */
    public List<Column> columns() {
        return columns;
    }

    /**
     * Writes the current row as one JSON object.
     *
     * @param rs the result set, positioned on a row
     * @param g  the generator
     * @throws SQLException when reading fails
     * @throws IOException  when writing fails
     */
    public void write(ResultSet rs, JsonGenerator g) throws SQLException, IOException {
        g.writeStartObject();
        for (int i = 0; i < names.length; i++) {
            g.writeFieldName(names[i]);
            if (masks[i] != null) {
                String v = rs.getString(positions[i]);
                if (v == null) {
                    g.writeNull();
                } else {
                    g.writeString(masks[i].apply(rs, v));
                }
                continue;
            }
            columns.get(i).codec().write(rs, positions[i], g);
        }
        g.writeEndObject();
    }

    /**
     * Renders the current row to bytes (single-row answers, ETags, batch results).
     *
     * @param rs      the result set, positioned on a row
     * @param factory the JSON factory
     * @return the row's UTF-8 JSON
     * @throws SQLException when reading fails
     */
    public byte[] toBytes(ResultSet rs, JsonFactory factory) throws SQLException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = factory.createGenerator(out)) {
            write(rs, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
