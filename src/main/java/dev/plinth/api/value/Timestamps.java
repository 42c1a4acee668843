package dev.plinth.api.value;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The one DateTime text format of the API and of SQLite databases Plinth writes: ISO-8601 UTC with
 * milliseconds, e.g. {@code 2026-11-22T04:12:27.000Z} (docs/api.md, "Values in JSON").
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    /**
     * Formats an instant.
     *
     * @param instant the instant
     * @return ISO-8601 UTC text with exactly three fraction digits
     */
    public static String format(Instant instant) {
        return format(LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC));
    }

    /**
     * Formats a UTC wall-clock time, as PostgreSQL's {@code timestamp} columns hold it (Prisma's DateTime:
     * "timestamp(3) without time zone", holding UTC).
     *
     * @param t the date and time in UTC
     * @return ISO-8601 UTC text with exactly three fraction digits, as {@link #format(Instant)}
     */
    public static String format(LocalDateTime t) {
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            // outside four-digit years the formatter decides the sign and width
            return FORMAT.format(t.toInstant(ZoneOffset.UTC));
        }
        // a fixed-width printer: DateTimeFormatter costs several times more on every DateTime of every answer
        char[] c = new char[CANONICAL_LENGTH];
        digits(c, 0, year, 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = '.';
        digits(c, 20, t.getNano() / 1_000_000, 3);
        c[23] = 'Z';
        return new String(c);
    }

    private static void digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The length of the canonical form {@code YYYY-MM-DDTHH:MM:SS.mmmZ}. */
    public static final int CANONICAL_LENGTH = 24;

    /**
     * Tells whether text is already in the canonical wire form {@code YYYY-MM-DDTHH:MM:SS.mmmZ}, the
     * form {@link #format} writes, so it can be sent as it is without parsing. The check is by shape
     * (separators in place, digits elsewhere) and field ranges (month 01–12, day 01–31, hour 00–23,
     * minute and second 00–59); a day past its month's end (e.g. {@code 02-31}) is not caught, and is
     * then shown as stored, which is what {@link #parse} failing on it leads to as well.
     *
     * @param text stored text, not null
     * @return true when the text can be written unchanged
     */
    public static boolean isCanonical(String text) {
        if (text.length() != CANONICAL_LENGTH
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return false;
        }
        for (int i = 0; i < 23; i++) {
            if (i == 4 || i == 7 || i == 10 || i == 13 || i == 16 || i == 19) {
                continue;
            }
            char ch = text.charAt(i);
            if (ch < '0' || ch > '9') {
                return false;
            }
        }
        int month = twoDigits(text, 5);
        int day = twoDigits(text, 8);
        return month >= 1 && month <= 12 && day >= 1 && day <= 31
                && twoDigits(text, 11) <= 23 && twoDigits(text, 14) <= 59 && twoDigits(text, 17) <= 59;
    }

    private static int fourDigits(String text) {
        return twoDigits(text, 0) * 100 + twoDigits(text, 2);
    }

    private static int twoDigits(String text, int at) {
        return (text.charAt(at) - '0') * 10 + (text.charAt(at + 1) - '0');
    }

    /**
     * Parses the text forms clients and existing databases use: an offset date-time
     * ({@code 2026-01-01T10:00:00+02:00}, {@code …Z}), a local date-time taken as UTC (with {@code T}
     * or a space, as SQLite's {@code CURRENT_TIMESTAMP} writes it), or a date (midnight UTC).
     *
     * @param text the text
     * @return the instant, truncated to milliseconds
     * @throws DateTimeParseException when the text is none of these
     */
    public static Instant parse(String text) {
        if (isCanonical(text)) {
            // what Plinth itself writes: read by position (the formatter below costs several times more, on every
            // updated_at a write reads back; profiled under bulk updates, docs/benchmarks.md "Bulk updates")
            int day = twoDigits(text, 8);
            if (day <= 28 || day <= java.time.YearMonth.of(fourDigits(text), twoDigits(text, 5)).lengthOfMonth()) {
                long days = java.time.LocalDate.of(fourDigits(text), twoDigits(text, 5), day).toEpochDay();
                long seconds = days * 86_400L + twoDigits(text, 11) * 3_600L + twoDigits(text, 14) * 60L + twoDigits(text, 17);
                int millis = (text.charAt(20) - '0') * 100 + twoDigits(text, 21);
                return Instant.ofEpochSecond(seconds, millis * 1_000_000L);
            }
        }
        String t = text.trim();
        if (t.length() > 10 && t.charAt(10) == ' ') {
            t = t.substring(0, 10) + 'T' + t.substring(11);
        }
        try {
            return OffsetDateTime.parse(t).toInstant().truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            // not an offset form; try the local forms below
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        } catch (DateTimeParseException e) {
            // not a local date-time either
        }
        if (t.endsWith("+00")) {
            return parse(t + ":00");
        }
        return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
