package dev.plinth.api.value;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What a column's native type ({@code @db.VarChar(5)}, {@code @db.Decimal(10, 2)}, {@code @db.SmallInt}, …)
 * allows, enforced by Plinth before a value is written so that SQLite stores what PostgreSQL would and
 * refuses what PostgreSQL would refuse (docs/schema.md, "Native limits and exact numbers"). A limit takes a
 * value as its column's {@link ColumnCodec} decoded it and returns the value to store (rounded, padded,
 * truncated as PostgreSQL does) or throws. One limit is chosen per column when the server starts
 * ({@link NativeLimits#of}); a column without one costs nothing.
 *
 * <p>Each rule cites the PostgreSQL documentation page it follows.
 */
public sealed interface NativeLimit {

    /**
     * Applies the limit.
     *
     * @param value a non-null value as the column's codec decoded it
     * @return the value to store
     * @throws InvalidValue when PostgreSQL would refuse the value (code {@code too_long}, {@code too_short},
     *                      {@code out_of_range}, {@code invalid_value} or {@code inexact})
     */
    Object apply(Object value) throws InvalidValue;

    /**
     * {@code VarChar(n)} and {@code Char(n)}: at most {@code n} characters, counted as Unicode code points as
     * PostgreSQL counts them. "An attempt to store a longer string into a column of these types will result
     * in an error, unless the excess characters are all spaces, in which case the string will be truncated
     * to the maximum length"; a {@code Char(n)} value shorter than {@code n} is padded with spaces, and
     * PostgreSQL returns it padded ("Character Types",
     * https://www.postgresql.org/docs/current/datatype-character.html).
     *
     * @param length  the most characters, {@code n}
     * @param padded  true for {@code Char(n)}
     * @param display the native type as written, for messages
     */
    record Characters(int length, boolean padded, String display) implements NativeLimit {
        @Override
        public Object apply(Object value) throws InvalidValue {
            String text = (String) value;
            int count = text.codePointCount(0, text.length());
            if (count > length) {
                int end = text.offsetByCodePoints(0, length);
                if (!text.substring(end).chars().allMatch(c -> c == ' ')) {
                    throw new InvalidValue("too_long", "at most " + length + " characters (" + display + "), got " + count);
                }
                return text.substring(0, end);
            }
            if (padded && count < length) {
                return text + " ".repeat(length - count);
            }
            return text;
        }
    }

    /**
     * {@code Bit(n)} and {@code VarBit(n)}: a string of the digits 0 and 1; exactly {@code n} of them for
     * {@code Bit(n)}, at most {@code n} for {@code VarBit(n)} ("Bit String Types",
     * https://www.postgresql.org/docs/current/datatype-bit.html: "It is an error to attempt to store shorter
     * or longer bit strings" into {@code bit(n)}, longer ones into {@code bit varying(n)}).
     *
     * @param length the length, or 0 for a {@code VarBit} without one
     * @param fixed  true for {@code Bit(n)}
     */
    record Bits(int length, boolean fixed) implements NativeLimit {
        @Override
        public Object apply(Object value) throws InvalidValue {
            String text = (String) value;
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) != '0' && text.charAt(i) != '1') {
                    throw new InvalidValue("invalid_value", "expected a bit string of 0 and 1, got \"" + text + "\"");
                }
            }
            if (length > 0 && text.length() > length) {
                throw new InvalidValue("too_long", "at most " + length + " bits, got " + text.length());
            }
            if (fixed && text.length() < length) {
                throw new InvalidValue("too_short", "exactly " + length + " bits, got " + text.length());
            }
            return text;
        }
    }

    /**
     * {@code Inet}: an IPv4 or IPv6 host address with an optional netmask length, stored in the text PostgreSQL
     * answers: IPv6 in lower case with the longest run of zero groups shortened to {@code ::}, an IPv4 part
     * kept where BIND's {@code inet_ntop} keeps it, and the netmask left out when it covers the whole address
     * ("Network Address Types", https://www.postgresql.org/docs/current/datatype-net-types.html; PostgreSQL's
     * {@code inet_net_ntop.c}).
     */
    record InetAddress() implements NativeLimit {
        @Override
        public Object apply(Object value) throws InvalidValue {
            return InetText.normalize((String) value);
        }
    }

    /**
     * An integer type narrower than the field's Prisma type: {@code SmallInt} is 16-bit, {@code Oid} unsigned
     * ("Numeric Types", https://www.postgresql.org/docs/current/datatype-numeric.html, and "Object Identifier
     * Types", https://www.postgresql.org/docs/current/datatype-oid.html); MySQL's types keep their own
     * ranges (MySQL reference, "Integer Types").
     *
     * @param min     the smallest value
     * @param max     the largest value
     * @param display the native type as written, for messages
     */
    record IntegerRange(long min, long max, String display) implements NativeLimit {
        @Override
        public Object apply(Object value) throws InvalidValue {
            long v = (Long) value;
            if (v < min || v > max) {
                throw new InvalidValue("out_of_range", "must be between " + min + " and " + max + " (" + display + ")");
            }
            return value;
        }
    }

    /**
     * {@code Real}: a single-precision number. PostgreSQL stores the nearest {@code float4}, and refuses a
     * value beyond its range or one that would become zero ("value out of range: overflow/underflow";
     * "Floating-Point Types", https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-FLOAT).
     * The value stored on both databases is the {@code float4} one.
     */
    record SinglePrecision() implements NativeLimit {
        @Override
        public Object apply(Object value) throws InvalidValue {
            double d = (Double) value;
            float f = (float) d;
            if (Float.isInfinite(f)) {
                throw new InvalidValue("out_of_range", "is too large for a single-precision number (@db.Real): at most "
                        + Float.MAX_VALUE + " in magnitude");
            }
            if (f == 0 && d != 0) {
                throw new InvalidValue("out_of_range", "is too close to zero for a single-precision number (@db.Real): at least "
                        + Float.MIN_VALUE + " in magnitude");
            }
            return (double) f;
        }
    }

    /**
     * {@code Decimal(p, s)}: rounded to {@code s} decimal places, half away from zero, then refused when it has
     * more than {@code p - s} digits before the point ("numeric field overflow"; "Arbitrary Precision
     * Numbers", https://www.postgresql.org/docs/current/datatype-numeric.html#DATATYPE-NUMERIC-DECIMAL: "If
     * the scale of a value to be stored is greater than the declared scale of the column, the system will
     * round the value to the specified number of fractional digits. Then, if the number of digits to the
     * left of the decimal point exceeds the declared precision minus the declared scale, an error is
     * raised"; numeric rounds ties away from zero). A {@code Decimal} without a native type is
     * {@code DECIMAL(65,30)}, as Prisma creates it on PostgreSQL.
     *
     * <p>On SQLite a {@code DECIMAL} column holds a number as a 64-bit float (NUMERIC affinity; "Datatypes In
     * SQLite", https://www.sqlite.org/datatype3.html: "only the first 15 significant decimal digits of the
     * number are preserved"), so there a value is also refused ({@code inexact}) unless it survives that:
     * at most 15 significant digits, or an integer a double holds exactly (stored as SQLite's INTEGER).
     *
     * @param precision     {@code p}, the most digits; 0 for an unconstrained {@code @db.Decimal} without arguments
     * @param scale         {@code s}, the digits after the point
     * @param sqliteStorage true when the column is SQLite's
     */
    record Decimal(int precision, int scale, boolean sqliteStorage) implements NativeLimit {

        /** Significant digits SQLite keeps of a number held as a float. */
        public static final int SQLITE_DIGITS = 15;

        private static final BigInteger LONG_LIMIT = BigInteger.ONE.shiftLeft(63);

        @Override
        public Object apply(Object value) throws InvalidValue {
            BigDecimal d = (BigDecimal) value;
            if (precision == 0) {
                // an unconstrained numeric stores what it is given
                if (sqliteStorage && !exactOnSqlite(d)) {
                    throw inexact(d);
                }
                return d;
            }
            // rounding adds at most one digit before the point, so a value already too long fails before it
            // is rounded (rounding 1E+100000 to 30 places would take a 100,030-digit number)
            int before = d.signum() == 0 ? 0 : d.precision() - d.scale();
            if (before <= precision - scale) {
                d = d.setScale(scale, RoundingMode.HALF_UP);
            }
            int integerDigits = d.signum() == 0 ? 0 : d.precision() - d.scale();
            if (integerDigits > precision - scale) {
                throw new InvalidValue("out_of_range", precision - scale == 0
                        ? "must be less than 1 in magnitude (Decimal(" + precision + ", " + scale + "))"
                        : "has " + integerDigits + " digits before the decimal point; Decimal(" + precision + ", " + scale
                        + ") takes at most " + (precision - scale));
            }
            if (sqliteStorage && !exactOnSqlite(d)) {
                throw inexact(d);
            }
            return d;
        }

        private static InvalidValue inexact(BigDecimal d) {
            return new InvalidValue("inexact", "has " + d.stripTrailingZeros().precision() + " significant digits: SQLite's DECIMAL"
                    + " column keeps a number as a double with " + SQLITE_DIGITS + " significant digits, so it cannot store "
                    + d.toPlainString() + " exactly (PostgreSQL can)");
        }

        /**
         * Tells whether SQLite's {@code DECIMAL} column gives a value back exactly.
         *
         * @param d the value
         * @return true for at most 15 significant digits, or an integer a double and a 64-bit integer hold exactly
         */
        public static boolean exactOnSqlite(BigDecimal d) {
            BigDecimal stripped = d.stripTrailingZeros();
            if (stripped.precision() <= SQLITE_DIGITS) {
                return true;
            }
            return stripped.scale() <= 0 && stripped.toBigInteger().abs().compareTo(LONG_LIMIT) < 0
                    && new BigDecimal(d.doubleValue()).compareTo(d) == 0;
        }
    }

    /**
     * {@code Date}, {@code Time(p)}, {@code Timetz(p)}, {@code Timestamp(p)}, {@code Timestamptz(p)}: the part
     * of an instant PostgreSQL keeps ("Date/Time Types",
     * https://www.postgresql.org/docs/current/datatype-datetime.html). A date keeps the UTC day (answered
     * as midnight UTC), a time the UTC time of day (answered on 1970-01-01), and {@code p} fractional digits
     * of seconds are kept by rounding, half away from zero as PostgreSQL rounds its microseconds since
     * 2000-01-01 ({@code AdjustTimestampForTypmod}). Plinth's instants carry milliseconds, so a
     * {@code p} of 3 or more keeps them all.
     *
     * @param part   what the column keeps
     * @param digits the fractional digits of seconds kept, 0 to 3
     */
    record TimeParts(Part part, int digits) implements NativeLimit {

        /** What a date/time column keeps of an instant. */
        public enum Part {
            /** The whole instant. */
            TIMESTAMP,
            /** The UTC date. */
            DATE,
            /** The UTC time of day. */
            TIME
        }

        private static final long DAY = 86_400_000L;

        /** PostgreSQL's epoch, from which it counts (and rounds) timestamps. */
        private static final long POSTGRES_EPOCH_MILLIS = 946_684_800_000L;

        @Override
        public Object apply(Object value) throws InvalidValue {
            Instant instant = (Instant) value;
            return switch (part) {
                case DATE -> LocalDate.ofInstant(instant, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
                // a time rounded up to 24:00:00 is midnight, as java.time and SQLite's text both spell it
                case TIME -> Instant.ofEpochMilli(round(Math.floorMod(instant.toEpochMilli(), DAY), 0) % DAY);
                case TIMESTAMP -> digits >= 3 ? instant : Instant.ofEpochMilli(round(instant.toEpochMilli(), POSTGRES_EPOCH_MILLIS));
            };
        }

        /** Rounds milliseconds to {@link #digits} fractional digits, half away from {@code origin}. */
        private long round(long millis, long origin) {
            if (digits >= 3) {
                return millis;
            }
            long unit = digits == 0 ? 1000 : digits == 1 ? 100 : 10;
            long from = millis - origin;
            long rounded = from >= 0 ? (from + unit / 2) / unit * unit : -((-from + unit / 2) / unit * unit);
            return rounded + origin;
        }
    }
}
