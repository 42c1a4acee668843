package dev.plinth.api.value;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

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

    @Test
    void theFixedWidthPrinterAgreesWithTheFormatterAcrossYears() {
        java.time.format.DateTimeFormatter reference =
                java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
        for (String t : List.of("0001-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T12:34:56.789Z",
                "9999-12-31T23:59:59.999999Z", "2026-11-22T04:12:27.000000001Z")) {
            Instant i = Instant.parse(t);
            assertThat(Timestamps.format(i)).as(t).isEqualTo(reference.format(i));
            // a PostgreSQL timestamp read as UTC wall-clock time prints the same text
            assertThat(Timestamps.format(java.time.LocalDateTime.ofInstant(i, java.time.ZoneOffset.UTC))).as(t)
                    .isEqualTo(reference.format(i));
        }
        assertThat(Timestamps.format(Instant.parse("+10000-01-01T00:00:00Z"))).isEqualTo("+10000-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(java.time.LocalDateTime.parse("+10000-01-01T00:00:00"))).isEqualTo("+10000-01-01T00:00:00.000Z");
        assertThat(Timestamps.format(java.time.LocalDateTime.parse("-0001-06-01T00:00:00")))
                .isEqualTo(Timestamps.format(Instant.parse("-0001-06-01T00:00:00Z")));
    }

    @Test
    void canonicalTextIsRecognizedByShape() {
        assertThat(Timestamps.isCanonical("2026-11-22T04:12:27.000Z")).isTrue();
        assertThat(Timestamps.isCanonical("0000-12-31T23:59:59.999Z")).isTrue();
        for (String t : List.of("2026-11-22T04:12:27Z", "2026-11-22 04:12:27.000Z", "2026-11-22T04:12:27.000+", "2026-11-22T04:12:27.0000",
                "2026-1a-22T04:12:27.000Z", "2026-00-22T04:12:27.000Z", "2026-11-32T04:12:27.000Z", "2026-11-22T24:12:27.000Z",
                "2026-11-22T04:60:27.000Z", "2026-11-22T04:12:60.000Z", "2026-11-22T04:12:27.000z", "")) {
            assertThat(Timestamps.isCanonical(t)).as(t).isFalse();
        }
    }

    @Test
    void canonicalTextIsReadByPositionAsTheFormatterReadsIt() {
        for (String t : List.of("0000-12-31T23:59:59.999Z", "0001-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z",
                "2024-02-29T12:34:56.789Z", "2026-11-22T04:12:27.050Z", "9999-12-31T23:59:59.999Z")) {
            assertThat(Timestamps.parse(t)).as(t).isEqualTo(java.time.OffsetDateTime.parse(t).toInstant());
            assertThat(Timestamps.format(Timestamps.parse(t))).as(t).isEqualTo(t);
        }
        // the right shape, but no such day
        for (String t : List.of("2026-02-29T00:00:00.000Z", "2026-02-30T00:00:00.000Z", "2026-04-31T00:00:00.000Z")) {
            assertThatThrownBy(() -> Timestamps.parse(t)).as(t).isInstanceOf(DateTimeParseException.class);
        }
    }
}
