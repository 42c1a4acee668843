package dev.plinth.api.record;

import com.aventrix.jnanoid.jnanoid.NanoIdUtils;
import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import com.github.f4b6a3.ulid.UlidFactory;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.sql.DbGeneratedDefault;
import io.github.thibaultmeyer.cuid.CUID;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;

/**
 * Computes the defaults Prisma computes in its client rather than in the database:
 * {@code uuid()} (RFC 9562 version 4), {@code uuid(7)} (version 7, time-ordered), {@code cuid()},
 * {@code cuid(2)}, {@code nanoid()} (21 characters unless a length is given) and {@code ulid()}
 * (monotonic within a millisecond), Plinth's {@code prefixed("rm")} ({@code rm_} and a lower-case ULID, so
 * ids sort by creation; docs/schema.md, "Identifiers"), and the random UUIDs of {@code dbgenerated("gen_random_uuid()")} and
 * the like ({@link DbGeneratedDefault}). Source: Prisma schema reference, "@default"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#default).
 */
public final class ValueGenerators {

    private final SecureRandom random = new SecureRandom();
    private final TimeBasedEpochGenerator uuid7 = Generators.timeBasedEpochGenerator(random);
    private final UlidFactory ulids = UlidFactory.newMonotonicInstance(random);

    /**
     * Generates the value of a field's default, when the server is the one computing it: the bind value of the
     * field's column. The data-model spec's {@code between(min, max)} gives a random {@code Long} from min to max
     * (both included) on an Int field, a random {@code Double} in {@code [min, max]} on a Float.
     *
     * @param field a field with a default
     * @return the value, or empty when the database (or nobody) computes it
     */
    public Optional<Object> generate(Field field) {
        Optional<DefaultValue> value = field.defaultValue();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get() instanceof DefaultValue.Between between) {
            boolean floating = field.scalarType().filter(t -> t == ScalarType.FLOAT).isPresent();
            // two statements, not ?:, which would unbox both and promote the Long to a double
            if (floating) {
                return Optional.of(randomReal(between));
            }
            return Optional.of(randomWhole(between));
        }
        return generate(value.get()).map(v -> v);
    }

    private Long randomWhole(DefaultValue.Between between) {
        long min = between.min().longValueExact();
        long max = between.max().longValueExact();
        return random.nextLong(min, max + 1); // Int bounds, so max + 1 cannot overflow
    }

    private Double randomReal(DefaultValue.Between between) {
        double min = between.min().doubleValue();
        double max = between.max().doubleValue();
        // nextDouble() is below 1, so max itself is reached only when min == max; the range is inclusive as written
        return Math.min(max, min + random.nextDouble() * (max - min));
    }

    /**
     * Generates a value for a default, when the server is the one computing it.
     *
     * @param defaultValue the field's default
     * @return the generated text, or empty when the database (or nobody) computes it
     */
    public Optional<String> generate(DefaultValue defaultValue) {
        return Optional.ofNullable(switch (defaultValue) {
            case DefaultValue.Uuid u when u.version() == 7 -> uuid7.generate().toString();
            case DefaultValue.Uuid u -> UUID.randomUUID().toString();
            case DefaultValue.Cuid c when c.version() == 2 -> CUID.randomCUID2().toString();
            case DefaultValue.Cuid c -> CUID.randomCUID1().toString();
            case DefaultValue.Nanoid n -> NanoIdUtils.randomNanoId(random, NanoIdUtils.DEFAULT_ALPHABET,
                    n.length().orElse(NanoIdUtils.DEFAULT_SIZE));
            case DefaultValue.Ulid u -> ulids.create().toString();
            // prefixed("rm"): rm_ and a lower-case ULID; the monotonic factory keeps ids of one millisecond in order
            case DefaultValue.Prefixed p -> p.prefix() + "_" + ulids.create().toString().toLowerCase(java.util.Locale.ROOT);
            // dbgenerated("gen_random_uuid()") and the like: generated here on both databases (SQLite has no such function)
            case DefaultValue.DbGenerated g -> g.expression().map(DbGeneratedDefault::of)
                    .map(d -> d instanceof DbGeneratedDefault.RandomUuid r ? (r.version() == 7 ? uuid7.generate() : UUID.randomUUID()).toString() : null)
                    .orElse(null);
            default -> null;
        });
    }
}
