package dev.plinth.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code Content-Range} values as PostgREST writes them for a counted list. */
class ContentRangeTest {

    @Test
    void aPageIsItsFirstAndLastPositionOverTheTotal() {
        assertThat(ContentRange.of(0, 25, 3573)).isEqualTo("0-24/3573");
        assertThat(ContentRange.of(50, 1, 51)).isEqualTo("50-50/51");
    }

    @Test
    void anEmptyOrUnplacedPageIsAStar() {
        assertThat(ContentRange.of(0, 0, 0)).isEqualTo("*/0");
        assertThat(ContentRange.of(100, 0, 42)).as("past the end").isEqualTo("*/42");
        assertThat(ContentRange.of(-1, 10, 42)).as("a later cursor page").isEqualTo("*/42");
    }
}
