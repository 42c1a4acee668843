package dev.plinth.api.value;

/**
 * A JSON or text value that does not fit a column's type.
 *
 * @see dev.plinth.api.FieldError for the codes
 */
public final class InvalidValue extends Exception {

    private final String code;

    /**
     * Creates the exception.
     *
     * @param code    a stable machine code ({@code invalid_type}, {@code out_of_range}, {@code invalid_enum_value}, {@code invalid_value})
     * @param message what was expected
     */
    public InvalidValue(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Returns the machine code. */
    public String code() {
        return code;
    }

    static InvalidValue type(String expected, com.fasterxml.jackson.databind.JsonNode got) {
        return new InvalidValue("invalid_type", "expected " + expected + ", got " + describe(got));
    }

    private static String describe(com.fasterxml.jackson.databind.JsonNode node) {
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
