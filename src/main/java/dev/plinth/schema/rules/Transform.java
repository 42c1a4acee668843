package dev.plinth.schema.rules;

import java.util.Locale;
import java.util.Optional;

/**
 * A transform of a String field applied to the value a client sends, before the field's validators and
 * before it is stored: ZenStack's {@code @trim}, {@code @lower}, {@code @upper}
 * (https://zenstack.dev/docs/reference/zmodel-language#data-validation).
 */
public enum Transform {
    /** {@code @trim}: leading and trailing whitespace removed ({@link String#strip()}, Unicode whitespace). */
    TRIM("trim"),
    /** {@code @lower}: lower-cased (root locale, so the result does not depend on the server's language). */
    LOWER("lower"),
    /** {@code @upper}: upper-cased (root locale). */
    UPPER("upper");

    private final String attribute;

    Transform(String attribute) {
        this.attribute = attribute;
    }

    /** Returns the attribute's name without {@code @}. */
    public String attribute() {
        return attribute;
    }

    /**
     * Applies the transform.
     *
     * @param value the text sent
     * @return the text to validate and store
     */
    public String apply(String value) {
        return switch (this) {
            case TRIM -> value.strip();
            case LOWER -> value.toLowerCase(Locale.ROOT);
            case UPPER -> value.toUpperCase(Locale.ROOT);
        };
    }

    /**
     * Finds a transform by its attribute name.
     *
     * @param attribute the name without {@code @}
     * @return the transform, or empty
     */
    public static Optional<Transform> of(String attribute) {
        for (Transform t : values()) {
            if (t.attribute.equals(attribute)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
