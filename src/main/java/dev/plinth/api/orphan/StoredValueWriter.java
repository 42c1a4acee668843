package dev.plinth.api.orphan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.sql.ddl.ColumnSnapshot;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes a column value of an orphaned table as JSON, as the database holds it: the table has no model any
 * more, so the value's type is the database's (the introspected column type, and the driver's Java type).
 *
 * <ul>
 *   <li>integers and floating numbers as JSON numbers; {@code NUMERIC}/{@code DECIMAL} exactly (no rounding);
 *       NaN and infinities as the strings PostgreSQL prints ({@code "NaN"}, {@code "Infinity"});</li>
 *   <li>{@code BOOLEAN} as {@code true}/{@code false}, also on SQLite, which stores it as 0 or 1
 *       (https://www.sqlite.org/datatype3.html#boolean_datatype);</li>
 *   <li>PostgreSQL {@code json}/{@code jsonb} embedded as JSON; on SQLite a {@code JSON}/{@code JSONB} column's
 *       text embedded when it is valid JSON, else as a string;</li>
 *   <li>PostgreSQL timestamps as ISO-8601 in UTC ({@code 2026-11-22T04:12:27.000Z}; a {@code timestamp} without
 *       time zone is read as UTC, as Plinth writes it), dates and times as ISO-8601 text; SQLite keeps
 *       date-times as text or integers and they are served as such;</li>
 *   <li>bytes ({@code BYTEA}, {@code BLOB}) as base64; PostgreSQL arrays as JSON arrays, {@code hstore} as an
 *       object of strings, {@code xml} as its text;</li>
 *   <li>anything else (text, enums, {@code uuid}, {@code inet}, …) as the string the driver gives.</li>
 * </ul>
 */
final class StoredValueWriter {

    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT);

    private final ObjectMapper mapper;
    private final boolean sqlite;

    /**
     * @param mapper checks the JSON text of SQLite JSON columns before it is embedded
     * @param sqlite true on SQLite, whose values are read by their storage class only
     */
    StoredValueWriter(ObjectMapper mapper, boolean sqlite) {
        this.mapper = mapper;
        this.sqlite = sqlite;
    }

    /**
     * Writes one value.
     *
     * @param g      the generator, positioned where a value goes
     * @param rs     the row
     * @param index  the column's 1-based index in the row
     * @param column the column as introspected
     * @throws SQLException when the value cannot be read
     * @throws IOException  when writing fails
     */
    void write(JsonGenerator g, ResultSet rs, int index, ColumnSnapshot column) throws SQLException, IOException {
        int sqlType = sqlite ? Types.OTHER : rs.getMetaData().getColumnType(index);
        String type = column.type().toUpperCase(Locale.ROOT);
        if (sqlType == Types.TIMESTAMP || sqlType == Types.TIMESTAMP_WITH_TIMEZONE) {
            if (rs.getObject(index) == null) {
                g.writeNull();
            } else if (sqlType == Types.TIMESTAMP && !type.startsWith("TIMESTAMPTZ")) {
                g.writeString(instant(rs.getObject(index, LocalDateTime.class).atOffset(ZoneOffset.UTC)));
            } else {
                g.writeString(instant(rs.getObject(index, OffsetDateTime.class)));
            }
            return;
        }
        Object value;
        try {
            value = rs.getObject(index);
        } catch (SQLException e) {
            // a type the driver cannot turn into a Java value (PostgreSQL money in some locales): its text
            value = rs.getString(index);
        }
        if (value == null) {
            g.writeNull();
            return;
        }
        writeValue(g, value, type);
    }

    private void writeValue(JsonGenerator g, Object value, String type) throws IOException, SQLException {
        switch (value) {
            case Boolean b -> g.writeBoolean(b);
            case Integer i when type.equals("BOOLEAN") -> g.writeBoolean(i != 0);
            case Long l when type.equals("BOOLEAN") -> g.writeBoolean(l != 0);
            case Integer i -> g.writeNumber(i);
            case Long l -> g.writeNumber(l);
            case Short s -> g.writeNumber(s);
            case BigInteger n -> g.writeNumber(n);
            case BigDecimal d -> g.writeNumber(d);
            case Double d when d.isNaN() || d.isInfinite() -> g.writeString(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            case Float f when f.isNaN() || f.isInfinite() -> g.writeString(f.isNaN() ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
            case Double d -> g.writeNumber(d);
            case Float f -> g.writeNumber(f);
            case byte[] bytes -> g.writeBinary(bytes);
            case Array array -> {
                g.writeStartArray();
                String element = type.endsWith("[]") ? type.substring(0, type.length() - 2) : type;
                for (Object item : (Object[]) array.getArray()) {
                    if (item == null) {
                        g.writeNull();
                    } else {
                        writeValue(g, item, element);
                    }
                }
                g.writeEndArray();
            }
            case org.postgresql.util.PGobject pg when "json".equals(pg.getType()) || "jsonb".equals(pg.getType()) ->
                    g.writeRawValue(pg.getValue());
            case String text when type.equals("JSON") || type.equals("JSONB") -> {
                if (!text.isBlank() && isJson(text)) {
                    g.writeRawValue(text);
                } else {
                    g.writeString(text);
                }
            }
            case java.sql.Timestamp ts -> g.writeString(instant(ts.toLocalDateTime().atOffset(ZoneOffset.UTC)));
            case java.sql.Date date -> g.writeString(date.toLocalDate().toString());
            case java.sql.SQLXML xml -> g.writeString(xml.getString());
            case java.util.Map<?, ?> map -> {
                // PostgreSQL hstore: text keys and values
                g.writeStartObject();
                for (java.util.Map.Entry<?, ?> e : map.entrySet()) {
                    g.writeFieldName(String.valueOf(e.getKey()));
                    if (e.getValue() == null) {
                        g.writeNull();
                    } else {
                        g.writeString(e.getValue().toString());
                    }
                }
                g.writeEndObject();
            }
            case java.sql.Time time -> g.writeString(time.toLocalTime().toString());
            default -> g.writeString(value.toString());
        }
    }

    private boolean isJson(String text) {
        try {
            mapper.readTree(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String instant(OffsetDateTime time) {
        OffsetDateTime utc = time.withOffsetSameInstant(ZoneOffset.UTC);
        return (utc.getNano() % 1_000_000 == 0 ? MILLIS : MICROS).format(utc);
    }
}
