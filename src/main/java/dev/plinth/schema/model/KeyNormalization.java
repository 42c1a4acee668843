package dev.plinth.schema.model;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the API normalizes the values of a String key before it uses them: Plinth's
 * {@code @@normalizeKey(trim | lower | upper)} on a model, or a list such as {@code @@normalizeKey([trim, lower])}
 * (docs/schema.md, "Identifiers"). Path keys, filters on the key and request bodies are normalized alike, so
 * {@code /api/rooms/%20A-12} and {@code ?id=a-12} reach the row stored as {@code a-12}. The idea is the
 * Knex plugin's {@code normalizeId}; the steps run in the order written.
 *
 * @param steps the steps, in order; empty for none
 */
public record KeyNormalization(List<Step> steps) {

    /** No normalization: values are used as sent (every field without {@code @@normalizeKey}). */
    public static final KeyNormalization NONE = new KeyNormalization(List.of());

    public KeyNormalization {
        steps = List.copyOf(steps);
    }

    /** One normalization step. */
    public enum Step {
        /** Removes leading and trailing white space ({@link String#strip()}: Unicode white space). */
        TRIM,
        /** Lower-cases, locale-independently ({@link Locale#ROOT}). */
        LOWER,
        /** Upper-cases, locale-independently ({@link Locale#ROOT}). */
        UPPER;

        /** Returns the step's name as written in the schema ({@code trim}, {@code lower}, {@code upper}). */
        public String schemaName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Finds a step by its schema name.
         *
         * @param text the name as written, e.g. {@code lower}
         * @return the step, or empty when there is no such step
         */
        public static Optional<Step> of(String text) {
            for (Step s : values()) {
                if (s.schemaName().equals(text)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** Returns true when values are used as sent. */
    public boolean isNone() {
        return steps.isEmpty();
    }

    /**
     * Normalizes a value.
     *
     * @param value the value as sent
     * @return the value after every step
     */
    public String apply(String value) {
        String out = value;
        for (Step step : steps) {
            out = switch (step) {
                case TRIM -> out.strip();
                case LOWER -> out.toLowerCase(Locale.ROOT);
                case UPPER -> out.toUpperCase(Locale.ROOT);
            };
        }
        return out;
    }

    /**
     * Normalizes a value when it is text.
     *
     * @param value a decoded column value
     * @return the normalized text, or {@code value} itself when it is not a String
     */
    public Object applyTo(Object value) {
        return value instanceof String s && !isNone() ? apply(s) : value;
    }
}
