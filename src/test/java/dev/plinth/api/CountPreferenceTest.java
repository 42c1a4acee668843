package dev.plinth.api;

import dev.plinth.query.CountMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code count} preference of {@code Prefer} headers, read as RFC 7240 writes them. */
class CountPreferenceTest {

    private static Optional<CountMode> of(String... headers) {
        return CountPreference.of(List.of(headers));
    }

    @Test
    void readsPostgrestsThreeCounts() {
        assertThat(of("count=exact")).contains(CountMode.EXACT);
        assertThat(of("count=estimated")).contains(CountMode.ESTIMATED);
        assertThat(of("count=planned")).contains(CountMode.PLANNED);
        assertThat(of()).isEmpty();
    }

    @Test
    void followsThePreferGrammar() {
        assertThat(of("return=minimal, count=exact")).as("one of a list").contains(CountMode.EXACT);
        assertThat(of("plinth-numbers=string", "count=planned")).as("a later header").contains(CountMode.PLANNED);
        assertThat(of(" Count = exact ")).as("names without case, optional spaces").contains(CountMode.EXACT);
        assertThat(of("count=exact; strict")).as("parameters ignored").contains(CountMode.EXACT);
        assertThat(of("count=\"estimated\"")).as("a quoted value").contains(CountMode.ESTIMATED);
        assertThat(of("count=planned, count=exact")).as("only the first instance counts").contains(CountMode.PLANNED);
    }

    @Test
    void ignoresWhatItDoesNotUnderstand() {
        assertThat(of("count=bogus")).isEmpty();
        assertThat(of("count")).isEmpty();
        assertThat(of("count=")).isEmpty();
        assertThat(of("counted=exact")).isEmpty();
        assertThat(of("count=bogus, count=exact")).as("the first instance is the one considered").isEmpty();
        assertThat(of("resolution=merge-duplicates")).isEmpty();
    }
}
