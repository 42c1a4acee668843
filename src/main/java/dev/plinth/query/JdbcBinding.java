package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.NativeType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Converts values in a column's Java type (see {@link ColumnKind}) into what the JDBC driver binds
 * so that they compare correctly with what the database stores.
 *
 * <ul>
 *   <li>SQLite: booleans as 1/0 (SQLite has no boolean type; Prisma stores 1/0); DateTimes as ISO-8601
 *       UTC text with exactly three fraction digits, or epoch milliseconds per {@link DateTimeStorage};
 *       Decimals as {@link java.math.BigDecimal} (the driver binds their exact text and the column's
 *       NUMERIC affinity converts it, https://www.sqlite.org/datatype3.html#comparisons).</li>
 *   <li>PostgreSQL: DateTimes as {@link LocalDateTime} in UTC for {@code timestamp} (Prisma's
 *       default {@code timestamp(3)}), {@link OffsetDateTime} for {@code @db.Timestamptz},
 *       {@link java.time.LocalDate} for {@code @db.Date}, {@link java.time.LocalTime} for
 *       {@code @db.Time}; everything else as is.</li>
 * </ul>
 */
final class JdbcBinding {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final boolean sqlite;
    private final DateTimeStorage storage;

    JdbcBinding(boolean sqlite, DateTimeStorage storage) {
        this.sqlite = sqlite;
        this.storage = storage;
    }

    Object toJdbc(Object value, Model model, Field field, ColumnKind kind) {
        if (value == null) {
            return null;
        }
        if (sqlite) {
            return switch (kind) {
                case BOOLEAN -> value instanceof Boolean b ? (b ? 1 : 0) : value;
                case DATETIME -> value instanceof Instant i
                        ? (storage.epochMillis(model, field) ? (Object) i.toEpochMilli() : ISO_MILLIS.format(i))
                        : value;
                default -> value;
            };
        }
        if (kind == ColumnKind.DATETIME && value instanceof Instant i) {
            String nativeName = field.nativeType().map(NativeType::name).orElse("");
            return switch (nativeName) {
                case "Timestamptz" -> i.atOffset(ZoneOffset.UTC);
                case "Date" -> i.atOffset(ZoneOffset.UTC).toLocalDate();
                case "Time" -> i.atOffset(ZoneOffset.UTC).toLocalTime();
                case "Timetz" -> i.atOffset(ZoneOffset.UTC).toOffsetTime();
                default -> LocalDateTime.ofInstant(i, ZoneOffset.UTC);
            };
        }
        return value;
    }

    /**
     * The PostgreSQL type a bind must be cast to because the driver sends text as {@code varchar},
     * which PostgreSQL does not compare with these types: an enum, {@code uuid}, {@code inet},
     * {@code citext}, {@code json}/{@code jsonb}, {@code money} (from {@code numeric}).
     *
     * @return the type name parts (schema-qualified for an enum of a model with {@code @@schema}), or empty
     */
    Optional<String> postgresCast(Field field, ColumnKind kind) {
        if (sqlite) {
            return Optional.empty();
        }
        if (kind == ColumnKind.JSON) {
            return Optional.of(field.nativeType().map(NativeType::name).filter("Json"::equals).isPresent() ? "json" : "jsonb");
        }
        if (kind == ColumnKind.DECIMAL && field.nativeType().filter(n -> n.name().equals("Money")).isPresent()) {
            return Optional.of("money");
        }
        if (kind == ColumnKind.STRING) {
            return field.nativeType().map(NativeType::name).flatMap(n -> switch (n) {
                case "Uuid" -> Optional.of("uuid");
                case "Inet" -> Optional.of("inet");
                case "Citext" -> Optional.of("citext");
                default -> Optional.empty();
            });
        }
        return Optional.empty();
    }
}
