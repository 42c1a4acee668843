package dev.plinth.api.value;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A SQLite DateTime on its way to JSON: canonical text passes straight through, every other stored form
 * (epoch milliseconds, other ISO-8601 text, SQLite's {@code CURRENT_TIMESTAMP}) is parsed and written in
 * the canonical form, and text that is no time at all is shown as stored.
 */
class SqliteDateTimeWriteTest {

    private static List<String> written(ColumnCodec.DateTime codec, String valuesSql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT column1 FROM (VALUES " + valuesSql + ")")) {
            JsonFactory factory = new JsonFactory();
            while (rs.next()) {
                StringWriter w = new StringWriter();
                try (JsonGenerator g = factory.createGenerator(w)) {
                    codec.write(rs, 1, g);
                }
                out.add(w.toString());
            }
        }
        return out;
    }

    @Test
    void canonicalTextIsWrittenAsStoredAndOtherFormsAreNormalized() throws Exception {
        ColumnCodec.DateTime text = new ColumnCodec.DateTime(DatabaseKind.SQLITE, "timestamp", false);
        assertThat(written(text, "('2023-04-05T06:07:08.123Z'), ('2023-04-05 06:07:08'), ('2023-04-05T08:07:08.1+02:00'),"
                + " (1680674828123), (NULL), ('someday'), ('2023-13-05T06:07:08.123Z'), ('2023-04-05T06:07:08,123Z')"))
                .containsExactly(
                        "\"2023-04-05T06:07:08.123Z\"",
                        "\"2023-04-05T06:07:08.000Z\"",
                        "\"2023-04-05T06:07:08.100Z\"",
                        "\"2023-04-05T06:07:08.123Z\"",
                        "null",
                        "\"someday\"",
                        // month 13: not canonical, does not parse either, so shown as stored
                        "\"2023-13-05T06:07:08.123Z\"",
                        "\"2023-04-05T06:07:08,123Z\"");
    }

    @Test
    void epochMillisecondColumnsAreFormatted() throws Exception {
        ColumnCodec.DateTime millis = new ColumnCodec.DateTime(DatabaseKind.SQLITE, "timestamp", true);
        assertThat(written(millis, "(0), (1680674828123)"))
                .containsExactly("\"1970-01-01T00:00:00.000Z\"", "\"2023-04-05T06:07:08.123Z\"");
    }
}
