package dev.plinth.api.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON generator that writes the exact numbers of an answer (the Decimal and BigInt members its
 * {@link NumberShape} names) as JSON strings and everything else as given: {@code "amount": "12.50"},
 * {@code "views": "9007199254740993"}. JavaScript parses JSON numbers into doubles, which keep about 15
 * significant digits; a string keeps them all (docs/api.md, "Values in JSON"). Decimals are written in
 * plain notation ({@code "100000000000000000000"}, never {@code "1E+20"}).
 *
 * <p>It wraps the generator a list is streamed into, or rewrites an answer already rendered
 * ({@link #rewrite}); either way the digits are the ones the database gave, never a double's.
 */
public final class StringNumbers extends JsonGeneratorDelegate {

    private final NumberShape root;

    /**
     * Wraps a generator.
     *
     * @param out  the generator written to
     * @param root the shape of the answer's top-level value
     */
    public StringNumbers(JsonGenerator out, NumberShape root) {
        super(out, false);
        this.root = root;
    }

    /**
     * Rewrites a rendered answer with its exact numbers as strings.
     *
     * @param factory the JSON factory
     * @param json    the answer's UTF-8 JSON
     * @param root    the shape of its top-level value
     * @return the rewritten JSON
     */
    public static byte[] rewrite(JsonFactory factory, byte[] json, NumberShape root) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 64);
        try (JsonParser p = factory.createParser(json); JsonGenerator g = new StringNumbers(factory.createGenerator(out), root)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    g.writeNumber(p.getText()); // the digits as written, never through a double
                } else {
                    g.copyCurrentEvent(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Tells whether the value about to be written is an exact number, by the path from the top. */
    private boolean exactHere() {
        List<JsonStreamContext> path = new ArrayList<>(6);
        for (JsonStreamContext c = getOutputContext(); c != null; c = c.getParent()) {
            path.add(c);
        }
        NumberShape shape = root;
        for (int i = path.size() - 1; i >= 0 && shape != null; i--) {
            JsonStreamContext c = path.get(i);
            if (c.inObject()) {
                if (shape == NumberShape.EXACT) {
                    return false; // an object where a number belongs: leave it alone
                }
                String name = c.getCurrentName();
                shape = name == null ? null : shape.member(name);
            }
        }
        return shape == NumberShape.EXACT;
    }

    @Override
    public void writeRawValue(String text) throws IOException {
        if (!exactHere()) {
            delegate.writeRawValue(text);
            return;
        }
        // a list of exact numbers stored as JSON text (SQLite): its numbers go through this generator
        try (JsonParser p = new JsonFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                    writeNumber(p.getText());
                } else {
                    copyCurrentEvent(p);
                }
            }
        }
    }

    @Override
    public void writeNumber(short v) throws IOException {
        writeNumber((int) v);
    }

    @Override
    public void writeNumber(int v) throws IOException {
        if (exactHere()) {
            delegate.writeString(Integer.toString(v));
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(long v) throws IOException {
        if (exactHere()) {
            delegate.writeString(Long.toString(v));
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(BigInteger v) throws IOException {
        if (exactHere()) {
            delegate.writeString(v.toString());
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(BigDecimal v) throws IOException {
        if (exactHere()) {
            delegate.writeString(v.toPlainString());
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(double v) throws IOException {
        if (exactHere()) {
            delegate.writeString(new BigDecimal(Double.toString(v)).toPlainString());
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(float v) throws IOException {
        if (exactHere()) {
            delegate.writeString(new BigDecimal(Float.toString(v)).toPlainString());
        } else {
            delegate.writeNumber(v);
        }
    }

    @Override
    public void writeNumber(String encoded) throws IOException {
        if (exactHere()) {
            boolean exponent = encoded.indexOf('e') >= 0 || encoded.indexOf('E') >= 0;
            delegate.writeString(exponent ? new BigDecimal(encoded).toPlainString() : encoded);
        } else {
            delegate.writeNumber(encoded);
        }
    }
}
