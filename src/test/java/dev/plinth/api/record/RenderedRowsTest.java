package dev.plinth.api.record;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Span;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splicing related rows into rendered rows gives what setting the fields on a Jackson tree and
 * serializing it gave before (issue 5), and reads keys as the tree did.
 */
class RenderedRowsTest {

    /** Configured as ApiServer's mapper, whose settings decide how a tree reads a value. */
    private final ObjectMapper mapper = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Renders {@code {"data":[rows…],"page":1}} as ListService does, recording each row's span. */
    private RenderedRows page(String... rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RowSpans spans = new RowSpans(out);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            for (String row : rows) {
                spans.begin(g);
                g.writeRawValue(row);
                spans.end(g);
            }
            g.writeEndArray();
            g.writeNumberField("page", 1);
            g.writeEndObject();
        }
        return new RenderedRows(mapper, out.toByteArray(), spans);
    }

    private static Field column(String name) {
        return new Field(name, name, new FieldType.Scalar(ScalarType.STRING), true, false, Optional.empty(), false, false,
                false, false, Optional.empty(), Optional.empty(), Optional.empty(), Span.NONE);
    }

    private static String text(byte[] json) {
        return new String(json, StandardCharsets.UTF_8);
    }

    @Test
    void addedFieldsFollowTheRowsOwnAsATreeWouldWriteThem() throws Exception {
        String first = "{\"id\":1,\"name\":\"Q \\\"uote\\\" \\\\ é\\n\",\"company_id\":7}";
        String second = "{\"id\":2,\"name\":\"plain\",\"company_id\":null}";
        RenderedRows rows = page(first, second);
        RenderedRows companies = page("{\"id\":7,\"name\":\"</b> \\u0001\"}");
        rows.set(0, "company_label", new RenderedRows.Embedded.Json(companies.value(0, "name")));
        rows.set(1, "company_label", RenderedRows.Embedded.NULL_VALUE);
        rows.set(0, "company", new RenderedRows.Embedded.Row(companies, 0));
        rows.set(1, "company", RenderedRows.Embedded.NULL_VALUE);
        rows.set(0, "odd \"name\"", new RenderedRows.Embedded.Rows(companies, new int[]{0, 0}));
        rows.set(1, "odd \"name\"", new RenderedRows.Embedded.Rows(companies, new int[0]));

        ObjectNode tree = (ObjectNode) mapper.readTree("{\"data\":[" + first + "," + second + "],\"page\":1}");
        ObjectNode a = (ObjectNode) tree.get("data").get(0);
        ObjectNode b = (ObjectNode) tree.get("data").get(1);
        JsonNode company = mapper.readTree("{\"id\":7,\"name\":\"</b> \\u0001\"}");
        a.set("company_label", company.get("name"));
        b.set("company_label", null);
        a.set("company", company);
        b.set("company", null);
        a.set("odd \"name\"", mapper.createArrayNode().add(company).add(company));
        b.set("odd \"name\"", mapper.createArrayNode());
        assertThat(text(rows.splice())).isEqualTo(mapper.writeValueAsString(tree));
    }

    @Test
    void nestedRowsCarryTheirOwnAdditionsWhereverTheyAreEmbedded() throws Exception {
        RenderedRows contacts = page("{\"id\":1,\"company_id\":7}", "{\"id\":2,\"company_id\":7}");
        RenderedRows companies = page("{\"id\":7}");
        RenderedRows notes = page("{\"id\":30,\"text\":\"a\"}", "{\"id\":31,\"text\":\"b\"}");
        companies.set(0, "notes", new RenderedRows.Embedded.Rows(notes, new int[]{1}));
        contacts.set(0, "company", new RenderedRows.Embedded.Row(companies, 0));
        contacts.set(1, "company", new RenderedRows.Embedded.Row(companies, 0));
        String company = "{\"id\":7,\"notes\":[{\"id\":31,\"text\":\"b\"}]}";
        assertThat(text(contacts.splice())).isEqualTo("{\"data\":[{\"id\":1,\"company_id\":7,\"company\":" + company
                + "},{\"id\":2,\"company_id\":7,\"company\":" + company + "}],\"page\":1}");
    }

    @Test
    void aFieldTheRowHasKeepsItsPlaceAndTakesTheLastValue() throws Exception {
        String row = "{\"company_label\":\"old\",\"id\":1,\"x\":{\"a\":[1,2]},\"y\":2}";
        RenderedRows rows = page(row);
        rows.set(0, "x", new RenderedRows.Embedded.Json("\"new x\"".getBytes(StandardCharsets.UTF_8)));
        rows.set(0, "company_label", new RenderedRows.Embedded.Json("\"first\"".getBytes(StandardCharsets.UTF_8)));
        rows.set(0, "added", RenderedRows.Embedded.NULL_VALUE);
        rows.set(0, "company_label", new RenderedRows.Embedded.Json("\"second\"".getBytes(StandardCharsets.UTF_8)));
        rows.set(0, "added", new RenderedRows.Embedded.Json("3".getBytes(StandardCharsets.UTF_8)));
        assertThat(text(rows.splice()))
                .isEqualTo("{\"data\":[{\"company_label\":\"second\",\"id\":1,\"x\":\"new x\",\"y\":2,\"added\":3}],\"page\":1}");
    }

    @Test
    void anEmptyRowTakesNoLeadingComma() throws Exception {
        RenderedRows rows = page("{}");
        rows.set(0, "a", RenderedRows.Embedded.NULL_VALUE);
        assertThat(text(rows.splice())).isEqualTo("{\"data\":[{\"a\":null}],\"page\":1}");
        assertThat(page().has("a")).isFalse();
        assertThat(text(page().splice())).isEqualTo("{\"data\":[],\"page\":1}");
    }

    @Test
    void keysReadAsTheTreeReadThem() throws Exception {
        String row = "{\"s\":\"a\\\"b\\u00e9\",\"i\":-12,\"d\":1.50,\"f\":1.0E-5,\"t\":true,\"j\":{\"b\": [1, 2.0]},\"n\":null}";
        RenderedRows rows = page(row);
        ObjectNode tree = (ObjectNode) mapper.readTree(row);
        for (String name : List.of("s", "i", "d", "f", "t", "j")) {
            assertThat(rows.key(0, List.of(column(name)))).as(name).containsExactly(RelatedFetch.keyText(tree.get(name)));
        }
        assertThat(rows.key(0, List.of(column("n")))).isNull();
        assertThat(rows.key(0, List.of(column("missing")))).isNull();
        assertThat(rows.key(0, List.of(column("i"), column("s")))).containsExactly("-12", "a\"bé");
        assertThat(rows.key(0, List.of(column("i"), column("n")))).isNull();
        assertThat(rows.has("j")).isTrue();
        assertThat(rows.has("missing")).isFalse();
        assertThat(text(rows.value(0, "j"))).isEqualTo("{\"b\": [1, 2.0]}");
        assertThat(text(rows.value(0, "missing"))).isEqualTo("null");
        // rows of one array are read with one parser: offsets count from the array, not the row
        RenderedRows two = page("{\"a\":1,\"j\":{\"b\": [1]},\"z\":\"q\"}", row);
        assertThat(text(two.value(0, "j"))).isEqualTo("{\"b\": [1]}");
        assertThat(text(two.value(1, "j"))).isEqualTo("{\"b\": [1, 2.0]}");
        assertThat(text(two.value(1, "n"))).isEqualTo("null");
        assertThat(two.key(0, List.of(column("d")))).isNull();
        assertThat(two.key(1, List.of(column("d")))).containsExactly(RelatedFetch.keyText(tree.get("d")));
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            keys.addAll(rows.key(i, List.of(column("s"))));
        }
        assertThat(keys).containsExactly("a\"bé");
    }

    @Test
    void rowsAreScannedWithoutTheBodiesDuplicateNameCheckButWithTheMappersOtherSettings() throws IOException {
        ObjectMapper strict = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        com.fasterxml.jackson.databind.ObjectReader values = RenderedRows.valueReader(strict);
        // Plinth's own rows never repeat a name, so the per-object name set is not paid for
        assertThat(values.readTree("{\"a\":1,\"a\":2}").get("a").asInt()).isEqualTo(2);
        // a value read from the middle of a row, as the mapper reads it (exact decimals)
        try (com.fasterxml.jackson.core.JsonParser p = values.createParser("{\"a\":1.50,\"b\":2}".getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            p.nextToken();
            p.nextToken();
            JsonNode value = values.readTree(p);
            assertThat(value.isBigDecimal()).isTrue();
            assertThat(value.decimalValue()).isEqualByComparingTo("1.5");
        }
    }
}
