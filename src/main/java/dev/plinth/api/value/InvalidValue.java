package dev.plinth.api.value;

/**
 * A JSON or text value that does not fit a column's type.
 *
 * @see dev.plinth.api.FieldError for the codes
 */
public final class InvalidValue extends Exception {

    private final String code;
    private final java.util.List<Nested> nested;

    /**
     * One problem inside a JSON document (a composite type's value).
     *
     * @param path    where, below the field: {@code .zip}, {@code [1].city}, or empty for the value itself
     * @param code    a stable machine code, as for {@link InvalidValue#code()}, plus {@code required},
     *                {@code not_null} and {@code unknown_field}
     * @param message what was expected
     */
    public record Nested(String path, String code, String message) {
    }

    /**
     * Creates the exception for a document with problems at several places.
     *
     * @param code    the first problem's code
     * @param message the first problem's message
     * @param nested  every problem, with its path
     */
    public InvalidValue(String code, String message, java.util.List<Nested> nested) {
        super(message, null, false, false);
        this.code = code;
        this.nested = java.util.List.copyOf(nested);
    }

    /**
     * Creates the exception.
     *
     * @param code    a stable machine code ({@code invalid_type}, {@code out_of_range}, {@code invalid_enum_value}, {@code invalid_value})
     * @param message what was expected
     */
    public InvalidValue(String code, String message) {
        super(message, null, false, false);
        this.code = code;
        this.nested = java.util.List.of();
    }

    /** Returns the problems inside a document, each with its path; empty for a value with one problem. */
    public java.util.List<Nested> nested() {
        return nested;
    }

    /** Returns the machine code. */
    public String code() {
        return code;
    }

    static InvalidValue type(String expected, com.fasterxml.jackson.databind.JsonNode got) {
        return new InvalidValue("invalid_type", "expected " + expected + ", got " + describe(got));
    }

    static String describe(com.fasterxml.jackson.databind.JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> "null";
        };
    }
}
