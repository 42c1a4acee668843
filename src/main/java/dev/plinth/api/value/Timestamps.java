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
 * milliseconds, e.g. {@code 2026-11-22T04:12:27.000Z} (DESIGN.md, "Values in JSON").
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
        return FORMAT.format(instant);
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
