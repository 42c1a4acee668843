package dev.plinth.api.value;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The native limits one by one, and which limit each native type gets. */
class NativeLimitTest {

    @Test
    void decimalRoundsHalfAwayFromZeroThenChecksPrecision() throws InvalidValue {
        NativeLimit.Decimal d = new NativeLimit.Decimal(5, 2, false);
        assertThat(d.apply(new BigDecimal("1.005"))).isEqualTo(new BigDecimal("1.01"));
        assertThat(d.apply(new BigDecimal("-1.005"))).isEqualTo(new BigDecimal("-1.01"));
        assertThat(d.apply(new BigDecimal("999.994"))).isEqualTo(new BigDecimal("999.99"));
        assertThatThrownBy(() -> d.apply(new BigDecimal("999.995"))).isInstanceOf(InvalidValue.class)
                .hasMessageContaining("at most 3");
        assertThatThrownBy(() -> d.apply(new BigDecimal("1E+100000"))).isInstanceOf(InvalidValue.class);
        assertThat(d.apply(new BigDecimal("1E-100000"))).isEqualTo(new BigDecimal("0.00"));
    }

    @Test
    void sqliteKeepsFifteenDigitsAndIntegersADoubleHolds() {
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("123456789012.345"))).isTrue();
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("1234567890123.456"))).isFalse();
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("0.1000000000000000000"))).isTrue();
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("9007199254740992.00"))).isTrue();
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("9007199254740993"))).isFalse();
        assertThat(NativeLimit.Decimal.exactOnSqlite(new BigDecimal("1E+30"))).isTrue();
        NativeLimit.Decimal sqlite = new NativeLimit.Decimal(0, 0, true);
        assertThatThrownBy(() -> sqlite.apply(new BigDecimal("0.12345678901234567"))).isInstanceOf(InvalidValue.class)
                .satisfies(e -> assertThat(((InvalidValue) e).code()).isEqualTo("inexact"));
    }

    @Test
    void charactersCountCodePointsAndCutOnlySpaces() throws InvalidValue {
        NativeLimit.Characters varchar = new NativeLimit.Characters(2, false, "@db.VarChar(2)");
        assertThat(varchar.apply("😀😀")).isEqualTo("😀😀");
        assertThat(varchar.apply("ab   ")).isEqualTo("ab");
        assertThatThrownBy(() -> varchar.apply("ab c")).isInstanceOf(InvalidValue.class);
        NativeLimit.Characters chars = new NativeLimit.Characters(3, true, "@db.Char(3)");
        assertThat(chars.apply("")).isEqualTo("   ");
        assertThat(chars.apply("é")).isEqualTo("é  ");
    }

    @Test
    void timesRoundFromPostgresEpoch() throws InvalidValue {
        NativeLimit.TimeParts at0 = new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIMESTAMP, 0);
        assertThat(at0.apply(Instant.parse("2001-01-01T00:00:00.500Z"))).isEqualTo(Instant.parse("2001-01-01T00:00:01Z"));
        assertThat(at0.apply(Instant.parse("1999-12-31T23:59:59.500Z"))).isEqualTo(Instant.parse("1999-12-31T23:59:59Z"));
        assertThat(at0.apply(Instant.parse("1960-05-01T10:00:00.499Z"))).isEqualTo(Instant.parse("1960-05-01T10:00:00Z"));
        NativeLimit.TimeParts at2 = new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIMESTAMP, 2);
        assertThat(at2.apply(Instant.parse("2030-01-01T00:00:00.125Z"))).isEqualTo(Instant.parse("2030-01-01T00:00:00.130Z"));
        NativeLimit.TimeParts date = new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.DATE, 3);
        assertThat(date.apply(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
        NativeLimit.TimeParts time = new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIME, 3);
        assertThat(time.apply(Instant.parse("1969-12-31T23:00:00.250Z"))).isEqualTo(Instant.parse("1970-01-01T23:00:00.250Z"));
    }

    @Test
    void realKeepsTheSinglePrecisionValue() throws InvalidValue {
        NativeLimit.SinglePrecision real = new NativeLimit.SinglePrecision();
        assertThat(real.apply(0.1)).isEqualTo((double) 0.1f);
        assertThatThrownBy(() -> real.apply(3.5e38)).isInstanceOf(InvalidValue.class);
        assertThat(real.apply(0.0)).isEqualTo(0.0);
    }

    @Test
    void eachNativeTypeGetsItsLimit() {
        Schema schema = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }
                model M {
                  id    Int      @id
                  a     String   @db.VarChar(9)
                  b     String   @db.VarChar
                  c     String   @db.Char
                  d     Int      @db.SmallInt
                  e     Decimal  @db.Decimal(7)
                  f     Decimal
                  g     Decimal  @db.Decimal
                  h     DateTime @db.Timestamp(6)
                  i     DateTime @db.Timestamp(2)
                  j     String   @db.Text
                  k     Float    @db.Real
                }
                """).schema().orElseThrow();
        assertThat(limit(schema, "a", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.Characters(9, false, "@db.VarChar(9)"));
        assertThat(limit(schema, "b", DatabaseKind.POSTGRESQL)).isNull();
        assertThat(limit(schema, "c", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.Characters(1, true, "@db.Char"));
        assertThat(limit(schema, "d", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.IntegerRange(-32768, 32767, "@db.SmallInt"));
        assertThat(limit(schema, "e", DatabaseKind.SQLITE)).isEqualTo(new NativeLimit.Decimal(7, 0, true));
        assertThat(limit(schema, "f", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.Decimal(65, 30, false));
        assertThat(limit(schema, "g", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.Decimal(0, 0, false));
        assertThat(limit(schema, "h", DatabaseKind.POSTGRESQL)).isNull();
        assertThat(limit(schema, "i", DatabaseKind.POSTGRESQL)).isEqualTo(new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIMESTAMP, 2));
        assertThat(limit(schema, "j", DatabaseKind.POSTGRESQL)).isNull();
        assertThat(limit(schema, "id", DatabaseKind.POSTGRESQL)).isNull();
        assertThat(limit(schema, "k", DatabaseKind.SQLITE)).isEqualTo(new NativeLimit.SinglePrecision());
    }

    private static NativeLimit limit(Schema schema, String field, DatabaseKind kind) {
        Field f = schema.model("M").orElseThrow().field(field).orElseThrow();
        return NativeLimits.of(f, kind).orElse(null);
    }
}
