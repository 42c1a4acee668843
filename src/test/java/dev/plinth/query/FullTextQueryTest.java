package dev.plinth.query;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The q language: words, phrases, exclusions, or, prefixes; hostile text stays text. */
class FullTextQueryTest {

    static String fts(String q) {
        return FullTextQuery.parse(q).toFts5();
    }

    @Test
    void wordsPhrasesExclusionsAlternativesAndPrefixes() {
        assertThat(fts("acme ada")).isEqualTo("(\"acme\" AND \"ada\")");
        assertThat(fts("\"big co\" acm*")).isEqualTo("(\"big co\" AND \"acm\"*)");
        assertThat(fts("acme -ada -\"x y\"")).isEqualTo("(((\"acme\") NOT \"ada\") NOT \"x y\")");
        assertThat(fts("a OR b or c")).isEqualTo("(\"a\") OR (\"b\") OR (\"c\")");
        assertThat(fts("ADA@Acme.test")).isEqualTo("(\"ada acme test\")");
        assertThat(FullTextQuery.postgresText(FullTextQuery.parse("o'br*").groups().getFirst().clauses().getFirst()))
                .isEqualTo("'o' <-> 'br':*");
    }

    @Test
    void engineSyntaxIsOnlyText() {
        assertThat(fts("NEAR(a b)")).isEqualTo("(\"near a\" AND \"b\")");
        assertThat(fts("title:x ^y {a b}:z")).isEqualTo("(\"title x\" AND \"y\" AND \"a\" AND \"b z\")");
        assertThat(fts("\"unbalanced phrase")).isEqualTo("(\"unbalanced phrase\")");
        assertThat(fts("a\"\"b")).isEqualTo("(\"a\" AND \"b\")");
        assertThat(fts("or a")).isEqualTo("(\"a\")");
    }

    @Test
    void nothingToSearchTooLongOrTooManyIsRefused() {
        for (String q : new String[]{"", "   ", "\"\"", "-a", "***", "or", "()", "- -"}) {
            assertThatThrownBy(() -> FullTextQuery.parse(q)).as(q).isInstanceOf(QueryException.class);
        }
        assertThatThrownBy(() -> FullTextQuery.parse("x".repeat(FullTextQuery.MAX_LENGTH + 1))).isInstanceOf(QueryException.class);
        assertThatThrownBy(() -> FullTextQuery.parse("a ".repeat(FullTextQuery.MAX_CLAUSES + 1))).isInstanceOf(QueryException.class);
        assertThat(fts("a or -b")).isEqualTo("(\"a\")");
    }
}
