package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Where each row of a rendered list lies in its buffer, recorded while the rows are written, so that
 * related rows can be spliced into the bytes afterwards instead of parsing the page back into a tree
 * (issue 5: the tree round trip was 44 % of an {@code include=company} page's CPU time).
 *
 * <p>The generator must write into the {@link ByteArrayOutputStream} given here, without a pretty
 * printer; a position is the stream's size plus what the generator still buffers.
 */
public final class RowSpans {

    private final ByteArrayOutputStream out;
    private int[] starts = new int[32];
    private int[] ends = new int[32];
    private int size;

    /**
     * @param out the stream the rows' generator writes into
     */
    public RowSpans(ByteArrayOutputStream out) {
        this.out = out;
    }

    /**
     * Marks the start of a row; call just before the row's object is written. The position may be that
     * of the separating comma the generator writes before the row's {@code {}.
     *
     * @param g the generator writing into this recorder's stream
     */
    public void begin(JsonGenerator g) {
        grow();
        starts[size] = position(g);
    }

    /**
     * Marks the end of the row begun last; call just after its closing {@code }} was written.
     *
     * @param g the generator writing into this recorder's stream
     */
    public void end(JsonGenerator g) {
        ends[size++] = position(g) - 1;
    }

    /** Records a row lying at {@code start}…{@code end} (both inclusive) of a buffer written otherwise. */
    void mark(int start, int end) {
        grow();
        starts[size] = start;
        ends[size++] = end;
    }

    private void grow() {
        if (size == starts.length) {
            starts = Arrays.copyOf(starts, size * 2);
            ends = Arrays.copyOf(ends, size * 2);
        }
    }

    private int position(JsonGenerator g) {
        return out.size() + g.getOutputBuffered();
    }

    /** Returns the number of rows recorded. */
    int size() {
        return size;
    }

    /** Returns the offset where row {@code i} was begun (its {@code {}, or the comma before it). */
    int start(int i) {
        return starts[i];
    }

    /** Returns the offset of row {@code i}'s closing {@code }}. */
    int end(int i) {
        return ends[i];
    }
}
