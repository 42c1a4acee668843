package dev.plinth.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Query strings decode exactly (form encoding, UTF-8) or not at all. */
class QueryStringTest {

    @Test
    void decodesFormEncodingInOrder() {
        Map<String, List<String>> p = QueryString.parse("name=Ada+Lovelace&email=a%40x&tag=%C3%A9t%C3%A9&tag=%F0%9F%98%80&flag&&e=");
        assertThat(p).containsExactly(
                Map.entry("name", List.of("Ada Lovelace")), Map.entry("email", List.of("a@x")),
                Map.entry("tag", List.of("été", "\uD83D\uDE00")), Map.entry("flag", List.of("")), Map.entry("e", List.of("")));
        assertThat(QueryString.parse(null)).isEmpty();
        assertThat(QueryString.parse("")).isEmpty();
        assertThat(QueryString.parse("a=%2B%25%26")).containsEntry("a", List.of("+%&"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"email=c1@x%zz", "email=%", "email=%4", "email=x%g0", "email=%ff", "email=%C3", "email=%C3%28",
            "email=%ED%A0%80", "email=%C0%AF"})
    void aValueThatDoesNotDecodeNamesItsParameter(String query) {
        assertThatThrownBy(() -> QueryString.parse("status=lead&" + query))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    assertThat(e.problem()).isEqualTo(ApiProblem.MALFORMED_QUERY);
                    assertThat(e.errors()).singleElement().satisfies(f -> assertThat(f.field()).isEqualTo("email"));
                });
    }

    @Test
    void aNameThatDoesNotDecodeIsNamedAsSent() {
        assertThatThrownBy(() -> QueryString.parse("em%zzail=x"))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.errors().getFirst().field()).isEqualTo("em%zzail"));
    }

    @Test
    void pathKeysDecodeTheSameWay() {
        assertThat(QueryString.decode("a%2Cb+c", true)).contains("a,b c");
        assertThat(QueryString.decode("a+b", false)).contains("a+b");
        assertThat(QueryString.decode("%zz", true)).isEmpty();
    }
}
