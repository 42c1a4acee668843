package dev.plinth.schema.policy;

import java.util.Locale;
import java.util.Optional;

/** How {@code @mask} shows a value to callers for whom its {@code unless} condition does not hold. */
public enum MaskKind {
    /** {@code john@example.com} → {@code j***@example.com}. */
    EMAIL,
    /** {@code +1 555 123 1234} → {@code ***-***-1234}. */
    PHONE,
    /** {@code 4111111111111234} → {@code ****1234}. */
    LAST4,
    /** Any value → {@code [redacted]}. */
    REDACT;

    /**
     * Reads a mask name as written in {@code @mask("…")}.
     *
     * @param name {@code email}, {@code phone}, {@code last4} or {@code redact}
     * @return the kind, or empty
     */
    public static Optional<MaskKind> of(String name) {
        for (MaskKind k : values()) {
            if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /**
     * Masks a value.
     *
     * @param value the stored text (never null: NULL stays null)
     * @return the masked text
     */
    public String apply(String value) {
        return switch (this) {
            case EMAIL -> {
                int at = value.lastIndexOf('@');
                if (at <= 0) {
                    yield "***";
                }
                yield value.charAt(0) + "***" + value.substring(at);
            }
            case PHONE -> "***-***-" + lastDigits(value);
            case LAST4 -> "****" + lastDigits(value);
            case REDACT -> "[redacted]";
        };
    }

    private static String lastDigits(String value) {
        String digits = value.replaceAll("[^0-9A-Za-z]", "");
        return digits.length() <= 4 ? digits : digits.substring(digits.length() - 4);
    }
}
