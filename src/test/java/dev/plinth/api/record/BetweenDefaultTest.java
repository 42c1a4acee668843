package dev.plinth.api.record;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The data-model spec's {@code between()} default, drawn by {@link ValueGenerators} as the column's bind value. */
class BetweenDefaultTest {

    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            model Dice {
              id    String @id @default(uuid())
              roll  Int    @default(between([1, 6]))
              spin  Float  @default(between(0.5, 2))
              fixed Int    @default(between(3, 3))
              minus Int    @default(between(-2, -1))
              flat  Float  @default(between([2.5, 2.5]))
              plain Int
            }
            """).schema().orElseThrow();

    private final ValueGenerators generators = new ValueGenerators();

    private static Field field(String name) {
        return SCHEMA.model("Dice").flatMap(m -> m.field(name)).orElseThrow();
    }

    @Test
    void anIntGetsEveryWholeNumberOfItsRangeAndNothingElse() {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Object value = generators.generate(field("roll")).orElseThrow();
            assertThat(value).isInstanceOf(Long.class);
            seen.add(value);
        }
        assertThat(seen).isEqualTo(LongStream.rangeClosed(1, 6).boxed().collect(Collectors.toSet()));
        assertThat(generators.generate(field("fixed"))).contains(3L);
        for (int i = 0; i < 200; i++) {
            assertThat((Long) generators.generate(field("minus")).orElseThrow()).isBetween(-2L, -1L);
        }
    }

    @Test
    void aFloatGetsRealNumbersInItsRange() {
        Set<Object> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Object value = generators.generate(field("spin")).orElseThrow();
            assertThat(value).isInstanceOf(Double.class);
            assertThat((Double) value).isBetween(0.5, 2.0);
            seen.add(value);
        }
        assertThat(seen).hasSizeGreaterThan(1_000);
        assertThat(seen.stream().anyMatch(v -> (Double) v != Math.floor((Double) v))).as("not only whole numbers").isTrue();
        assertThat(generators.generate(field("flat"))).contains(2.5);
    }

    @Test
    void otherDefaultsAndFieldsWithoutOneAreAsBefore() {
        assertThat(generators.generate(field("id")).orElseThrow()).asString().hasSize(36);
        assertThat(generators.generate(field("plain"))).isEmpty();
    }
}
