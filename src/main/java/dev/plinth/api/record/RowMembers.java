package dev.plinth.api.record;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Finds one top-level member of a rendered row by walking its bytes, without a JSON parser: rows are
 * Plinth's own compact output ({@link RowWriter}: no whitespace, names quoted as
 * {@link com.fasterxml.jackson.core.io.JsonStringEncoder} quotes them), so a name is found by comparing
 * bytes, and the values before it are skipped by tracking strings and nesting only. This is what an
 * include reads of every row of a page (its key); a parser tokenizing every field of every row was the
 * largest share of {@code include=company}'s own CPU time in JFR (issue 18).
 *
 * <p>Anything unexpected (whitespace, a member missing, a value whose text a parser would normalize)
 * answers "not found" here, and the caller reads the row with a parser instead.
 */
final class RowMembers {

    private RowMembers() {
    }

    /**
     * The span of a member's value.
     *
     * @param bytes  the buffer
     * @param open   the index of the row's {@code {}
     * @param close  the index of the row's closing {@code }}
     * @param quoted the member's name as quoted JSON bytes
     * @return {@code {from, to}}: the value's first byte and the index of the {@code ,} or {@code }} after it;
     *         null when the name is not found or the row is not laid out as expected
     */
    static int[] span(byte[] bytes, int open, int close, byte[] quoted) {
        int i = open + 1;
        while (i < close) {
            if (bytes[i] != '"') {
                return null;
            }
            int nameEnd = afterString(bytes, i, close);
            if (nameEnd < 0 || nameEnd >= close || bytes[nameEnd] != ':') {
                return null;
            }
            int from = nameEnd + 1;
            int to = valueEnd(bytes, from, close);
            if (to < 0) {
                return null;
            }
            if (Arrays.equals(bytes, i, nameEnd, quoted, 0, quoted.length)) {
                return new int[]{from, to};
            }
            if (to == close || bytes[to] != ',') {
                return null;
            }
            i = to + 1;
        }
        return null;
    }

    /**
     * The key text of a value (as {@link RelatedFetch#keyText} reads a tree's value) when it can be read
     * from its bytes as they stand: an integer, {@code true}/{@code false}, or a string without escapes.
     *
     * @param bytes the buffer
     * @param from  the value's first byte
     * @param to    the index after its last byte
     * @return the text, or null for anything else (a parser then reads the row)
     */
    static String plainText(byte[] bytes, int from, int to) {
        if (to <= from) {
            return null;
        }
        byte first = bytes[from];
        if (first == '"') {
            if (to - from < 2 || bytes[to - 1] != '"') {
                return null;
            }
            for (int j = from + 1; j < to - 1; j++) {
                if (bytes[j] == '\\') {
                    return null;
                }
            }
            return new String(bytes, from + 1, to - from - 2, StandardCharsets.UTF_8);
        }
        if (isLiteral(bytes, from, to, "true") || isLiteral(bytes, from, to, "false")) {
            return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
        }
        int j = first == '-' ? from + 1 : from;
        if (j == to) {
            return null;
        }
        for (; j < to; j++) {
            if (bytes[j] < '0' || bytes[j] > '9') {
                return null; // a decimal or exponent: its tree's text may differ from what was written
            }
        }
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }

    /** Tells whether a value is JSON {@code null}. */
    static boolean isNull(byte[] bytes, int from, int to) {
        return isLiteral(bytes, from, to, "null");
    }

    private static boolean isLiteral(byte[] bytes, int from, int to, String literal) {
        if (to - from != literal.length()) {
            return false;
        }
        for (int j = 0; j < literal.length(); j++) {
            if (bytes[from + j] != literal.charAt(j)) {
                return false;
            }
        }
        return true;
    }

    /** The index after the closing quote of the string opening at {@code i}, or -1 when it does not close before {@code limit}. */
    private static int afterString(byte[] bytes, int i, int limit) {
        for (int j = i + 1; j < limit; j++) {
            if (bytes[j] == '\\') {
                j++;
            } else if (bytes[j] == '"') {
                return j + 1;
            }
        }
        return -1;
    }

    /** The index of the {@code ,} or {@code }} ending the member value starting at {@code i}, or -1. */
    private static int valueEnd(byte[] bytes, int i, int close) {
        int depth = 0;
        for (int j = i; j <= close; j++) {
            byte c = bytes[j];
            if (c == '"') {
                int after = afterString(bytes, j, close);
                if (after < 0) {
                    return -1;
                }
                j = after - 1;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return c == '}' ? j : -1;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return j;
            }
        }
        return -1;
    }
}
