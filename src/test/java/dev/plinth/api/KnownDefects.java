package dev.plinth.api;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The issue-11 items whose defects the hostile-input suite still meets on this branch, and how a
 * request is recognised as one that hits them.
 *
 * <p>A request tagged with an open item that breaks the contract is counted and reported instead of
 * failing the run ({@link HostileInputContract}); once an item is fixed, remove its number from
 * {@link #OPEN} and the suite holds the fix in place. A request that hits no open item always fails
 * the run when it breaks the contract.
 */
final class KnownDefects {

    private KnownDefects() {
    }

    /**
     * Not an item of issue 11 (fixed: {@code HttpProblemErrorHandler} answers every method): errors that Jetty answers before Plinth's handler runs are not problem
     * documents (empty content type): 431 for headers over 32 KB, 400 for a header with a raw byte,
     * folding or a bad name, 400 for a bad {@code Content-Length} or {@code Transfer-Encoding}, 400 for an
     * absolute-form or non-ASCII target, 404 for the target {@code *}.
     */
    static final int JETTY_ERRORS = 101;

    /**
     * The open items, by their number in issue 11: 1 malformed percent-escapes, 2 collection DELETE of a
     * restricted row, 3 huge exponents, 4 token claims and encoding, 5 NUL and long indexed text,
     * 6 lone surrogates, 7 HTTP versions, 8 HEAD, 10 key changes, 11 foreign keys to other tenants' rows;
     * and {@link #JETTY_ERRORS}, a defect the issue does not list.
     * All are fixed now; the set stays as the place to list a defect found before its fix lands.
     */
    static final Set<Integer> OPEN = Set.of();

    private static final Pattern HUGE_EXPONENT = Pattern.compile("\\d[eE][+-]?\\d{10,}");
    private static final Pattern LONE_SURROGATE_ESCAPE = Pattern.compile("\\\\u[dD][89a-fA-F][0-9a-fA-F]{2}");
    private static final Pattern LONG_STRING = Pattern.compile("\"[^\"]{2700,}\"");

    /**
     * Returns the items a request's content hits, whatever generator made it: a generic generator
     * may combine a huge exponent or a NUL into an otherwise ordinary body.
     *
     * @param r the request, placeholders filled or not
     * @return the items its target, version, method and body hit (its own tags not included)
     */
    static Set<Integer> hitBy(HostileRequest r) {
        Set<Integer> items = new TreeSet<>();
        String body = r.body() == null ? "" : r.body();
        if (!decodesExactly(r.target())) {
            items.add(1);
        }
        String method = r.method().toUpperCase(Locale.ROOT);
        if (method.equals("DELETE") && r.target().startsWith("/api/companies?")
                || r.target().startsWith("/api/batch") && body.contains("DELETE") && body.contains("/api/companies?")) {
            items.add(2);
        }
        if (HUGE_EXPONENT.matcher(body).find() || HUGE_EXPONENT.matcher(r.target()).find()) {
            items.add(3);
        }
        if (body.contains("\\u0000") || body.indexOf('\0') >= 0 || r.target().contains("%00")
                || LONG_STRING.matcher(body).find()) {
            items.add(5);
        }
        if (LONE_SURROGATE_ESCAPE.matcher(body).find()) {
            items.add(6);
        }
        if (!r.version().equals("HTTP/1.1") && !r.version().equals("HTTP/1.0")) {
            items.add(7);
        }
        if (method.equals("HEAD")) {
            items.add(8);
        }
        if (rejectedBeforeRouting(r)) {
            items.add(JETTY_ERRORS);
        }
        return items;
    }

    /** Tells whether Jetty refuses a request before routing: an odd target form, or a header it cannot parse or hold. */
    private static boolean rejectedBeforeRouting(HostileRequest r) {
        String t = r.target();
        if (t.equals("*") || t.startsWith("http") || t.chars().anyMatch(c -> c > 0x7E || c == ' ')) {
            return true;
        }
        if (r.headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("Content-Length") && !h.value().matches("\\d+")
                || h.name().equalsIgnoreCase("Transfer-Encoding"))) {
            return true; // framing Jetty refuses (RFC 9112 section 6.3)
        }
        int size = 0;
        for (RawHttpClient.Header h : r.headers()) {
            size += h.name().length() + h.value().length() + 4;
            if (h.name().contains(" ") || h.value().chars().anyMatch(c -> c == '\r' || c == '\n' || c >= 0xF700 && c <= 0xF7FF)) {
                return true;
            }
        }
        return size > 32 * 1024;
    }

    /**
     * Tells whether a request target percent-decodes to valid UTF-8 (RFC 3986 section 2.1: {@code %}
     * then two hex digits; RFC 3629 for the bytes).
     *
     * @param target a request target, raw bytes as {@link RawHttpClient#rawByte} characters
     * @return false when an escape is malformed or the decoded bytes are not UTF-8
     */
    static boolean decodesExactly(String target) {
        byte[] raw = RawHttpClient.encode(target);
        java.io.ByteArrayOutputStream decoded = new java.io.ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != '%') {
                decoded.write(raw[i]);
            } else if (i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                decoded.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                return false;
            }
        }
        try {
            java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(decoded.toByteArray()));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
