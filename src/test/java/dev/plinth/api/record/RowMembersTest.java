package dev.plinth.api.record;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Finding a member of a compact rendered row by its bytes: the value's span and, for plain values, its key text. */
class RowMembersTest {

    private static final String ROW = "{\"s\":\"a,}\\\"{[\",\"o\":{\"k\":\"}\",\"a\":[1,{\"x\":\"]\"}]},\"i\":-12,\"d\":1.50,"
            + "\"t\":true,\"n\":null,\"u\":\"é\",\"e\":\"a\\nb\",\"odd \\\"name\\\"\":7}";

    private static byte[] bytes() {
        return ROW.getBytes(StandardCharsets.UTF_8);
    }

    private static String valueOf(String quotedName) {
        byte[] b = bytes();
        int[] span = RowMembers.span(b, 0, b.length - 1, quotedName.getBytes(StandardCharsets.UTF_8));
        return span == null ? null : new String(b, span[0], span[1] - span[0], StandardCharsets.UTF_8);
    }

    private static String textOf(String quotedName) {
        byte[] b = bytes();
        int[] span = RowMembers.span(b, 0, b.length - 1, quotedName.getBytes(StandardCharsets.UTF_8));
        return RowMembers.plainText(b, span[0], span[1]);
    }

    @Test
    void findsEachMembersValuePastStringsAndNestingThatHoldStructuralCharacters() {
        assertThat(valueOf("\"s\"")).isEqualTo("\"a,}\\\"{[\"");
        assertThat(valueOf("\"o\"")).isEqualTo("{\"k\":\"}\",\"a\":[1,{\"x\":\"]\"}]}");
        assertThat(valueOf("\"i\"")).isEqualTo("-12");
        assertThat(valueOf("\"d\"")).isEqualTo("1.50");
        assertThat(valueOf("\"n\"")).isEqualTo("null");
        assertThat(valueOf("\"odd \\\"name\\\"\"")).isEqualTo("7");
        // a name inside a nested value or a string is not a member
        assertThat(valueOf("\"k\"")).isNull();
        assertThat(valueOf("\"x\"")).isNull();
        assertThat(valueOf("\"missing\"")).isNull();
    }

    @Test
    void plainValuesGiveTheirTextAndOthersAreLeftToAParser() {
        assertThat(textOf("\"i\"")).isEqualTo("-12");
        assertThat(textOf("\"t\"")).isEqualTo("true");
        assertThat(textOf("\"u\"")).isEqualTo("é");
        // escapes, decimals (a tree strips trailing zeros) and containers are read by a parser
        assertThat(textOf("\"e\"")).isNull();
        assertThat(textOf("\"s\"")).isNull();
        assertThat(textOf("\"d\"")).isNull();
        assertThat(textOf("\"o\"")).isNull();
        byte[] n = "null".getBytes(StandardCharsets.UTF_8);
        assertThat(RowMembers.isNull(n, 0, 4)).isTrue();
    }

    @Test
    void aRowNotLaidOutCompactlyIsLeftToAParser() {
        byte[] spaced = "{ \"a\": 1, \"b\": 2}".getBytes(StandardCharsets.UTF_8);
        assertThat(RowMembers.span(spaced, 0, spaced.length - 1, "\"b\"".getBytes(StandardCharsets.UTF_8))).isNull();
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        assertThat(RowMembers.span(empty, 0, 1, "\"a\"".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
