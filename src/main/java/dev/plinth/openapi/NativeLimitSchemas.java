package dev.plinth.openapi;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.api.NumberForms;
import dev.plinth.api.value.NativeLimit;
import dev.plinth.api.value.NativeLimits;
import dev.plinth.schema.model.Field;
import dev.plinth.sql.DatabaseKind;

/**
 * The JSON Schema form of what Plinth enforces on a column's values (docs/schema.md, "Native limits and
 * exact numbers"): {@code maxLength} of {@code VarChar(n)}/{@code Char(n)}, {@code minimum}/{@code maximum}
 * of integer types, and the two forms of Decimal and BigInt values (a JSON number, or a string of its
 * digits, which bodies always take and answers give under {@code Prefer: plinth-numbers=string}).
 * JSON Schema keywords: https://json-schema.org/draft/2020-12/json-schema-validation.
 */
final class NativeLimitSchemas {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** A decimal number written as a string. */
    static final String DECIMAL_PATTERN = "^-?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$";
    /** An integer written as a string. */
    static final String INTEGER_PATTERN = "^-?[0-9]+$";

    private NativeLimitSchemas() {
    }

    /** Returns the schema of a 32-bit {@code Int}. */
    static ObjectNode integer() {
        return NODES.objectNode().put("type", "integer").put("format", "int32")
                .put("minimum", Integer.MIN_VALUE).put("maximum", Integer.MAX_VALUE);
    }

    /** Returns the schema of a {@code BigInt}: a 64-bit integer, as a number or a string of digits. */
    static ObjectNode bigInt() {
        ObjectNode s = NODES.objectNode();
        s.set("type", NODES.arrayNode().add("integer").add("string"));
        return s.put("format", "int64").put("pattern", INTEGER_PATTERN)
                .put("minimum", Long.MIN_VALUE).put("maximum", Long.MAX_VALUE)
                .put("description", "BigInt: a JSON number, or a string of its digits (always accepted; answered as a string"
                        + " under `Prefer: " + NumberForms.PREFERENCE + "=string`), so JavaScript clients lose no digit.");
    }

    /** Returns the schema of a {@code Decimal}: an exact number, as a JSON number or a string. */
    static ObjectNode decimal() {
        ObjectNode s = NODES.objectNode();
        s.set("type", NODES.arrayNode().add("number").add("string"));
        return s.put("pattern", DECIMAL_PATTERN)
                .put("description", "Decimal: an exact JSON number, or a string of its digits (always accepted; answered as a"
                        + " string under `Prefer: " + NumberForms.PREFERENCE + "=string`), so JavaScript clients lose no digit.");
    }

    /**
     * Adds a field's native limits to its value schema (to the items of a list).
     *
     * @param s     the value schema
     * @param field the field
     */
    static void limit(ObjectNode s, Field field) {
        ObjectNode target = field.list() && s.get("items") instanceof ObjectNode items ? items : s;
        NativeLimits.of(field, DatabaseKind.POSTGRESQL).ifPresent(limit -> {
            switch (limit) {
                case NativeLimit.Characters c -> target.put("maxLength", c.length());
                case NativeLimit.Bits b -> {
                    target.put("pattern", "^[01]*$");
                    if (b.length() > 0) {
                        target.put("maxLength", b.length());
                    }
                    if (b.fixed()) {
                        target.put("minLength", b.length());
                    }
                }
                case NativeLimit.InetAddress a -> target.put("description", "An IP address (IPv4 or IPv6, optionally with /bits),"
                        + " stored and answered as PostgreSQL writes it (2001:db8::1).");
                case NativeLimit.IntegerRange r -> target.put("minimum", r.min()).put("maximum", r.max());
                case NativeLimit.SinglePrecision p -> target.put("maximum", Float.MAX_VALUE).put("minimum", -Float.MAX_VALUE);
                case NativeLimit.Decimal d -> {
                    if (d.precision() > 0) {
                        String bound = "9".repeat(d.precision() - d.scale()) + (d.scale() > 0 ? "." + "9".repeat(d.scale()) : "");
                        target.put("description", target.path("description").asText() + " Decimal(" + d.precision() + ", "
                                + d.scale() + "): rounded half away from zero to " + d.scale() + " decimal places; at most "
                                + (d.precision() - d.scale()) + " digits before the point (up to "
                                + (d.precision() - d.scale() == 0 ? "0." + "9".repeat(d.scale()) : bound)
                                + " in magnitude), otherwise 422 out_of_range.");
                    }
                }
                case NativeLimit.TimeParts t -> target.put("description", switch (t.part()) {
                    case DATE -> "A date: stored as the UTC day, answered as its midnight UTC.";
                    case TIME -> "A time of day: stored as the UTC time, answered on 1970-01-01.";
                    case TIMESTAMP -> "Rounded to " + t.digits() + " fractional digits of seconds.";
                });
            }
        });
    }
}
