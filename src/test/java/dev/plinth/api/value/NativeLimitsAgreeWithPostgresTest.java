package dev.plinth.api.value;

import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plinth's native limits against PostgreSQL itself: many values are stored into real columns of each type
 * (an assignment, as an insert does) and what PostgreSQL keeps, or refuses, is what {@link NativeLimit}
 * computes. This is what makes SQLite, which has none of these types, store what PostgreSQL would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeLimitsAgreeWithPostgresTest {

    private PostgresTestDatabase pg;
    private Connection c;
    private final Random random = new Random(14);

    @BeforeAll
    void start() throws SQLException {
        pg = PostgresTestDatabase.create();
        c = pg.connect();
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (v VARCHAR(5), ch CHAR(4), n NUMERIC(10, 2), f NUMERIC(3, 3), ts0 TIMESTAMP(0),"
                    + " ts2 TIMESTAMP(2), tm0 TIME(0), r REAL, si SMALLINT, ip INET)");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (c != null) {
            c.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    /** Stores text into a column (cast by assignment) and reads it back as text; null when PostgreSQL refuses it. */
    private String store(String column, String text) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM t");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (" + column + ") VALUES (?::text::" + type(column) + ")")) {
            ps.setString(1, text);
            ps.executeUpdate();
        } catch (SQLException e) {
            c.rollback();
            c.setAutoCommit(true);
            assertThat(e.getSQLState()).as(e.getMessage()).startsWith("22");
            return null;
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + column + (column.equals("ip") ? "" : "::text") + " FROM t")) {
            // inet's output (what a client reads) leaves out a full netmask; its cast to text does not
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * The type a value is cast to before it is stored: the column's type without its length, precision or
     * scale, so that the column's own ones apply as they do to an insert ("Type Conversion", value storage:
     * https://www.postgresql.org/docs/current/typeconv-query.html); an explicit cast to varchar(n) would
     * truncate where an insert refuses.
     */
    private static String type(String column) {
        return switch (column) {
            case "v", "ch" -> "text";
            case "n", "f" -> "numeric";
            case "ts0", "ts2" -> "timestamp";
            case "tm0" -> "time";
            case "r" -> "float8";
            case "ip" -> "inet";
            default -> "int8";
        };
    }

    private static Object plinth(NativeLimit limit, Object value) {
        try {
            return limit.apply(value);
        } catch (InvalidValue e) {
            return null;
        }
    }

    @Test
    void decimalsRoundAndOverflowAsPostgresDoes() throws SQLException {
        List<String> values = new ArrayList<>(List.of("12.345", "-12.345", "0.005", "-0.005", "99999999.994", "99999999.995",
                "-99999999.995", "123456789", "0.0049999", "1e-9", "5e-3"));
        for (int i = 0; i < 300; i++) {
            int digits = 1 + random.nextInt(12);
            StringBuilder b = new StringBuilder(random.nextBoolean() ? "-" : "");
            for (int d = 0; d < digits; d++) {
                b.append((char) ('0' + random.nextInt(10)));
            }
            b.insert(b.length() - random.nextInt(digits), '.');
            values.add(b.toString().replace("-.", "-0.").replaceFirst("^\\.", "0.").replaceFirst("\\.$", ""));
        }
        for (String v : values) {
            String stored = store("n", v);
            Object mine = plinth(new NativeLimit.Decimal(10, 2, false), new BigDecimal(v));
            assertThat(mine == null ? null : ((BigDecimal) mine).toPlainString()).as(v).isEqualTo(stored);
            String fraction = store("f", v);
            Object small = plinth(new NativeLimit.Decimal(3, 3, false), new BigDecimal(v));
            assertThat(small == null ? null : ((BigDecimal) small).toPlainString()).as("numeric(3,3) " + v).isEqualTo(fraction);
        }
    }

    @Test
    void timestampsRoundAsPostgresDoes() throws SQLException {
        List<Instant> values = new ArrayList<>(List.of(Instant.parse("1990-01-01T00:00:00.500Z"),
                Instant.parse("2026-01-31T12:34:56.500Z"), Instant.parse("1999-12-31T23:59:59.995Z"),
                Instant.parse("2000-01-01T00:00:00.005Z"), Instant.parse("1960-06-01T12:00:00.125Z")));
        for (int i = 0; i < 200; i++) {
            values.add(Instant.ofEpochMilli(random.nextLong(-2_000_000_000_000L, 4_000_000_000_000L)));
        }
        for (Instant v : values) {
            String text = LocalDateTime.ofInstant(v, ZoneOffset.UTC).toString().replace('T', ' ');
            for (int digits : new int[] {0, 2}) {
                Instant mine = (Instant) plinth(new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIMESTAMP, digits), v);
                String stored = store("ts" + digits, text);
                assertThat(mine).as(text + " to " + digits + " digits").isEqualTo(LocalDateTime.parse(stored.replace(' ', 'T'))
                        .toInstant(ZoneOffset.UTC));
            }
            Instant time = (Instant) plinth(new NativeLimit.TimeParts(NativeLimit.TimeParts.Part.TIME, 0), v);
            String storedTime = store("tm0", text.substring(11));
            String expected = storedTime.equals("24:00:00") ? "00:00:00" : storedTime; // see NativeLimit.TimeParts
            assertThat(java.time.LocalTime.parse(expected)).as(text).isEqualTo(LocalDateTime.ofInstant(time, ZoneOffset.UTC).toLocalTime());
        }
    }

    @Test
    void inetAddressesAsPostgresWritesThem() throws SQLException {
        List<String> values = new ArrayList<>(List.of("10.0.0.1", "10.0.0.1/32", "10.0.0.1/24", "010.0.0.1", "10.1", "10",
                "256.0.0.1", "::1", "::1/128", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "::ffff:1.2.3.4",
                "1:0:0:2:0:0:0:3", "fe80::1%eth0", "10.0.0.1/33", " 10.0.0.1", "10.0.0.1 ", "1:2:3:4:5:6:7:8", "0:0:1:0:0:1:0:0",
                "::", "::0.0.0.1", "::0.0.0.2", "::1.2.3.4", "1::", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8:9", "1::2::3",
                "::ffff:1.2.3.4/120", "10.0.0.1/", "10.0.0.1/08", "1.2.3.4/0", "12345::", "0:0:0:0:0:ffff:102:304",
                "a:b:c:d:e:f:1.2.3.4", "0:0:0:0:1::", "1:0:0:1:0:0:1:1", ":1::", "1:::2", "::ffff:0.0.0.1", "", "/8", "::g"));
        for (int i = 0; i < 300; i++) {
            StringBuilder b = new StringBuilder();
            for (int w = 0; w < 8; w++) {
                b.append(w > 0 ? ":" : "").append(random.nextInt(3) == 0 ? Integer.toHexString(random.nextInt(65536)) : "0");
            }
            values.add(b + (random.nextInt(4) == 0 ? "/" + random.nextInt(129) : ""));
            values.add(random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(3) + "." + random.nextInt(256)
                    + (random.nextBoolean() ? "/" + random.nextInt(33) : ""));
        }
        for (String v : values) {
            assertThat(plinth(new NativeLimit.InetAddress(), v)).as("[" + v + "]").isEqualTo(store("ip", v));
        }
    }

    @Test
    void textRealAndSmallintAsPostgresStoresThem() throws SQLException {
        for (String v : List.of("abcde", "abcdef", "abc   ", "ab c  ", "😀😀😀😀😀", "😀😀😀😀😀 ", "ééééé!")) {
            assertThat(plinth(new NativeLimit.Characters(5, false, "v"), v)).as(v).isEqualTo(store("v", v));
        }
        for (String v : List.of("ab", "abcd", "abcd  ", "abcde", "")) {
            // char(n)::text drops the padding; what is stored is padded (checked end to end in NativeLimitsContract)
            Object mine = plinth(new NativeLimit.Characters(4, true, "ch"), v);
            String stored = store("ch", v);
            assertThat(mine == null ? null : ((String) mine).stripTrailing()).as(v).isEqualTo(stored);
        }
        for (double v : new double[] {0.1, 1.0 / 3, 16777217, 3.4028235e38, 3.5e38, 1e-45, 1e-46, 1e-50, -2.5e-40}) {
            Object mine = plinth(new NativeLimit.SinglePrecision(), v);
            String stored = store("r", Double.toString(v));
            assertThat(mine == null ? null : (Object) (float) (double) (Double) mine).as(Double.toString(v))
                    .isEqualTo(stored == null ? null : Float.parseFloat(stored));
        }
        for (long v : new long[] {32767, 32768, -32768, -32769}) {
            Object mine = plinth(new NativeLimit.IntegerRange(Short.MIN_VALUE, Short.MAX_VALUE, "si"), v);
            String stored = store("si", Long.toString(v));
            assertThat(mine == null ? null : mine.toString()).isEqualTo(stored);
        }
    }
}
