package dev.plinth.api.record;

import dev.plinth.schema.model.DefaultValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The ids Plinth makes at insert: prefixed ids are unique, URL-safe and in the order they were made. */
class ValueGeneratorsTest {

    private final ValueGenerators generators = new ValueGenerators();

    @Test
    void prefixedIdsAreUniqueAndOrderedEvenWithinOneMillisecond() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            ids.add(generators.generate(new DefaultValue.Prefixed("rm")).orElseThrow());
        }
        assertThat(ids).allMatch(id -> id.matches("rm_[0-9a-hjkmnp-tv-z]{26}"));
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
        assertThat(generators.generate(new DefaultValue.Prefixed("Org7")).orElseThrow()).startsWith("Org7_");
    }

    @Test
    void theOtherServerDefaultsKeepTheirShapes() {
        assertThat(generators.generate(new DefaultValue.Uuid(7)).orElseThrow()).matches("[0-9a-f-]{14}7[0-9a-f-]{21}");
        assertThat(generators.generate(new DefaultValue.Ulid()).orElseThrow()).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(generators.generate(new DefaultValue.Nanoid(Optional.of(10))).orElseThrow()).hasSize(10);
        assertThat(generators.generate(new DefaultValue.Autoincrement())).as("the database's to make").isEmpty();
    }
}
