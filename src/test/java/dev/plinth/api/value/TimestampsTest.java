package dev.plinth.api.value;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DateTime text: one output format, the input forms clients and databases use. */
class TimestampsTest {

    @Test
    void formatsUtcWithMilliseconds() {
        assertThat(Timestamps.format(Instant.parse("2026-11-22T04:12:27Z"))).isEqualTo("2026-11-22T04:12:27.000Z");
        assertThat(Timestamps.format(Instant.parse("2026-11-22T04:12:27.123456Z"))).isEqualTo("2026-11-22T04:12:27.123Z");
    }

    @Test
    void parsesOffsetsLocalTimesSqliteTextAndDates() {
        Instant expected = Instant.parse("2026-11-22T04:12:27.500Z");
        assertThat(Timestamps.parse("2026-11-22T05:12:27.5+01:00")).isEqualTo(expected);
        assertThat(Timestamps.parse("2026-11-22T04:12:27.500Z")).isEqualTo(expected);
        assertThat(Timestamps.parse("2026-11-22T04:12:27.500")).isEqualTo(expected);
        assertThat(Timestamps.parse("2026-11-22 04:12:27.500")).isEqualTo(expected);
        assertThat(Timestamps.parse("2026-11-22")).isEqualTo(Instant.parse("2026-11-22T00:00:00Z"));
        assertThat(Timestamps.parse("2026-11-22T04:12:27.5009Z")).isEqualTo(expected);
    }

    @Test
    void refusesText() {
        assertThatThrownBy(() -> Timestamps.parse("tomorrow")).isInstanceOf(DateTimeParseException.class);
    }
}
