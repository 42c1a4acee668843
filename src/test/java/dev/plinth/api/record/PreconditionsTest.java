package dev.plinth.api.record;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** If-Match uses RFC 9110's strong comparison. */
class PreconditionsTest {

    @Test
    void matchesAnyListedStrongTagOrStar() {
        assertThat(Preconditions.matches("\"abc\"", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("\"x\", \"abc\"", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("*", "\"abc\"")).isTrue();
        assertThat(Preconditions.matches("W/\"abc\"", "\"abc\"")).isFalse();
        assertThat(Preconditions.matches("\"abd\"", "\"abc\"")).isFalse();
    }

    @Test
    void etagsDependOnTheRowContent() {
        assertThat(RecordService.etag("{\"a\":1}".getBytes())).isEqualTo(RecordService.etag("{\"a\":1}".getBytes()))
                .isNotEqualTo(RecordService.etag("{\"a\":2}".getBytes())).matches("\"[0-9a-f]{32}\"");
    }
}
