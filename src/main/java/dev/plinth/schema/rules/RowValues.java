package dev.plinth.schema.rules;

/**
 * The values of a row as data rules see them, by field schema name. The evaluation domain: null, a
 * {@link String} (text and enum values, enums by their stored name), a {@link java.math.BigDecimal}
 * (every number type), a {@link Boolean}, a {@link java.time.Instant} (DateTime), or a
 * {@link java.util.List} of those (list fields). Other types (Json, Bytes) are not readable by rules.
 */
@FunctionalInterface
public interface RowValues {

    /**
     * Returns a field's value.
     *
     * @param field the field's schema name
     * @return the value in the evaluation domain, or null
     */
    Object value(String field);
}
