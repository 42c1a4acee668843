package dev.plinth.api;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Parsing a body refuses lone surrogates and huge exponents however they are written, and the byte scan that
 * lets ordinary bodies skip the refusal walk never waves one of them through.
 */
class RequestBodyTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private final RequestBody body = new RequestBody(MAPPER, 1 << 20);

    private static byte[] utf8(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {"name":"a?b"} with the three UTF-8 bytes of the surrogate U+D800 in place of the question mark. */
    private static byte[] rawSurrogateIn(String member) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] head = utf8("{\"" + member + "\":\"a");
        out.write(head, 0, head.length);
        out.write(0xED);
        out.write(0xA0);
        out.write(0x80);
        byte[] tail = utf8("b\"}");
        out.write(tail, 0, tail.length);
        return out.toByteArray();
    }

    @Test
    void anOrdinaryBodySkipsTheWalkAndParses() {
        byte[] bytes = utf8("[{\"name\":\"Bench Contact 1\",\"email\":\"bench.1.1@example.com\",\"status\":\"lead\","
                + "\"company_id\":5,\"owner_id\":7,\"score\":12.5,\"note\":\"Zoë, 日本, 🎉\"}]");
        assertThat(RequestBody.mayHoldUnstorable(bytes)).isFalse();
        assertThat(body.parse(bytes).get(0).get("note").textValue()).isEqualTo("Zoë, 日本, 🎉");
    }

    @Test
    void escapedLoneSurrogatesAreRefusedInValuesAndMemberNames() {
        for (String json : new String[] {"{\"name\":\"a\\ud800b\"}", "{\"a\\uDC00\":1}", "[{\"x\":[\"\\udfff\"]}]"}) {
            assertThat(RequestBody.mayHoldUnstorable(utf8(json))).as(json).isTrue();
            assertThatThrownBy(() -> body.parse(utf8(json))).as(json)
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem()).isEqualTo(ApiProblem.MALFORMED_JSON));
        }
        // a pair, escaped or as four bytes, is one character and stays
        assertThat(body.parse(utf8("{\"a\":\"\\ud83c\\udf89\"}")).get("a").textValue()).isEqualTo("🎉");
    }

    @Test
    void theUtf8BytesOfASurrogateAreRefused() {
        byte[] bytes = rawSurrogateIn("name");
        assertThat(RequestBody.mayHoldUnstorable(bytes)).isTrue();
        assertThatThrownBy(() -> body.parse(bytes))
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem()).isEqualTo(ApiProblem.MALFORMED_JSON));
    }

    @Test
    void hugeExponentsAreRefusedInEitherCaseAndSign() {
        for (String json : new String[] {"{\"n\":1e999999}", "{\"n\":2.5E+999999}", "[{\"n\":1E-999999}]"}) {
            assertThat(RequestBody.mayHoldUnstorable(utf8(json))).as(json).isTrue();
            assertThatThrownBy(() -> body.parse(utf8(json))).as(json)
                    .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.problem()).isEqualTo(ApiProblem.VALIDATION_FAILED));
        }
        assertThat(body.parse(utf8("{\"n\":1.5e3}")).get("n").decimalValue()).isEqualByComparingTo("1500");
    }

    @Test
    void aBodyLongerThanTheLargestExponentIsAlwaysWalked() {
        String digits = "0".repeat(140_000);
        byte[] bytes = utf8("{\"n\":0." + digits + "1}");
        assertThat(RequestBody.mayHoldUnstorable(bytes)).isTrue();
        // Jackson refuses a number this long itself (its StreamReadConstraints): the walk is the second guard
        assertThatThrownBy(() -> body.parse(bytes)).isInstanceOf(ProblemException.class);
    }
}
