package dev.plinth.query;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyset cursors: opaque, tamper-checked tokens naming a position in a list's order.
 *
 * <p>Format (version 1): {@code base64url(payload ‖ HMAC-SHA256(key, payload))}, without padding
 * (RFC 4648 §5, RFC 2104). The payload holds the version, the table, the order shape
 * ({@code created_at:desc,id:asc}) and the last row's value of each order term as text (or a NULL
 * marker). A cursor is not encrypted: whoever holds it can decode the sort values of the row it was
 * made from (which that caller was already shown). It cannot be forged or altered without the key,
 * and a cursor of one resource is refused by another. It carries no filter: the client repeats the
 * filters of the first request with each cursor, as with Stripe's or GitHub's cursors.
 *
 * <p>Thread-safe; holds no mutable state.
 */
public final class CursorCodec {

    private static final int VERSION = 1;
    private static final int MAC_LENGTH = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    /** Initialised once and only ever cloned: a fresh Mac per cursor costs a provider lookup and key set-up. */
    private final Mac prototype;

    /**
     * @param secret the server's secret, at least 16 bytes; the same on every instance behind a load
     *               balancer, so cursors stay valid across them
     * @throws IllegalArgumentException when the secret is shorter than 16 bytes
     */
    public CursorCodec(byte[] secret) {
        if (secret.length < 16) {
            throw new IllegalArgumentException("the cursor secret must be at least 16 bytes");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), ALGORITHM);
        this.prototype = newMac();
    }

    /**
     * Makes the cursor of the position after a row.
     *
     * @param query     the query whose page ended with the row (its model and order)
     * @param sortValues the row's values of {@link ListQuery#order()}'s columns, in order, as JDBC returned
     *                  them ({@link java.sql.ResultSet#getObject(int)}); see {@link SelectSql#cursorColumns()}
     * @return the cursor text, URL-safe
     * @throws IllegalArgumentException when the number of values differs from the order's, or a value
     *                                  cannot be a value of its column
     */
    public String encode(ListQuery query, List<?> sortValues) {
        List<OrderTerm> order = query.order();
        if (sortValues.size() != order.size()) {
            throw new IllegalArgumentException("expected " + order.size() + " sort values, got " + sortValues.size());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeText(out, query.model().tableName());
            writeText(out, query.orderShape());
            out.writeShort(order.size());
            for (int i = 0; i < order.size(); i++) {
                OrderTerm term = order.get(i);
                if (term.path().isPresent()) {
                    // the Json column's document: the sort value is read at the path, as the SQL orders it
                    Object value = JsonDocument.sortValue(sortValues.get(i), term.path().get());
                    out.writeBoolean(value != null);
                    if (value != null) {
                        writeText(out, formatPathValue(value));
                    }
                    continue;
                }
                Object value;
                try {
                    value = ColumnValues.fromJdbc(sortValues.get(i), term.field(), term.kind());
                } catch (ClassCastException | NumberFormatException | QueryException e) {
                    throw new IllegalArgumentException("sort value " + sortValues.get(i) + " does not fit column "
                            + term.field().columnName(), e);
                }
                out.writeBoolean(value != null);
                if (value != null) {
                    writeText(out, ColumnValues.format(value));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        byte[] payload = bytes.toByteArray();
        byte[] token = Arrays.copyOf(payload, payload.length + MAC_LENGTH);
        System.arraycopy(mac(payload), 0, token, payload.length, MAC_LENGTH);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * Reads a cursor and checks its MAC.
     *
     * @param cursor    the cursor text from the request
     * @param tableName the table of the resource it was sent to
     * @param parameter the parameter name to report ({@code cursor})
     * @return the order shape and the values as text (null for a NULL)
     * @throws QueryException {@code invalid_value} when the cursor was altered, made with another key,
     *                        made for another resource, or is not a cursor at all
     */
    Decoded decode(String cursor, String tableName, String parameter) {
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid(parameter);
        }
        if (token.length <= MAC_LENGTH) {
            throw invalid(parameter);
        }
        byte[] payload = Arrays.copyOf(token, token.length - MAC_LENGTH);
        byte[] given = Arrays.copyOfRange(token, payload.length, token.length);
        if (!MessageDigest.isEqual(mac(payload), given)) {
            throw invalid(parameter);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            if (in.readByte() != VERSION) {
                throw invalid(parameter);
            }
            String table = readText(in);
            if (!table.equals(tableName)) {
                throw QueryException.invalidValue(parameter, "'" + parameter + "': the cursor belongs to another resource");
            }
            String shape = readText(in);
            int n = in.readUnsignedShort();
            List<String> values = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                values.add(in.readBoolean() ? readText(in) : null);
            }
            return new Decoded(shape, values);
        } catch (IOException e) {
            throw invalid(parameter);
        }
    }

    /**
     * A decoded cursor.
     *
     * @param orderShape the order it was made for, e.g. {@code created_at:desc,id:asc}
     * @param values     each order term's value as text, null for a NULL
     */
    record Decoded(String orderShape, List<String> values) {
    }

    /** A path's sort value in a cursor: {@code n} and a number, or {@code s} and a text. */
    static String formatPathValue(Object value) {
        return value instanceof java.math.BigDecimal n ? "n" + n.toString() : "s" + value;
    }

    /**
     * Reads a path's sort value from a cursor.
     *
     * @return a {@link java.math.BigDecimal} or a {@link String}
     * @throws QueryException {@code invalid_value} when the text is not one {@link #formatPathValue} makes
     */
    static Object parsePathValue(String text, String parameter) {
        if (text.startsWith("s")) {
            return text.substring(1);
        }
        if (text.startsWith("n")) {
            try {
                return new java.math.BigDecimal(text.substring(1));
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        throw QueryException.invalidValue(parameter, "'" + parameter + "' is not valid for this resource");
    }

    private byte[] mac(byte[] payload) {
        Mac mac;
        try {
            mac = (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac(); // a provider whose Mac cannot be cloned: set one up each time
        }
        return mac.doFinal(payload);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readText(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new IOException("bad length");
        }
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    private static QueryException invalid(String parameter) {
        return QueryException.invalidValue(parameter, "'" + parameter
                + "': not a valid cursor (cursors come from next_cursor and cannot be changed)");
    }
}
