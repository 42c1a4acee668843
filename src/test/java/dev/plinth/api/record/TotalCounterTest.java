package dev.plinth.api.record;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading PostgreSQL's row estimate from {@code EXPLAIN (FORMAT JSON)}. */
class TotalCounterTest {

    @Test
    void readsTheTopNodesPlanRows() {
        String explain = """
                [{"Plan": {"Node Type": "Seq Scan", "Relation Name": "events", "Startup Cost": 0.00,
                  "Total Cost": 215.00, "Plan Rows": 11012, "Plan Width": 4,
                  "Plans": [{"Plan Rows": 3}]}}]""";
        assertThat(TotalCounter.planRows(explain)).isEqualTo(11012);
        assertThat(TotalCounter.planRows("[{\"Plan\": {\"Plan Rows\": 12.6}}]")).isEqualTo(13);
    }

    @Test
    void refusesWhatIsNotAPlan() {
        assertThatThrownBy(() -> TotalCounter.planRows("[{}]")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TotalCounter.planRows("not json")).isInstanceOf(IllegalStateException.class);
    }
}
