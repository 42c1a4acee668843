package dev.plinth.api.value;

import dev.plinth.sql.DatabaseKind;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * How one column's values travel: from a {@link ResultSet} into JSON, and from a request's JSON (or a
 * path or query text) into a bind parameter. One codec is chosen per column when the server starts,
 * so the hot path does no type dispatch on values (docs/api.md, "Storage and speed").
 *
 * <p>The JSON forms are those of docs/api.md, "Values in JSON": numbers for Int and Float, exact numbers for
 * BigInt and Decimal, true/false for Boolean (SQLite stores 0/1), ISO-8601 UTC with milliseconds for
 * DateTime, embedded JSON for Json, base64 for Bytes, the {@code @map}'d name for enum values.
 */
public sealed interface ColumnCodec {

    /**
     * Writes the column's value (or null) of the current row.
     *
     * @param rs    the result set, positioned on a row
     * @param index the 1-based column index
     * @param g     the generator, positioned where a value is expected
     * @throws SQLException when reading fails
     * @throws IOException  when writing fails
     */
    void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException;

    /**
     * Converts a non-null JSON value from a request body into a bind value.
     *
     * @param node the JSON value, never a JSON null
     * @return the bind value
     * @throws InvalidValue when the value does not fit the type
     */
    Object decode(JsonNode node) throws InvalidValue;

    /**
     * Converts text (a path key, a token subject) into a bind value.
     *
     * @param text the text
     * @return the bind value
     * @throws InvalidValue when the text does not parse
     */
    Object parseText(String text) throws InvalidValue;

    /**
     * Binds a value produced by {@link #decode} or {@link #parseText}.
     *
     * @param ps    the statement
     * @param index the 1-based parameter index
     * @param value the value, never null
     * @throws SQLException when binding fails
     */
    void bind(PreparedStatement ps, int index, Object value) throws SQLException;

    /**
     * {@code String}: JSON strings. A {@code String @db.Uuid} column takes only hyphenated UUIDs, so a
     * value PostgreSQL's {@code uuid} type would reject is a 422 (in a body) or a 403 (as a token's
     * subject on {@code user_id}) rather than a database error.
     *
     * @param uuid true for a {@code @db.Uuid} column
     */
    record Text(boolean uuid) implements ColumnCodec {
        private static final java.util.regex.Pattern UUID =
                java.util.regex.Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

        /** A plain text column. */
        public Text() {
            this(false);
        }

        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            String v = rs.getString(index);
            if (v == null) {
                g.writeNull();
            } else {
                g.writeString(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isTextual()) {
                throw InvalidValue.type(uuid ? "a UUID string" : "a string", node);
            }
            return parseText(node.textValue());
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            if (text.indexOf('\0') >= 0) {
                throw nul();
            }
            if (uuid && !UUID.matcher(text).matches()) {
                throw new InvalidValue("invalid_type", "expected a UUID such as 0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11, got \"" + text + "\"");
            }
            // PostgreSQL's uuid type answers in lower case whatever it was given ("UUID Type",
            // https://www.postgresql.org/docs/current/datatype-uuid.html): SQLite stores it so too
            return uuid ? text.toLowerCase(java.util.Locale.ROOT) : text;
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setString(index, (String) value);
        }
    }

    /** An integer written as a JSON string: an optional minus and at most 40 digits. */
    java.util.regex.Pattern INTEGER_TEXT = java.util.regex.Pattern.compile("-?\\d{1,40}");

    /** A decimal written as a JSON string: JSON's number syntax, the exponent at most 6 digits. */
    java.util.regex.Pattern DECIMAL_TEXT = java.util.regex.Pattern.compile("-?\\d{1,1000}(\\.\\d{1,1000})?([eE][+-]?\\d{1,6})?");

    /**
     * {@code Int} (32-bit) and {@code BigInt} (64-bit) integers. A BigInt is also taken as a JSON string of
     * digits ({@code "9007199254740993"}), which a JavaScript client can send without loss.
     */
    record Whole(boolean big) implements ColumnCodec {
        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            long v = rs.getLong(index);
            if (v == 0 && rs.wasNull()) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (big && node.isTextual()) {
                // a BigInt as a JSON string, for clients whose numbers are doubles (docs/api.md, "Values in JSON")
                String text = node.textValue();
                if (!INTEGER_TEXT.matcher(text).matches()) {
                    throw new InvalidValue("invalid_type", "expected an integer or a string of digits, got \"" + text + "\"");
                }
                return check(new BigInteger(text));
            }
            if (!node.isNumber()) {
                throw InvalidValue.type(big ? "an integer or a string of digits" : "an integer", node);
            }
            BigDecimal d = node.decimalValue();
            BigInteger i;
            try {
                i = d.toBigIntegerExact();
            } catch (ArithmeticException e) {
                throw new InvalidValue("invalid_type", "expected an integer, got " + d.toPlainString());
            }
            return check(i);
        }

        private Object check(BigInteger i) throws InvalidValue {
            if (big ? i.bitLength() > 63 : i.bitLength() > 31) {
                throw new InvalidValue("out_of_range", big
                        ? "must be between -9223372036854775808 and 9223372036854775807"
                        : "must be between -2147483648 and 2147483647");
            }
            return i.longValue();
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return check(new BigInteger(text.trim()));
            } catch (NumberFormatException e) {
                throw new InvalidValue("invalid_type", "expected an integer, got \"" + text + "\"");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            if (big) {
                ps.setLong(index, (Long) value);
            } else {
                ps.setInt(index, ((Long) value).intValue());
            }
        }
    }

    /**
     * {@code Float}: a double-precision number; a {@code @db.Real} column's single-precision one is read as a
     * {@code float}, so both databases answer its shortest form ({@code 0.1}, not {@code 0.10000000149011612}).
     *
     * @param single true for a {@code @db.Real} column
     */
    record Floating(boolean single) implements ColumnCodec {

        /** A double-precision column. */
        public Floating() {
            this(false);
        }

        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            if (single) {
                float f = rs.getFloat(index);
                if (f == 0 && rs.wasNull()) {
                    g.writeNull();
                } else {
                    g.writeNumber(f);
                }
                return;
            }
            double v = rs.getDouble(index);
            if (v == 0 && rs.wasNull()) {
                g.writeNull();
            } else {
                g.writeNumber(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isNumber()) {
                throw InvalidValue.type("a number", node);
            }
            double d = node.doubleValue();
            if (Double.isInfinite(d)) {
                throw new InvalidValue("out_of_range", "is too large for a double-precision number");
            }
            return d;
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue("invalid_type", "expected a number, got \"" + text + "\"");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setDouble(index, (Double) value);
        }
    }

    /**
     * {@code Decimal}: exact; read as text so no digit is lost on either database. Also taken as a JSON string
     * ({@code "12345678901234567890.12"}), which a JavaScript client can send without loss.
     *
     * @param scale the declared scale to show on SQLite, whose {@code DECIMAL} column drops trailing zeros
     *              ({@code 12.5} for PostgreSQL's {@code 12.50}); -1 to show what is stored
     */
    record Decimal(int scale) implements ColumnCodec {

        /** A column shown as stored. */
        public Decimal() {
            this(-1);
        }

        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            String v = rs.getString(index);
            if (v == null) {
                g.writeNull();
                return;
            }
            try {
                BigDecimal d = new BigDecimal(v);
                g.writeNumber(scale >= 0 && d.scale() < scale ? d.setScale(scale) : d);
            } catch (NumberFormatException e) {
                // text another writer left in a SQLite DECIMAL column (or "Inf"): shown as stored
                g.writeString(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            BigDecimal d;
            if (node.isTextual()) {
                String text = node.textValue();
                if (!DECIMAL_TEXT.matcher(text).matches()) {
                    throw new InvalidValue("invalid_type", "expected a number or a string holding one, got \""
                            + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"");
                }
                d = new BigDecimal(text);
                if (Math.abs((long) d.scale()) > 131_072) {
                    throw new InvalidValue("out_of_range", "is beyond what a Decimal column holds");
                }
            } else if (node.isNumber()) {
                d = node.decimalValue();
            } else {
                throw InvalidValue.type("a number or a string holding one", node);
            }
            // SQLite keeps a Decimal as a double; beyond its range the value would become infinite
            if (d.signum() != 0 && d.precision() - d.scale() > 308) {
                throw new InvalidValue("out_of_range", "is too large for a Decimal column");
            }
            return d;
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return new BigDecimal(text.trim());
            } catch (NumberFormatException e) {
                throw new InvalidValue("invalid_type", "expected a number, got \"" + text + "\"");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setBigDecimal(index, (BigDecimal) value);
        }
    }

    /** {@code Boolean}: true/false in JSON; SQLite stores 1/0 as Prisma does. */
    record Bool() implements ColumnCodec {
        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            boolean v = rs.getBoolean(index);
            if (!v && rs.wasNull()) {
                g.writeNull();
            } else {
                g.writeBoolean(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isBoolean()) {
                throw InvalidValue.type("true or false", node);
            }
            return node.booleanValue();
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            return switch (text.trim()) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw new InvalidValue("invalid_type", "expected true or false, got \"" + text + "\"");
            };
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setBoolean(index, (Boolean) value);
        }
    }

    /**
     * {@code DateTime}. On SQLite the stored value is integer milliseconds since the epoch or text
     * (docs/api.md, "Values in JSON") and Plinth writes text; on PostgreSQL the column's native type
     * decides the Java type read and bound.
     *
     * @param kind        the database
     * @param pgColumn    {@code timestamp}, {@code timestamptz}, {@code date}, {@code time} or {@code timetz}
     * @param epochMillis true for a SQLite column that already holds integer milliseconds: values are
     *                    written in that format too
     */
    record DateTime(DatabaseKind kind, String pgColumn, boolean epochMillis) implements ColumnCodec {
        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            if (kind == DatabaseKind.SQLITE) {
                // read as text first (no column-type call): what Plinth writes is already the wire form,
                // so it goes out with no parse and format again; anything else is read again by type
                String text = rs.getString(index);
                if (text != null && Timestamps.isCanonical(text)) {
                    g.writeString(text);
                    return;
                }
                writeInstant(text == null ? null : rs.getObject(index), g);
                return;
            }
            if (holdsUtcWallClock()) {
                // formatted as read: no detour through an Instant, on every DateTime of every answer
                LocalDateTime t = rs.getObject(index, LocalDateTime.class);
                if (t == null) {
                    g.writeNull();
                } else {
                    g.writeString(Timestamps.format(t));
                }
                return;
            }
            Instant instant;
            try {
                instant = read(rs, index);
            } catch (UnreadableTime e) {
                // text another writer left in a SQLite DateTime column: shown as stored rather than failing the answer
                g.writeString(e.text);
                return;
            }
            if (instant == null) {
                g.writeNull();
            } else {
                g.writeString(Timestamps.format(instant));
            }
        }

        /** Whether the PostgreSQL column is read as a {@link LocalDateTime} in UTC (the {@code default} of {@link #read}). */
        private boolean holdsUtcWallClock() {
            return switch (pgColumn) {
                case "timestamptz", "date", "time", "timetz" -> false;
                default -> true;
            };
        }

        private static void writeInstant(Object stored, JsonGenerator g) throws IOException {
            if (stored == null) {
                g.writeNull();
                return;
            }
            if (stored instanceof Number n) {
                g.writeString(Timestamps.format(Instant.ofEpochMilli(n.longValue())));
                return;
            }
            try {
                g.writeString(Timestamps.format(Timestamps.parse(stored.toString())));
            } catch (DateTimeParseException e) {
                // text another writer left in a SQLite DateTime column: shown as stored rather than failing the answer
                g.writeString(stored.toString());
            }
        }

        /**
         * Reads the column as an instant.
         *
         * @param rs    the result set on a row
         * @param index the 1-based column index
         * @return the instant, or null
         * @throws SQLException when reading fails or stored text does not parse
         */
        public Instant read(ResultSet rs, int index) throws SQLException {
            if (kind == DatabaseKind.SQLITE) {
                Object v = rs.getObject(index);
                if (v == null) {
                    return null;
                }
                if (v instanceof Number n) {
                    return Instant.ofEpochMilli(n.longValue());
                }
                try {
                    return Timestamps.parse(v.toString());
                } catch (DateTimeParseException e) {
                    throw new UnreadableTime(v.toString(), e);
                }
            }
            return switch (pgColumn) {
                case "timestamptz" -> {
                    OffsetDateTime v = rs.getObject(index, OffsetDateTime.class);
                    yield v == null ? null : v.toInstant();
                }
                case "date" -> {
                    LocalDate v = rs.getObject(index, LocalDate.class);
                    yield v == null ? null : v.atStartOfDay().toInstant(ZoneOffset.UTC);
                }
                case "time" -> {
                    LocalTime v = rs.getObject(index, LocalTime.class);
                    yield v == null ? null : v.atDate(LocalDate.EPOCH).toInstant(ZoneOffset.UTC);
                }
                case "timetz" -> {
                    OffsetTime v = rs.getObject(index, OffsetTime.class);
                    yield v == null ? null : v.atDate(LocalDate.EPOCH).toInstant();
                }
                default -> {
                    LocalDateTime v = rs.getObject(index, LocalDateTime.class);
                    yield v == null ? null : v.toInstant(ZoneOffset.UTC);
                }
            };
        }

        /** A stored SQLite DateTime that is neither epoch milliseconds nor ISO-8601 text. */
        static final class UnreadableTime extends SQLException {
            private final String text;

            UnreadableTime(String text, Throwable cause) {
                super("stored DateTime value does not parse: " + text, cause);
                this.text = text;
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isTextual()) {
                throw InvalidValue.type("an ISO-8601 date-time string", node);
            }
            return parseText(node.textValue());
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return Timestamps.parse(text);
            } catch (DateTimeParseException e) {
                throw new InvalidValue("invalid_value", "expected an ISO-8601 date-time such as 2026-01-31T12:00:00.000Z, got \"" + text + "\"");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            Instant instant = (Instant) value;
            if (kind == DatabaseKind.SQLITE) {
                if (epochMillis) {
                    ps.setLong(index, instant.toEpochMilli());
                } else {
                    ps.setString(index, Timestamps.format(instant));
                }
                return;
            }
            switch (pgColumn) {
                case "timestamptz" -> ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
                case "date" -> ps.setObject(index, LocalDate.ofInstant(instant, ZoneOffset.UTC));
                case "time" -> ps.setObject(index, LocalTime.ofInstant(instant, ZoneOffset.UTC));
                case "timetz" -> ps.setObject(index, OffsetTime.ofInstant(instant, ZoneOffset.UTC));
                default -> ps.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
            }
        }
    }

    /**
     * {@code Json}, and a composite type's document: embedded as JSON in responses, stored as its text.
     *
     * @param mapper   serializes request values back to text
     * @param document for a composite type's column, the check of its documents (docs/schema.md, "Composite
     *                 types"); null for a {@code Json} column
     */
    record Json(com.fasterxml.jackson.databind.ObjectMapper mapper, DocumentCheck document) implements ColumnCodec {

        /** A {@code Json} column: any JSON value. */
        public Json(com.fasterxml.jackson.databind.ObjectMapper mapper) {
            this(mapper, null);
        }

        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            String v = rs.getString(index);
            if (v == null) {
                g.writeNull();
            } else {
                g.writeRawValue(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (holdsNul(node)) {
                throw nul();
            }
            // a composite type's document: checked against the type and completed with its defaults
            JsonNode stored = document == null ? node : document.check(node);
            try {
                return mapper.writeValueAsString(stored);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidValue("invalid_value", "not representable as JSON");
            }
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return decode(mapper.readTree(text));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidValue("invalid_value", "expected JSON text");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setString(index, (String) value);
        }
    }

    /** {@code Bytes}: base64 in JSON (RFC 4648 section 4). */
    record Bytes() implements ColumnCodec {
        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            byte[] v = rs.getBytes(index);
            if (v == null) {
                g.writeNull();
            } else {
                g.writeBinary(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isTextual()) {
                throw InvalidValue.type("a base64 string", node);
            }
            return parseText(node.textValue());
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            try {
                return Base64.getDecoder().decode(text);
            } catch (IllegalArgumentException e) {
                throw new InvalidValue("invalid_value", "expected base64 text");
            }
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setBytes(index, (byte[]) value);
        }
    }

    /**
     * A value of an enum, by its {@code @map}'d name, which is what the database stores.
     *
     * @param enumName the enum's schema name, for messages
     * @param values   the allowed database names, in declaration order
     */
    record EnumValue(String enumName, List<String> values) implements ColumnCodec {
        public EnumValue {
            values = List.copyOf(values);
        }

        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            String v = rs.getString(index);
            if (v == null) {
                g.writeNull();
            } else {
                g.writeString(v);
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isTextual()) {
                throw InvalidValue.type("one of " + values, node);
            }
            return parseText(node.textValue());
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            if (!Set.copyOf(values).contains(text)) {
                throw new InvalidValue("invalid_enum_value", "must be one of " + String.join(", ", values) + " (enum " + enumName + ")");
            }
            return text;
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setString(index, (String) value);
        }
    }

    /**
     * A scalar list ({@code String[]}): a JSON array. On PostgreSQL a native array, bound as an array
     * literal which the server casts to the column's array type; on SQLite (where Prisma has no lists)
     * the JSON text of the array, as Plinth's SQLite dialect stores it.
     *
     * @param element the codec of one element
     * @param kind    the database
     * @param mapper  writes the SQLite form
     */
    record ListOf(ColumnCodec element, DatabaseKind kind, com.fasterxml.jackson.databind.ObjectMapper mapper) implements ColumnCodec {
        @Override
        public void write(ResultSet rs, int index, JsonGenerator g) throws SQLException, IOException {
            if (kind == DatabaseKind.SQLITE) {
                String text = rs.getString(index);
                if (text == null) {
                    g.writeNull();
                } else {
                    g.writeRawValue(text);
                }
                return;
            }
            Array array = rs.getArray(index);
            if (array == null) {
                g.writeNull();
                return;
            }
            Object[] items = (Object[]) array.getArray();
            g.writeStartArray();
            for (Object item : items) {
                writeItem(g, item);
            }
            g.writeEndArray();
        }

        private void writeItem(JsonGenerator g, Object item) throws IOException {
            switch (item) {
                case null -> g.writeNull();
                case java.lang.Integer i -> g.writeNumber(i);
                case Long l -> g.writeNumber(l);
                case Short s -> g.writeNumber(s);
                case Double d -> g.writeNumber(d);
                case Float f -> g.writeNumber(f);
                case BigDecimal d -> g.writeNumber(d);
                case Boolean b -> g.writeBoolean(b);
                case byte[] b -> g.writeBinary(b);
                case java.sql.Timestamp t -> g.writeString(Timestamps.format(t.toLocalDateTime().toInstant(ZoneOffset.UTC)));
                case java.sql.Date d -> g.writeString(Timestamps.format(d.toLocalDate().atStartOfDay().toInstant(ZoneOffset.UTC)));
                default -> {
                    String text = item.toString();
                    if (element instanceof Json) {
                        g.writeRawValue(text);
                    } else {
                        g.writeString(text);
                    }
                }
            }
        }

        @Override
        public Object decode(JsonNode node) throws InvalidValue {
            if (!node.isArray()) {
                throw InvalidValue.type("an array", node);
            }
            if (kind == DatabaseKind.SQLITE) {
                for (JsonNode item : node) {
                    if (!item.isNull()) {
                        element.decode(item);
                    }
                }
                try {
                    return mapper.writeValueAsString(node);
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new InvalidValue("invalid_value", "not representable as JSON");
                }
            }
            StringBuilder literal = new StringBuilder("{");
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    literal.append(',');
                }
                JsonNode item = node.get(i);
                if (item.isNull()) {
                    literal.append("NULL");
                    continue;
                }
                Object v = element.decode(item);
                String text = switch (v) {
                    case Instant instant -> Timestamps.format(instant);
                    case BigDecimal d -> d.toPlainString();
                    case byte[] b -> "\\x" + java.util.HexFormat.of().formatHex(b);
                    default -> v.toString();
                };
                literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            return literal.append('}').toString();
        }

        @Override
        public Object parseText(String text) throws InvalidValue {
            throw new InvalidValue("invalid_type", "a list cannot be given as text");
        }

        @Override
        public void bind(PreparedStatement ps, int index, Object value) throws SQLException {
            ps.setString(index, (String) value);
        }
    }

    /**
     * The refusal of a NUL character (U+0000): PostgreSQL's {@code text} and {@code jsonb} cannot hold it
     * ("Character types": "the character with code zero … cannot be stored",
     * https://www.postgresql.org/docs/current/datatype-character.html), so SQLite refuses it too and
     * both databases store the same values.
     */
    private static InvalidValue nul() {
        return new InvalidValue("invalid_value", "contains a NUL character (U+0000), which a text or JSON column cannot store");
    }

    /** True when a string or an object member name anywhere in a JSON value holds U+0000. */
    private static boolean holdsNul(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (var it = node.fields(); it.hasNext(); ) {
                var member = it.next();
                if (member.getKey().indexOf('\0') >= 0 || holdsNul(member.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (holdsNul(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
