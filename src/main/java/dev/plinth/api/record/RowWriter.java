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
     * Renders every remaining row of a result set, each to bytes of its own, with one generator (a
     * multi-row insert's returned rows: a generator per row cost more than the row).
     *
     * @param rs       the result set, before its first remaining row
     * @param factory  the JSON factory
     * @param expected how many rows are expected (a size hint)
     * @return each row's UTF-8 JSON, in order
     * @throws SQLException when reading fails
     */
    public List<byte[]> allToBytes(ResultSet rs, JsonFactory factory, int expected) throws SQLException {
        List<byte[]> rows = new java.util.ArrayList<>(expected);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 * Math.max(1, expected));
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setRootValueSeparator(null); // the rows are cut apart below, not read as one text
            int from = 0;
            java.util.List<Integer> ends = new java.util.ArrayList<>(expected);
            while (rs.next()) {
                write(rs, g);
                g.flush();
                ends.add(out.size());
            }
            byte[] all = out.toByteArray();
            for (int end : ends) {
                rows.add(java.util.Arrays.copyOfRange(all, from, end));
                from = end;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
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
