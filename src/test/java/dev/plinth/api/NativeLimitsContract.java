package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native limits enforced the same on SQLite and PostgreSQL (docs/schema.md, "Native limits and exact
 * numbers"): each case writes one value of a PostgreSQL schema's native type and expects the same stored
 * value, or the same 422, on both databases; Decimal and BigInt travel as strings on request
 * ({@code Prefer: plinth-numbers=string}); writes that fail change nothing. Run on both databases by the
 * subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NativeLimitsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            model Basket {
              id    Int      @id @default(autoincrement())
              total Decimal  @default(0) @db.Decimal(10, 2)
              items Item[]
            }

            model Country {
              code String @id @db.Char(3)
              name String @db.VarChar(20)
            }

            model Series {
              id     Int       @id @default(autoincrement())
              prices Decimal[] @db.Decimal(6, 1)
              codes  String[]  @db.VarChar(3)
              big    BigInt[]
            }

            model Item {
              id       Int       @id @default(autoincrement())
              basketId Int?
              basket   Basket?   @relation(fields: [basketId], references: [id])
              code     String?   @db.VarChar(5)
              fixed    String?   @db.Char(4)
              bits     String?   @db.Bit(3)
              vbits    String?   @db.VarBit(4)
              small    Int?      @db.SmallInt
              whole    Int?      @db.Integer
              oid      Int?      @db.Oid
              real     Float?    @db.Real
              dbl      Float?    @db.DoublePrecision
              price    Decimal?  @db.Decimal(10, 2)
              fraction Decimal?  @db.Decimal(3, 3)
              wide     Decimal?  @db.Decimal(30, 2)
              plain    Decimal?
              big      BigInt?
              day      DateTime? @db.Date
              clock    DateTime? @db.Time(0)
              at0      DateTime? @db.Timestamp(0)
              at1      DateTime? @db.Timestamptz(1)
              at6      DateTime? @db.Timestamp(6)
              uid      String?   @db.Uuid
              ip       String?   @db.Inet
              note     String?   @db.Text
            }
            """;

    static final String STRINGS = "Prefer";
    static final String STRINGS_VALUE = "plinth-numbers=string";

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * One value per row: the JSON sent, and the JSON value answered (and read back), or the field error code of
     * the 422. The same table runs on both databases, so every row is a value the two store alike.
     */
    @ParameterizedTest(name = "{0} = {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            // VarChar(5): code points; excess spaces are cut, anything else is refused
            "code  | \"abcde\"            | \"abcde\"",
            "code  | \"abcdef\"           | too_long",
            "code  | \"abc   \"           | \"abc  \"",
            "code  | \"ééééé\"            | \"ééééé\"",
            "code  | \"😀😀😀😀😀\"       | \"😀😀😀😀😀\"",
            "code  | \"😀😀😀😀😀😀\"     | too_long",
            // Char(4): padded with spaces, answered padded
            "fixed | \"ab\"               | \"ab  \"",
            "fixed | \"abcd  \"           | \"abcd\"",
            "fixed | \"abcde\"            | too_long",
            // Bit(3), VarBit(4)
            "bits  | \"101\"              | \"101\"",
            "bits  | \"10\"               | too_short",
            "bits  | \"1010\"             | too_long",
            "bits  | \"102\"              | invalid_value",
            "vbits | \"1\"                | \"1\"",
            "vbits | \"10101\"            | too_long",
            // integer ranges
            "small | 32767                | 32767",
            "small | -32768               | -32768",
            "small | 32768                | out_of_range",
            "small | -32769               | out_of_range",
            "whole | 2147483647           | 2147483647",
            "whole | 2147483648           | out_of_range",
            "oid   | 0                    | 0",
            "oid   | -1                   | out_of_range",
            // Real: the float4 value; beyond its range, or too close to zero, refused
            "real  | 0.1                  | 0.1",
            "real  | 16777217             | 16777216",
            "real  | 1e39                 | out_of_range",
            "real  | 1e-50                | out_of_range",
            "dbl   | 0.1                  | 0.1",
            // Decimal(10, 2): rounded half away from zero, at most 8 digits before the point
            "price | 12.345               | 12.35",
            "price | 12.344               | 12.34",
            "price | -12.345              | -12.35",
            "price | 0.005                | 0.01",
            "price | 12.5                 | 12.50",
            "price | \"12.345\"           | 12.35",
            "price | 99999999.99          | 99999999.99",
            "price | 99999999.995         | out_of_range",
            "price | 123456789            | out_of_range",
            "price | \"12,5\"             | invalid_type",
            "price | true                 | invalid_type",
            "fraction | 0.9994            | 0.999",
            "fraction | 0.9995            | out_of_range",
            // 15 significant digits survive SQLite's DECIMAL column, so both databases take them
            "wide  | 1234567890123.45     | 1234567890123.45",
            "plain | 0.1                  | 0.1",
            // BigInt: numbers and strings of digits
            "big   | 9007199254740993     | 9007199254740993",
            "big   | \"9007199254740993\" | 9007199254740993",
            "big   | \"-9223372036854775808\" | -9223372036854775808",
            "big   | 9223372036854775808  | out_of_range",
            "big   | \"9223372036854775808\" | out_of_range",
            "big   | \"12a\"              | invalid_type",
            "big   | 1.5                  | invalid_type",
            // Date keeps the UTC day; Time(0) the UTC time of day, rounded to seconds
            "day   | \"2026-01-31T23:59:59.999Z\"      | \"2026-01-31T00:00:00.000Z\"",
            "day   | \"2026-01-31T23:30:00-02:00\"     | \"2026-02-01T00:00:00.000Z\"",
            "clock | \"2026-01-31T12:34:56.500Z\"      | \"1970-01-01T12:34:57.000Z\"",
            "clock | \"2026-01-31T12:34:56.499Z\"      | \"1970-01-01T12:34:56.000Z\"",
            "clock | \"2026-01-31T23:59:59.500Z\"      | \"1970-01-01T00:00:00.000Z\"",
            // Timestamp(p): half away from zero, counted from PostgreSQL's epoch 2000-01-01
            "at0   | \"2026-01-31T12:34:56.500Z\"      | \"2026-01-31T12:34:57.000Z\"",
            "at0   | \"2026-01-31T12:34:56.499Z\"      | \"2026-01-31T12:34:56.000Z\"",
            "at0   | \"1990-01-01T00:00:00.500Z\"      | \"1990-01-01T00:00:00.000Z\"",
            "at1   | \"2026-01-31T12:34:56.449Z\"      | \"2026-01-31T12:34:56.400Z\"",
            "at1   | \"2026-01-31T12:34:56.450Z\"      | \"2026-01-31T12:34:56.500Z\"",
            "at6   | \"2026-01-31T12:34:56.123Z\"      | \"2026-01-31T12:34:56.123Z\"",
            // inet written as PostgreSQL writes it
            "ip    | \"2001:0DB8:0000:0000:0000:0000:0000:0001/128\" | \"2001:db8::1\"",
            "ip    | \"010.0.0.1/24\"   | \"10.0.0.1/24\"",
            "ip    | \"10.1\"           | invalid_value",
            // uuid answered in lower case, as PostgreSQL answers it
            "uid   | \"0B7F3E6C-4F1A-4C55-9A4E-2B1D7F9E0C11\" | \"0b7f3e6c-4f1a-4c55-9a4e-2b1d7f9e0c11\"",
    })
    void oneValue(String field, String sent, String expected) throws Exception {
        List<String> before = server.dump("Item");
        TestServer.Answer a = server.as("alice", "POST", "/api/items", "{\"" + field + "\":" + sent + "}");
        if (!expected.startsWith("\"") && !Character.isDigit(expected.charAt(0)) && expected.charAt(0) != '-') {
            assertThat(a.status()).as(a.toString()).isEqualTo(422);
            assertThat(a.json().at("/errors/0/field").asText()).isEqualTo(field);
            assertThat(a.json().at("/errors/0/code").asText()).as(a.toString()).isEqualTo(expected);
            assertThat(server.dump("Item")).as("a refused write changes nothing").isEqualTo(before);
            return;
        }
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode want = TestServer.JSON.readTree(expected);
        assertSame(field, a.json().get(field), want);
        TestServer.Answer read = server.as("alice", "GET", "/api/items/" + a.json().get("id").asText(), null);
        assertSame(field, read.json().get(field), want);
    }

    private static void assertSame(String field, JsonNode got, JsonNode want) {
        if (want.isNumber()) {
            assertThat(got.isNumber()).as(field + " answered " + got).isTrue();
            assertThat(got.decimalValue().compareTo(want.decimalValue())).as(field + ": " + got + " vs " + want).isZero();
            // a Decimal without a native type is DECIMAL(65,30) on PostgreSQL, which shows 30 places; SQLite
            // shows the digits it holds (docs/schema.md): the same number, written differently
            if ((want.isBigDecimal() || want.isDouble()) && !field.equals("plain")) {
                assertThat(got.toString()).as(field + " keeps the digits PostgreSQL shows").isEqualTo(want.toString());
            }
        } else {
            assertThat(got).as(field).isEqualTo(want);
        }
    }

    @Test
    void charIsStoredPaddedOnBothDatabases() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/items", "{\"fixed\":\"xy\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT \"fixed\" FROM \"Item\" WHERE \"id\" = " + a.json().get("id").asInt())) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("xy  ");
        }
    }

    @Test
    void listsTakeTheirElementsLimits() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/series",
                "{\"prices\":[1.25,\"2.35\",-0.05],\"codes\":[\"ab\",\"abc  \"],\"big\":[\"9007199254740993\",1]}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("prices").toString()).isEqualTo("[1.3,2.4,-0.1]");
        assertThat(a.json().get("codes").toString()).isEqualTo("[\"ab\",\"abc\"]");
        TestServer.Answer strings = server.as("alice", "GET", "/api/series/" + a.json().get("id").asText(), null, STRINGS, STRINGS_VALUE);
        assertThat(strings.json().get("big").toString()).isEqualTo("[\"9007199254740993\",\"1\"]");
        assertThat(strings.json().get("prices").toString()).isEqualTo("[\"1.3\",\"2.4\",\"-0.1\"]");
        List<String> before = server.dump("Series");
        TestServer.Answer bad = server.as("alice", "POST", "/api/series", "{\"prices\":[1,123456],\"codes\":[],\"big\":[]}");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        assertThat(bad.json().at("/errors/0/code").asText()).isEqualTo("out_of_range");
        assertThat(bad.json().at("/errors/0/message").asText()).startsWith("element 1 ");
        TestServer.Answer longCode = server.as("alice", "POST", "/api/series", "{\"prices\":[],\"codes\":[\"abcd\"],\"big\":[]}");
        assertThat(longCode.status()).as(longCode.toString()).isEqualTo(422);
        assertThat(server.dump("Series")).isEqualTo(before);
    }

    @Test
    void aCharKeyIsFoundUnpadded() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/countries", "{\"code\":\"ab\",\"name\":\"Abland\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("code").textValue()).isEqualTo("ab ");
        TestServer.Answer read = server.as("alice", "GET", "/api/countries/ab", null);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        TestServer.Answer padded = server.as("alice", "GET", "/api/countries/ab%20", null);
        assertThat(padded.status()).as(padded.toString()).isEqualTo(200);
        TestServer.Answer update = server.as("alice", "PATCH", "/api/countries/ab", "{\"code\":\"ab\",\"name\":\"Abia\"}");
        assertThat(update.status()).as("the row's own key, unpadded, is no change: " + update).isEqualTo(200);
        assertThat(server.as("alice", "GET", "/api/countries/abcd", null).status()).isEqualTo(404);
    }

    @Test
    void aDecimalSqliteCannotHoldExactlyIsRefusedThereAndKeptOnPostgres() throws Exception {
        String value = "12345678901234567890.12";
        TestServer.Answer a = server.as("alice", "POST", "/api/items", "{\"wide\":\"" + value + "\"}", STRINGS, STRINGS_VALUE);
        if (db() == TestServer.Db.SQLITE) {
            assertThat(a.status()).as(a.toString()).isEqualTo(422);
            assertThat(a.json().at("/errors/0/code").asText()).isEqualTo("inexact");
            assertThat(a.json().at("/errors/0/message").asText()).contains("SQLite").contains("15 significant digits");
        } else {
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            assertThat(a.json().get("wide").textValue()).isEqualTo(value);
        }
        // an integer a double holds exactly is stored as SQLite's INTEGER: exact on both
        TestServer.Answer whole = server.as("alice", "POST", "/api/items", "{\"wide\":\"9007199254740992\"}", STRINGS, STRINGS_VALUE);
        assertThat(whole.status()).as(whole.toString()).isEqualTo(201);
        assertThat(whole.json().get("wide").textValue()).isEqualTo("9007199254740992.00");
    }

    @Test
    void exactNumbersAsStringsWhenAsked() throws Exception {
        TestServer.Answer basket = server.as("alice", "POST", "/api/baskets", "{\"total\":\"10.5\"}");
        assertThat(basket.status()).as(basket.toString()).isEqualTo(201);
        assertThat(basket.json().get("total").isNumber()).as("numbers unless asked").isTrue();
        assertThat(basket.header("Preference-Applied")).isEmpty();
        int basketId = basket.json().get("id").asInt();
        String body = "{\"basketId\":" + basketId + ",\"price\":\"12.30\",\"big\":\"9007199254740993\",\"small\":7,\"dbl\":0.5}";
        TestServer.Answer created = server.as("alice", "POST", "/api/items", body, STRINGS, STRINGS_VALUE);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Preference-Applied")).contains(STRINGS_VALUE);
        JsonNode row = created.json();
        assertThat(row.get("price").textValue()).isEqualTo("12.30");
        assertThat(row.get("big").textValue()).isEqualTo("9007199254740993");
        assertThat(row.get("small").isInt()).as("Int stays a number").isTrue();
        assertThat(row.get("dbl").isNumber()).as("Float stays a number").isTrue();
        assertThat(row.get("plain").isNull()).isTrue();
        String id = row.get("id").asText();

        TestServer.Answer plain = server.as("alice", "GET", "/api/items/" + id, null);
        TestServer.Answer strings = server.as("alice", "GET", "/api/items/" + id, null, STRINGS, STRINGS_VALUE);
        assertThat(plain.json().get("big").bigIntegerValue()).isEqualTo(new BigInteger("9007199254740993"));
        assertThat(plain.json().get("price").decimalValue()).isEqualByComparingTo(new BigDecimal("12.30"));
        assertThat(strings.json().get("big").textValue()).isEqualTo("9007199254740993");
        assertThat(strings.header("ETag")).as("the ETag does not depend on the form").isEqualTo(plain.header("ETag"));
        assertThat(strings.header("Preference-Applied")).contains(STRINGS_VALUE);

        TestServer.Answer page = server.as("alice", "GET", "/api/items?big=9007199254740993&price=12.3", null, "Prefer",
                "respond-async, plinth-numbers=\"string\"; strict");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.json().at("/data/0/big").textValue()).isEqualTo("9007199254740993");
        assertThat(page.json().at("/data/0/price").textValue()).isEqualTo("12.30");
        assertThat(page.json().get("data")).hasSize(1);

        TestServer.Answer included = server.as("alice", "GET", "/api/baskets/" + basketId + "?include=items", null, STRINGS, STRINGS_VALUE);
        assertThat(included.status()).as(included.toString()).isEqualTo(200);
        assertThat(included.json().get("total").textValue()).isEqualTo("10.50");
        assertThat(included.json().at("/items/0/big").textValue()).isEqualTo("9007199254740993");
        assertThat(included.json().at("/items/0/small").isInt()).isTrue();

        TestServer.Answer nested = server.as("alice", "GET", "/api/baskets/" + basketId + "/items", null, STRINGS, STRINGS_VALUE);
        assertThat(nested.json().at("/data/0/price").textValue()).isEqualTo("12.30");

        TestServer.Answer updated = server.as("alice", "PATCH", "/api/items/" + id, "{\"big\":\"-9007199254740993\"}",
                STRINGS, STRINGS_VALUE, "If-Match", plain.header("ETag").orElseThrow());
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get("big").textValue()).isEqualTo("-9007199254740993");

        TestServer.Answer batch = server.as("alice", "POST", "/api/batch",
                "[{\"method\":\"GET\",\"path\":\"/api/items/" + id + "\"},{\"method\":\"POST\",\"path\":\"/api/items\",\"body\":{\"price\":1}}]",
                STRINGS, STRINGS_VALUE);
        assertThat(batch.status()).as(batch.toString()).isEqualTo(200);
        assertThat(batch.json().at("/0/body/big").textValue()).isEqualTo("-9007199254740993");
        assertThat(batch.json().at("/1/body/price").textValue()).isEqualTo("1.00");

        TestServer.Answer numbers = server.as("alice", "GET", "/api/items/" + id, null, "Prefer", "plinth-numbers=number");
        assertThat(numbers.json().get("big").isNumber()).isTrue();
        assertThat(numbers.header("Preference-Applied")).contains("plinth-numbers=number");
    }

    @Test
    void aStreamedPageWritesStringsToo() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/items", "{\"big\":\"4611686018427387905\",\"price\":3}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        TestServer.Answer all = server.as("alice", "GET", "/api/items?per_page=all&big=4611686018427387905", null, STRINGS, STRINGS_VALUE);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().at("/data/0/big").textValue()).isEqualTo("4611686018427387905");
        assertThat(all.json().at("/data/0/price").textValue()).isEqualTo("3.00");
    }

    @Test
    void aFailedWriteOfManyFieldsChangesNothing() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/items", "{\"code\":\"ok\",\"price\":1}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        String id = a.json().get("id").asText();
        List<String> before = server.dump("Item");
        TestServer.Answer patch = server.as("alice", "PATCH", "/api/items/" + id,
                "{\"code\":\"too long\",\"small\":40000,\"price\":\"1e9\",\"note\":\"fine\"}");
        assertThat(patch.status()).as(patch.toString()).isEqualTo(422);
        assertThat(patch.json().get("code").asText()).isEqualTo("validation_failed");
        assertThat(patch.json().get("errors")).hasSize(3);
        TestServer.Answer array = server.as("alice", "POST", "/api/items", "[{\"code\":\"fine\"},{\"fixed\":\"waytoolong\"}]");
        assertThat(array.status()).as(array.toString()).isEqualTo(422);
        assertThat(array.json().at("/errors/0/field").asText()).isEqualTo("[1].fixed");
        TestServer.Answer all = server.as("alice", "PATCH", "/api/items?id=" + id, "{\"whole\":2147483648}");
        assertThat(all.status()).as(all.toString()).isEqualTo(422);
        assertThat(server.dump("Item")).isEqualTo(before);
        TestServer.Answer tooLong = server.as("alice", "PATCH", "/api/items/" + id, "{\"code\":\"abcdefg\"}");
        assertThat(tooLong.json().get("code").asText()).as("only text too long: the precise problem").isEqualTo("value_too_long");
        assertThat(tooLong.json().at("/errors/0/code").asText()).isEqualTo("too_long");
    }

    @Test
    void aSchemaCanAnswerStringsByDefault() throws Exception {
        String schema = SCHEMA.replace("datasource db {", """
                generator plinth {
                  provider = "plinth"
                  numbers  = "string"
                }

                datasource db {""");
        try (TestServer strings = TestServer.start(db(), schema)) {
            TestServer.Answer a = strings.as("alice", "POST", "/api/items", "{\"big\":9007199254740993,\"price\":2.5}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            assertThat(a.json().get("big").textValue()).isEqualTo("9007199254740993");
            assertThat(a.json().get("price").textValue()).isEqualTo("2.50");
            assertThat(a.header("Preference-Applied")).isEmpty();
            TestServer.Answer numbers = strings.as("alice", "GET", "/api/items/" + a.json().get("id").asText(), null,
                    "Prefer", "plinth-numbers=number");
            assertThat(numbers.json().get("big").isNumber()).isTrue();
            assertThat(numbers.json().get("big").bigIntegerValue()).isEqualTo(new BigInteger("9007199254740993"));
        }
    }
}
