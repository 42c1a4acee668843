package dev.plinth.api;

/**
 * One bad field of a request body or query, as listed in a problem's {@code errors} member.
 *
 * @param field   the column name (after {@code @map}) or the parameter name
 * @param code    a stable machine code: {@code unknown_field}, {@code required}, {@code invalid_type},
 *                {@code out_of_range}, {@code invalid_enum_value}, {@code not_null}, {@code invalid_value},
 *                {@code unique}, {@code not_found}
 * @param message a human explanation
 */
public record FieldError(String field, String code, String message) {
}
