package dev.plinth.api.telemetry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The access line's duration text. */
class AccessLogTest {

    @Test
    void durationsHaveThreeDecimalsOfAMillisecond() {
        assertThat(AccessLog.milliseconds(0)).isEqualTo("0.000");
        assertThat(AccessLog.milliseconds(912_400)).isEqualTo("0.912");
        assertThat(AccessLog.milliseconds(12_034_000)).isEqualTo("12.034");
        assertThat(AccessLog.milliseconds(5_500)).isEqualTo("0.006");
        assertThat(AccessLog.milliseconds(1_050_000)).isEqualTo("1.050");
        assertThat(AccessLog.milliseconds(3_000_000_000L)).isEqualTo("3000.000");
    }
}
