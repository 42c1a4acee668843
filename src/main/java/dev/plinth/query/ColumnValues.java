package dev.plinth.query;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Schema;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Typed values of a served column: text from a query parameter or a cursor into the column's Java
 * type, and a row's JDBC value back into that type and its text.
 *
 * <p>The Java types, by {@link ColumnKind}: {@code String} → {@link String}; {@code Int} →
 * {@link Integer} (32-bit, as Prisma's Int); {@code BigInt} → {@link Long}; {@code Float} →
 * {@link Double} (finite only); {@code Decimal} → {@link BigDecimal} (exact); {@code Boolean} →
 * {@link Boolean}; {@code DateTime} → {@link Instant}; an enum → the value's database name
 * ({@code @map} or its name) as a {@link String}. A {@code String @db.Uuid} value must be a
 * hyphenated UUID, so that PostgreSQL never fails on it.
 */
final class ColumnValues {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern UUID = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    /** A space where a {@code +} of an offset was, because an unencoded {@code +} in a URL query means a space. */
    private static final Pattern SPACE_OFFSET = Pattern.compile("(.*T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?) (\\d{2}:?\\d{2})");

    private ColumnValues() {
    }

    /**
     * Parses a value written in a query parameter or a cursor.
     *
     * @param text      the value text, unquoted
     * @param field     the column it is compared with
     * @param kind      the column's kind
     * @param schema    the schema, for enum values
     * @param parameter the parameter to name in an error
     * @return the value in the column's Java type
     * @throws QueryException {@code invalid_value} when the text is not a value of the column's type
     */
    static Object parse(String text, Field field, ColumnKind kind, Schema schema, String parameter) {
        return switch (kind) {
            case STRING -> {
                if (field.nativeType().filter(n -> n.name().equals("Uuid")).isPresent() && !UUID.matcher(text).matches()) {
                    throw notA(parameter, text, "a UUID (e.g. 0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11)");
                }
                yield text;
            }
            case INT -> {
                if (!INTEGER.matcher(text).matches()) {
                    throw notA(parameter, text, "an integer");
                }
                try {
                    yield Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text
                            + " is out of range for Int (-2147483648 to 2147483647)");
                }
            }
            case BIGINT -> {
                if (!INTEGER.matcher(text).matches()) {
                    throw notA(parameter, text, "an integer");
                }
                try {
                    yield Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text
                            + " is out of range for BigInt (64-bit signed)");
                }
            }
            case FLOAT -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw notA(parameter, text, "a number");
                }
                double d = Double.parseDouble(text);
                if (Double.isInfinite(d)) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text + " is out of range for Float");
                }
                yield d;
            }
            case DECIMAL -> {
                if (!DECIMAL.matcher(text).matches()) {
                    throw notA(parameter, text, "a decimal number");
                }
                BigDecimal d;
                try {
                    d = new BigDecimal(text);
                } catch (NumberFormatException | ArithmeticException e) {
                    throw notA(parameter, text, "a decimal number");
                }
                // PostgreSQL's numeric holds 131072 digits before the point and 16383 after; stay far inside.
                if (d.precision() - d.scale() > 1000 || d.scale() > 1000) {
                    throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text + " is out of range for Decimal");
                }
                yield d;
            }
            case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw notA(parameter, text, "a boolean (true or false)");
            };
            case DATETIME -> parseDateTime(text, parameter);
            case ENUM -> {
                EnumType type = enumOf(field, schema);
                for (EnumType.Value v : type.values()) {
                    if (v.databaseName().equals(text)) {
                        yield v.databaseName();
                    }
                }
                List<String> allowed = type.values().stream().map(EnumType.Value::databaseName).toList();
                throw QueryException.invalidValue(parameter, "'" + parameter + "': '" + text + "' is not a value of "
                        + type.name() + "; allowed: " + String.join(", ", allowed), allowed);
            }
            case JSON, BYTES, LIST -> throw QueryException.invalidParameter(parameter,
                    "'" + parameter + "': columns of this type take only __isnull", List.of("isnull"));
        };
    }

    /**
     * Parses an ISO-8601 date-time: with {@code Z} or an offset, without one (read as UTC), or a date
     * alone (midnight UTC). A space instead of {@code T}, and a space where an offset's unencoded
     * {@code +} was, are accepted. Years 0001 to 9999 only (what every database and JSON client holds).
     */
    static Instant parseDateTime(String text, String parameter) {
        Instant instant = parseInstant(text, parameter);
        if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
            throw QueryException.invalidValue(parameter, "'" + parameter + "': " + text
                    + " is outside the years 0001 to 9999");
        }
        return instant;
    }

    private static Instant parseInstant(String text, String parameter) {
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == ' ' && DATE.matcher(t.substring(0, 10)).matches()) {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        var spaced = SPACE_OFFSET.matcher(t);
        if (spaced.matches()) {
            t = spaced.group(1) + '+' + spaced.group(4);
        }
        try {
            if (DATE.matcher(t).matches()) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            var parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, ZonedDateTime::from, LocalDateTime::from);
            return parsed instanceof ZonedDateTime z ? z.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw notA(parameter, text, "an ISO-8601 date-time (e.g. 2026-01-31 or 2026-01-31T12:00:00Z)");
        }
    }

    /**
     * Converts a JDBC value read from a row into the column's Java type, for a cursor.
     *
     * <p>Date-times without a zone ({@link LocalDateTime}, {@link java.sql.Timestamp} of a PostgreSQL
     * {@code timestamp}) are read as UTC, which is how Plinth and Prisma store them; a
     * {@link java.sql.Timestamp} of a {@code @db.Timestamptz} column is an instant; text is parsed as
     * ISO-8601 and a number as milliseconds since the epoch (Prisma's SQLite format).
     *
     * @param value a value from {@link java.sql.ResultSet#getObject(int)}, or null
     * @param field the column it was read from
     * @param kind  the column's kind
     * @return the value in the column's Java type, or null
     * @throws IllegalArgumentException when the value cannot be a value of the column
     */
    static Object fromJdbc(Object value, Field field, ColumnKind kind) {
        if (value == null) {
            return null;
        }
        return switch (kind) {
            case STRING, ENUM -> value.toString();
            case INT -> ((Number) value).intValue();
            case BIGINT -> ((Number) value).longValue();
            case FLOAT -> ((Number) value).doubleValue();
            case DECIMAL -> value instanceof BigDecimal b ? b : new BigDecimal(value.toString());
            case BOOLEAN -> value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
            case DATETIME -> switch (value) {
                case Instant i -> i;
                case OffsetDateTime o -> o.toInstant();
                case ZonedDateTime z -> z.toInstant();
                case LocalDateTime l -> l.toInstant(ZoneOffset.UTC);
                case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC).toInstant();
                case LocalTime t -> t.atDate(LocalDate.EPOCH).toInstant(ZoneOffset.UTC);
                case java.sql.Timestamp ts -> field.nativeType().filter(n -> n.name().equals("Timestamptz")).isPresent()
                        ? ts.toInstant()
                        : ts.toLocalDateTime().toInstant(ZoneOffset.UTC);
                case java.sql.Time t -> t.toLocalTime().atDate(LocalDate.EPOCH).toInstant(ZoneOffset.UTC);
                case java.sql.Date d -> d.toLocalDate().atStartOfDay(ZoneOffset.UTC).toInstant();
                case Number n -> Instant.ofEpochMilli(n.longValue());
                case String s -> parseDateTime(s, "cursor");
                default -> throw new IllegalArgumentException("not a date-time: " + value.getClass().getName());
            };
            case JSON, BYTES, LIST -> throw new IllegalArgumentException("columns of kind " + kind + " are not ordered");
        };
    }

    /** Writes a value of the column's Java type as the text {@link #parse} reads back to an equal value. */
    static String format(Object value) {
        return switch (value) {
            case BigDecimal b -> b.toString();
            case Instant i -> i.toString();
            default -> value.toString();
        };
    }

    private static EnumType enumOf(Field field, Schema schema) {
        String name = ((FieldType.EnumRef) field.type()).name();
        return schema.enumType(name).orElseThrow(() -> new IllegalArgumentException("schema has no enum " + name));
    }

    private static QueryException notA(String parameter, String text, String what) {
        return QueryException.invalidValue(parameter, "'" + parameter + "': '" + text + "' is not " + what);
    }
}
