package dev.plinth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request's JSON body: checks the media type (415), the size limit (413) and the syntax (400).
 *
 * @param mapper   the JSON mapper (exact decimals, duplicate keys refused, trailing tokens refused)
 * @param maxBytes the largest body accepted, in bytes
 */
public record RequestBody(ObjectMapper mapper, long maxBytes) {

    /** How many times the limit a too-large body is read and discarded before the 413, so the client sees it. */
    private static final long DRAIN_FACTOR = 8;
    /**
     * The largest decimal exponent of a body number: PostgreSQL's {@code numeric} holds up to 131072
     * digits before the point and 16383 after ("Numeric Types"), more than any other column type, so a
     * number beyond is refused before a codec expands it (1e2147483648 overflows BigDecimal arithmetic).
     */
    private static final long MAX_EXPONENT = 131_072;
    /**
     * The largest declared length read into an array of that size at once ({@link #readDeclared}); a larger
     * body grows as its bytes arrive, so that a client declaring a large body and sending little makes the
     * server hold only what was sent.
     */
    private static final long DIRECT_READ_LIMIT = 64 * 1024;

    /**
     * Reads and parses the body.
     *
     * @param ctx the request
     * @return the JSON value
     * @throws ProblemException 413, 415 or 400 ({@code malformed_json})
     */
    public JsonNode read(Context ctx) {
        String type = ctx.header("Content-Type");
        if (type == null || !isJson(type)) {
            throw ApiProblem.UNSUPPORTED_MEDIA_TYPE.with("send the body as application/json"
                    + (type == null ? " (no Content-Type was given)" : ", not " + type));
        }
        long declared = ctx.req().getContentLengthLong();
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            if (declared > maxBytes) {
                // refused on its declared length, before a byte is kept
                throw tooLarge(ctx, in);
            }
            if (declared >= 0 && declared <= DIRECT_READ_LIMIT) {
                bytes = readDeclared(in, (int) declared);
            } else {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw tooLarge(ctx, in);
                }
            }
        } catch (IOException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body could not be read: " + e.getMessage());
        }
        return parse(bytes);
    }

    /**
     * Reads a body of a declared length (at most the limit, checked before): into one array of that
     * size, without reading on to the end of the stream. HTTP/1.1 frames such a body by its
     * {@code Content-Length} (RFC 9112 section 6.2), so the server never hands out more; reading to the
     * end would cost one more read call and {@link InputStream#readNBytes(int)}'s chunk buffers on
     * every write request.
     *
     * @return the bytes received, fewer than declared when the stream ended early
     */
    private static byte[] readDeclared(InputStream in, int declared) throws IOException {
        byte[] bytes = new byte[declared];
        int n = in.readNBytes(bytes, 0, declared);
        return n == declared ? bytes : java.util.Arrays.copyOf(bytes, n);
    }

    /**
     * The 413 of a body over the limit. The rest of the body is read and discarded first (up to
     * {@link #DRAIN_FACTOR} times the limit): a server that answers and closes while the client is
     * still sending makes the client's TCP stack reset the connection, and the client may then never
     * see the answer. A larger body is not read: the connection is closed after the answer.
     */
    private ProblemException tooLarge(Context ctx, InputStream in) {
        long budget = maxBytes > Long.MAX_VALUE / DRAIN_FACTOR ? Long.MAX_VALUE : DRAIN_FACTOR * maxBytes;
        if (ctx.req().getContentLengthLong() > budget) {
            // declared too large to be worth reading: answer and close
            ctx.header("Connection", "close");
            return tooLarge();
        }
        try {
            byte[] sink = new byte[64 * 1024];
            int n;
            while (budget > 0 && (n = in.read(sink, 0, (int) Math.min(sink.length, budget))) >= 0) {
                budget -= n;
            }
        } catch (IOException e) {
            budget = 0;
        }
        if (budget <= 0) {
            ctx.header("Connection", "close");
        }
        return tooLarge();
    }

    /**
     * Parses JSON bytes.
     *
     * @param bytes the body
     * @return the JSON value
     * @throws ProblemException 400 {@code malformed_json}
     */
    public JsonNode parse(byte[] bytes) {
        if (bytes.length == 0) {
            throw ApiProblem.MALFORMED_JSON.with("the body is empty; send a JSON object");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw ApiProblem.MALFORMED_JSON.with("the body is empty; send a JSON object");
            }
            if (mayHoldUnstorable(bytes)) {
                refuseUnstorable(node);
            }
            return node;
        } catch (NumberFormatException e) {
            // Jackson reads a decimal eagerly; an exponent beyond an int (1e9999999999) does not fit a BigDecimal
            throw ApiProblem.VALIDATION_FAILED.with("a number in the body has an exponent beyond ±2147483647, which no column holds");
        } catch (JsonProcessingException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw ApiProblem.MALFORMED_JSON.with("the body could not be read: " + e.getMessage());
        }
    }

    /**
     * Refuses what no column can store, before any column's codec sees it: strings (values and member
     * names) holding a UTF-16 surrogate that is not part of a high-low pair, such as {@code "\ud800"}
     * (JSON text is Unicode, RFC 8259 section 8.2; such a string has no UTF-8 form, so a database would
     * store {@code ?} in its place), and numbers whose decimal exponent is beyond {@link #MAX_EXPONENT}.
     *
     * @param root the parsed body
     * @throws ProblemException 400 {@code malformed_json} for a lone surrogate, 422 {@code validation_failed} for a number
     */
    private static void refuseUnstorable(JsonNode root) {
        java.util.ArrayDeque<JsonNode> pending = new java.util.ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isTextual()) {
                refuseLoneSurrogate(node.textValue());
            } else if (node.isBigDecimal()) {
                refuseHugeExponent(node.decimalValue());
            } else if (node.isObject()) {
                for (java.util.Iterator<java.util.Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    java.util.Map.Entry<String, JsonNode> member = it.next();
                    refuseLoneSurrogate(member.getKey());
                    pending.push(member.getValue());
                }
            } else if (node.isArray()) {
                node.forEach(pending::push);
            }
        }
    }

    /**
     * Whether the body's bytes could hold what {@link #refuseUnstorable} refuses, so that most bodies skip
     * walking the parsed tree. A lone surrogate reaches a string only through an escape (a backslash, then
     * {@code u} and four hex digits) or through the three UTF-8 bytes of a surrogate code point, which begin
     * with {@code 0xED} (a pair coded as four bytes decodes to a whole pair); a number's decimal exponent
     * exceeds {@link #MAX_EXPONENT} only with an exponent part (JSON puts a digit before its {@code e}, RFC
     * 8259 section 6) or with more digits than that. Strings that merely look so ({@code "1e5"}, an escaped
     * backslash) only cost the walk.
     *
     * @param bytes the body
     * @return false when no string and no number of the body can be refused
     */
    static boolean mayHoldUnstorable(byte[] bytes) {
        if (bytes.length > MAX_EXPONENT) {
            return true;
        }
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\\' || b == (byte) 0xED) {
                return true;
            }
            if ((b == 'e' || b == 'E') && i > 0 && bytes[i - 1] >= '0' && bytes[i - 1] <= '9') {
                return true;
            }
        }
        return false;
    }

    private static void refuseHugeExponent(java.math.BigDecimal d) {
        long exponent = (long) d.precision() - d.scale();
        if (Math.abs((long) d.scale()) > MAX_EXPONENT || Math.abs(exponent) > MAX_EXPONENT) {
            throw ApiProblem.VALIDATION_FAILED.with("a number in the body has a decimal exponent beyond ±" + MAX_EXPONENT
                    + ", which no column holds");
        }
    }

    private static void refuseLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw ApiProblem.MALFORMED_JSON.with(String.format("the body is not valid JSON text: a string holds the lone "
                        + "surrogate \\u%04x, which is not a Unicode character (send a high-low pair or the character itself)", (int) c));
            }
        }
    }

    private ProblemException tooLarge() {
        return ApiProblem.BODY_TOO_LARGE.with("the body is larger than " + maxBytes + " bytes");
    }

    private static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return base.equals("application/json") || (base.startsWith("application/") && base.endsWith("+json"));
    }
}
