package dev.plinth.api.value;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Request values are checked against the column's type, with the code the problem reports. */
class ColumnCodecTest {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static String code(ColumnCodec codec, String json) {
        try {
            codec.decode(json(json));
            return "ok";
        } catch (InvalidValue e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void integersAreCheckedForTypeAndRange() throws Exception {
        ColumnCodec.Whole i32 = new ColumnCodec.Whole(false);
        assertThat(i32.decode(json("2147483647"))).isEqualTo(2147483647L);
        assertThat(code(i32, "2147483648")).isEqualTo("out_of_range");
        assertThat(code(i32, "-2147483649")).isEqualTo("out_of_range");
        assertThat(code(i32, "\"7\"")).isEqualTo("invalid_type");
        assertThat(code(i32, "1.5")).isEqualTo("invalid_type");
        assertThat(i32.decode(json("3.0"))).isEqualTo(3L);
        ColumnCodec.Whole i64 = new ColumnCodec.Whole(true);
        assertThat(i64.decode(json("9223372036854775807"))).isEqualTo(Long.MAX_VALUE);
        assertThat(code(i64, "9223372036854775808")).isEqualTo("out_of_range");
        assertThat(i64.decode(json("\"-9223372036854775808\""))).isEqualTo(Long.MIN_VALUE);
        assertThat(code(i64, "\"9223372036854775808\"")).isEqualTo("out_of_range");
        assertThat(code(i64, "\"1.0\"")).isEqualTo("invalid_type");
        assertThat(code(i64, "\"+1\"")).isEqualTo("invalid_type");
        assertThatThrownBy(() -> i32.parseText("abc")).isInstanceOf(InvalidValue.class);
    }

    @Test
    void decimalsStayExactAndFloatsFinite() throws Exception {
        assertThat(new ColumnCodec.Decimal().decode(json("12345678901234567890.123456789")))
                .isEqualTo(new BigDecimal("12345678901234567890.123456789"));
        // a JSON string holding a number is taken, for JavaScript clients (docs/api.md, "Values in JSON")
        assertThat(new ColumnCodec.Decimal().decode(json("\"12345678901234567890.12\"")))
                .isEqualTo(new BigDecimal("12345678901234567890.12"));
        assertThat(code(new ColumnCodec.Decimal(), "\"1,5\"")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Decimal(), "\" 1.5\"")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Decimal(), "\"1e999999\"")).isEqualTo("out_of_range");
        assertThat(code(new ColumnCodec.Decimal(), "true")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Decimal(), "1e400")).isEqualTo("out_of_range");
        assertThat(code(new ColumnCodec.Decimal(), "1e-400")).isEqualTo("ok");
        assertThat(code(new ColumnCodec.Floating(), "1e400")).isEqualTo("out_of_range");
    }

    @Test
    void booleansEnumsDatesBytesAndText() {
        assertThat(code(new ColumnCodec.Bool(), "1")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Bool(), "false")).isEqualTo("ok");
        ColumnCodec.EnumValue status = new ColumnCodec.EnumValue("Status", List.of("lead", "won"));
        assertThat(code(status, "\"won\"")).isEqualTo("ok");
        assertThat(code(status, "\"WON\"")).isEqualTo("invalid_enum_value");
        ColumnCodec.DateTime dt = new ColumnCodec.DateTime(DatabaseKind.SQLITE, "timestamp", false);
        assertThat(code(dt, "\"2026-01-01T00:00:00Z\"")).isEqualTo("ok");
        assertThat(code(dt, "\"soon\"")).isEqualTo("invalid_value");
        assertThat(code(dt, "1700000000000")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Bytes(), "\"AAEC\"")).isEqualTo("ok");
        assertThat(code(new ColumnCodec.Bytes(), "\"%%%\"")).isEqualTo("invalid_value");
        assertThat(code(new ColumnCodec.Text(), "5")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Text(true), "\"nope\"")).isEqualTo("invalid_type");
        assertThat(code(new ColumnCodec.Text(true), "\"0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11\"")).isEqualTo("ok");
    }

    @Test
    void listsBecomeArrayLiteralsOnPostgresAndJsonOnSqlite() throws Exception {
        ColumnCodec.ListOf pg = new ColumnCodec.ListOf(new ColumnCodec.Text(), DatabaseKind.POSTGRESQL, JSON);
        assertThat(pg.decode(json("[\"a\",\"b \\\"c\\\"\",null]"))).isEqualTo("{\"a\",\"b \\\"c\\\"\",NULL}");
        ColumnCodec.ListOf sqlite = new ColumnCodec.ListOf(new ColumnCodec.Whole(false), DatabaseKind.SQLITE, JSON);
        assertThat(sqlite.decode(json("[1,2]"))).isEqualTo("[1,2]");
        assertThat(code(sqlite, "[1,\"x\"]")).isEqualTo("invalid_type");
    }
}
