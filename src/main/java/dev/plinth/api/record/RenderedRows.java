package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.plinth.schema.model.Field;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rows already rendered to JSON (a page, or the related rows of one include), read and extended in
 * place: key values are read from a row's bytes with a streaming parser, and the fields an include or a
 * label adds are spliced in before the row's closing {@code }} when the rows are written out. Nothing is
 * parsed into a tree and serialized again, so the rows' bytes stay those their column codecs wrote.
 *
 * <p>All rows come from one {@link RowWriter}, so they have the same fields in the same order.
 */
final class RenderedRows {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final ObjectReader values;
    private final byte[] bytes;
    private final int[] starts;
    private final int[] ends;
    private final Map<String, Scan> scans = new HashMap<>();
    private final List<List<Addition>> additions;
    private Set<String> fields;

    /**
     * @param mapper the JSON mapper (its parsing settings read non-text key values as a tree would)
     * @param bytes  the buffer holding the rows
     * @param spans  where each row lies in {@code bytes}
     */
    RenderedRows(ObjectMapper mapper, byte[] bytes, RowSpans spans) {
        this(valueReader(mapper), bytes, spans);
    }

    /**
     * @param values the reader from {@link #valueReader}, made once by the caller
     * @param bytes  the buffer holding the rows
     * @param spans  where each row lies in {@code bytes}
     */
    RenderedRows(ObjectReader values, byte[] bytes, RowSpans spans) {
        this.values = values;
        this.bytes = bytes;
        this.starts = new int[spans.size()];
        this.ends = new int[spans.size()];
        for (int i = 0; i < starts.length; i++) {
            int s = spans.start(i);
            starts[i] = bytes[s] == ',' ? s + 1 : s;
            ends[i] = spans.end(i);
        }
        this.additions = new ArrayList<>(java.util.Collections.nCopies(starts.length, (List<Addition>) null));
    }

    /**
     * The reader rows are scanned with, to be made once and shared (an {@code ObjectReader} is immutable and
     * costs a visible share of an include's time to derive per page): the mapper's parsing settings, except
     * that a value is read from the middle of a row, where the rest of the row follows it, and without the
     * request bodies' duplicate-name check, as these rows are Plinth's own output, written once per column
     * (the check's name set per object was 4 % of an {@code include=company} page's CPU time in JFR).
     *
     * @param mapper the JSON mapper
     * @return the reader for {@link #RenderedRows(ObjectReader, byte[], RowSpans)}
     */
    static ObjectReader valueReader(ObjectMapper mapper) {
        // off on a copy's factory: the parser makes its duplicate detector from the factory's features, and
        // ObjectReader.without(JsonParser.Feature) does not take it away again (RenderedRowsTest)
        ObjectMapper copy = mapper.copy();
        copy.getFactory().disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        return copy.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Returns the number of rows. */
    int size() {
        return starts.length;
    }

    /** Tells whether the rows have the field {@code name} (false when there are no rows). */
    boolean has(String name) {
        if (fields == null) {
            fields = starts.length == 0 ? Set.of() : names(0);
        }
        return fields.contains(name);
    }

    /**
     * The key tuple of a row as text per column (as {@link RelatedFetch#keyText} reads a tree's value),
     * or null when a value is null or missing (such a row relates to nothing).
     *
     * @param row     the row's index
     * @param columns the key columns
     */
    List<String> key(int row, List<Field> columns) {
        if (columns.size() == 1) {
            String text = scan(columns.getFirst().apiName()).text[row];
            return text == null ? null : List.of(text);
        }
        List<String> key = new ArrayList<>(columns.size());
        for (Field f : columns) {
            String text = scan(f.apiName()).text[row];
            if (text == null) {
                return null;
            }
            key.add(text);
        }
        return key;
    }

    /** Returns the JSON of a row's field as written (null's bytes when the row lacks it). */
    byte[] value(int row, String name) {
        Scan s = scan(name);
        return s.from[row] < 0 ? NULL : Arrays.copyOfRange(bytes, s.from[row], s.to[row]);
    }

    /**
     * Sets a field of a row, as {@code ObjectNode.set} would: a field the row (or an earlier addition)
     * already has keeps its place and takes the new value; any other is added at the end.
     *
     * @param row   the row's index
     * @param name  the field's name
     * @param value its value
     */
    void set(int row, String name, Embedded value) {
        List<Addition> list = additions.get(row);
        if (list == null) {
            list = new ArrayList<>(2);
            additions.set(row, list);
        }
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                list.set(i, new Addition(name, list.get(i).quoted(), value));
                return;
            }
        }
        list.add(new Addition(name, quoted(name), value));
    }

    /** Returns the whole buffer with every row's additions spliced in. */
    byte[] splice() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 2);
        int copied = 0;
        for (int i = 0; i < starts.length; i++) {
            out.write(bytes, copied, starts[i] - copied);
            writeRow(i, out);
            copied = ends[i] + 1;
        }
        out.write(bytes, copied, bytes.length - copied);
        return out.toByteArray();
    }

    /** Writes one row, its additions spliced in. */
    void writeRow(int row, ByteArrayOutputStream out) {
        List<Addition> list = additions.get(row);
        int from = starts[row];
        if (list == null) {
            out.write(bytes, from, ends[row] + 1 - from);
            return;
        }
        List<Addition> appended = new ArrayList<>(list.size());
        List<Addition> replaced = new ArrayList<>(0);
        for (Addition a : list) {
            (has(a.name()) ? replaced : appended).add(a);
        }
        // a field the row has already keeps its place: its value is replaced where it stands
        replaced.sort(java.util.Comparator.comparingInt(a -> scan(a.name()).from[row]));
        for (Addition a : replaced) {
            Scan s = scan(a.name());
            out.write(bytes, from, s.from[row] - from);
            a.value().write(out);
            from = s.to[row];
        }
        out.write(bytes, from, ends[row] - from);
        boolean first = bytes[ends[row] - 1] == '{';
        for (Addition a : appended) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(a.quoted());
            out.write(':');
            a.value().write(out);
        }
        out.write('}');
    }

    /** Returns a field name as a quoted JSON string. */
    private static byte[] quoted(String name) {
        byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(name);
        byte[] q = new byte[inner.length + 2];
        q[0] = '"';
        System.arraycopy(inner, 0, q, 1, inner.length);
        q[q.length - 1] = '"';
        return q;
    }

    /** The field names of one row, in order. */
    private Set<String> names(int row) {
        Set<String> names = new LinkedHashSet<>();
        try (JsonParser p = parser(row)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                names.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private JsonParser parser(int row) throws IOException {
        return values.createParser(bytes, starts[row], ends[row] + 1 - starts[row]);
    }

    /** Reads one field of every row (its key text and where its value lies), once per field. */
    private Scan scan(String name) {
        Scan s = scans.get(name);
        if (s != null) {
            return s;
        }
        s = scanPlain(name);
        if (s != null) {
            scans.put(name, s);
            return s;
        }
        s = new Scan(starts.length);
        int n = starts.length;
        try {
            if (n > 1 && bytes[starts[0] - 1] == '[' && bytes[ends[n - 1] + 1] == ']') {
                // the rows are one array's elements: one parser for all of them, as a parser costs more
                // to make than a row of a few fields costs to read (JFR of include-company)
                int from = starts[0] - 1;
                try (JsonParser p = values.createParser(bytes, from, ends[n - 1] + 2 - from)) {
                    p.nextToken();
                    for (int i = 0; i < n; i++) {
                        p.nextToken();
                        scanObject(p, from, i, name, s);
                    }
                }
            } else {
                for (int i = 0; i < n; i++) {
                    try (JsonParser p = parser(i)) {
                        p.nextToken();
                        scanObject(p, starts[i], i, name, s);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        scans.put(name, s);
        return s;
    }

    /**
     * Reads one field of every row from the bytes alone ({@link RowMembers}), or returns null when a row
     * needs a parser (the field missing, a value a tree would read otherwise).
     */
    private Scan scanPlain(String name) {
        byte[] q = quoted(name);
        Scan s = new Scan(starts.length);
        for (int i = 0; i < starts.length; i++) {
            int[] span = RowMembers.span(bytes, starts[i], ends[i], q);
            if (span == null) {
                return null;
            }
            if (!RowMembers.isNull(bytes, span[0], span[1])) {
                s.text[i] = RowMembers.plainText(bytes, span[0], span[1]);
                if (s.text[i] == null) {
                    return null;
                }
            }
            s.from[i] = span[0];
            s.to[i] = span[1];
        }
        return s;
    }

    /**
     * Reads field {@code name} of the object the parser is on, through its closing brace.
     *
     * @param base the offset in {@code bytes} that the parser's offsets count from
     */
    private void scanObject(JsonParser p, int base, int row, String name, Scan s) throws IOException {
        JsonToken t = p.nextToken();
        while (t == JsonToken.FIELD_NAME) {
            boolean wanted = name.equals(p.currentName());
            JsonToken value = p.nextToken();
            if (!wanted) {
                p.skipChildren();
                t = p.nextToken();
                continue;
            }
            s.from[row] = base + (int) p.currentTokenLocation().getByteOffset();
            s.text[row] = switch (value) {
                case VALUE_NULL -> null;
                // the token's text is what a tree's TextNode, IntNode/LongNode or BooleanNode shows
                case VALUE_STRING, VALUE_NUMBER_INT, VALUE_TRUE, VALUE_FALSE -> p.getText();
                // decimals (trailing zeros), objects and arrays: exactly as the tree read them
                default -> RelatedFetch.keyText(values.readTree(p));
            };
            t = p.nextToken();
            // the value ends where the next field's comma (or the row's closing brace) is
            s.to[row] = t == JsonToken.FIELD_NAME ? base + (int) p.currentTokenLocation().getByteOffset() - 1 : ends[row];
            while (t == JsonToken.FIELD_NAME) {
                p.nextToken();
                p.skipChildren();
                t = p.nextToken();
            }
        }
    }

    /** One field of every row: its key text (null when null or missing) and value span ({@code from} -1 when missing). */
    private static final class Scan {
        final String[] text;
        final int[] from;
        final int[] to;

        Scan(int rows) {
            text = new String[rows];
            from = new int[rows];
            to = new int[rows];
            Arrays.fill(from, -1);
        }
    }

    private record Addition(String name, byte[] quoted, Embedded value) {
    }

    /** What an include or a label sets: raw JSON, one rendered row (or null), or an array of rendered rows. */
    sealed interface Embedded {

        /** JSON {@code null}. */
        Embedded NULL_VALUE = new Json(NULL);

        /** Writes the value's JSON. */
        void write(ByteArrayOutputStream out);

        /** A value's JSON as written by a column codec. */
        record Json(byte[] bytes) implements Embedded {
            @Override
            public void write(ByteArrayOutputStream out) {
                out.writeBytes(bytes);
            }
        }

        /** One related row, with what is embedded in it in turn. */
        record Row(RenderedRows rows, int index) implements Embedded {
            @Override
            public void write(ByteArrayOutputStream out) {
                rows.writeRow(index, out);
            }
        }

        /** An array of related rows, in the given order. */
        record Rows(RenderedRows rows, int[] indices) implements Embedded {
            @Override
            public void write(ByteArrayOutputStream out) {
                out.write('[');
                for (int i = 0; i < indices.length; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    rows.writeRow(indices[i], out);
                }
                out.write(']');
            }
        }
    }
}
