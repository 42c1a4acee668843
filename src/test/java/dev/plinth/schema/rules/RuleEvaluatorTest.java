package dev.plinth.schema.rules;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Evaluating field validators and model rules on values, with SQL's three-valued logic for model rules. */
class RuleEvaluatorTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private static ModelRule rule(String condition) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", """
                datasource db {
                  provider = "postgresql"
                  url      = "postgresql://localhost/x"
                }
                model T {
                  id   Int       @id
                  a    Int?
                  b    Int?
                  s    String?
                  f    Float?
                  d    Decimal?
                  l    String[]
                  n    Int[]
                  at   DateTime?
                  ok   Boolean?
                  @@validate(%s)
                }
                """.formatted(condition));
        assertThat(r.errors()).as(r.errors().toString()).isEmpty();
        return SchemaPolicy.of(r).data().model("T").orElseThrow().rules().getFirst();
    }

    private static Boolean eval(String condition, Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        ModelRule r = rule(condition);
        return new RuleEvaluator(NOW).truth(r, r.condition(), row::get);
    }

    private static BigDecimal n(String v) {
        return new BigDecimal(v);
    }

    @Test
    void comparisonsAndArithmetic() {
        assertThat(eval("a < b", "a", n("1"), "b", n("2"))).isTrue();
        assertThat(eval("a + b * 2 == 5", "a", n("1"), "b", n("2"))).isTrue();
        assertThat(eval("a - b - 1 == -2", "a", n("1"), "b", n("2"))).isTrue();
        assertThat(eval("a / b == 0.5", "a", n("1"), "b", n("2"))).isTrue();
        assertThat(eval("d * 3 >= f", "d", n("1.5"), "f", n("4.5"))).isTrue();
        assertThat(eval("a / b > 0", "a", n("1"), "b", n("0"))).isNull();
        assertThat(eval("s in ['x', 'y']", "s", "y")).isTrue();
        assertThat(eval("s in ['x', 'y']", "s", "z")).isFalse();
        assertThat(eval("at < now()", "at", Instant.parse("2026-01-01T00:00:00Z"))).isTrue();
        assertThat(eval("at > '2026-07-01T00:00:00Z'", "at", NOW)).isFalse();
        assertThat(eval("ok", "ok", true)).isTrue();
        assertThat(eval("!ok", "ok", true)).isFalse();
    }

    @Test
    void nullsAreUnknownExceptForNullTests() {
        assertThat(eval("a < b", "a", n("1"))).isNull();
        assertThat(eval("a + 1 > 0")).isNull();
        assertThat(eval("a == null")).isTrue();
        assertThat(eval("a != null")).isFalse();
        assertThat(eval("a != null && a > 0")).isFalse();
        assertThat(eval("a > 0 || b > 0", "b", n("1"))).isTrue();
        assertThat(eval("a > 0 && b > 0", "b", n("1"))).isNull();
        assertThat(eval("!(a > 0)")).isNull();
        assertThat(eval("length(s, 1)")).isNull();
    }

    @Test
    void functions() {
        assertThat(eval("length(s, 2, 3)", "s", "ab")).isTrue();
        assertThat(eval("length(s, 2, 3)", "s", "abcd")).isFalse();
        assertThat(eval("length(s, 2)", "s", "\uD83D\uDE00\uD83D\uDE00")).isTrue(); // two characters, four UTF-16 units
        assertThat(eval("length(l, 1, 2)", "l", List.of("a", "b", "c"))).isFalse();
        assertThat(eval("regex(s, '^[a-z]+$')", "s", "abc")).isTrue();
        assertThat(eval("regex(s, '[0-9]')", "s", "abc")).isFalse();
        assertThat(eval("email(s)", "s", "ada@example.com")).isTrue();
        assertThat(eval("email(s)", "s", "ada@example")).isFalse();
        assertThat(eval("url(s)", "s", "https://example.com/x")).isTrue();
        assertThat(eval("url(s)", "s", "example.com")).isFalse();
        assertThat(eval("startsWith(s, 'ab') && endsWith(s, 'yz') && contains(s, 'mm')", "s", "abmmyz")).isTrue();
        assertThat(eval("has(l, 'a')", "l", List.of("a"))).isTrue();
        assertThat(eval("has(n, 2)", "n", List.of(n("1"), n("2")))).isTrue();
        assertThat(eval("hasSome(l, ['x', 'a'])", "l", List.of("a"))).isTrue();
        assertThat(eval("hasEvery(l, ['x', 'a'])", "l", List.of("a"))).isFalse();
        assertThat(eval("isEmpty(l)", "l", List.of())).isTrue();
    }

    @Test
    void failuresCarryPathMessageAndCode() {
        ModelRule withPath = new ModelRule(rule("a < b").condition(), "a < b", Optional.of("a before b"), List.of("b"),
                List.of("a", "b"), Map.of(), dev.plinth.schema.model.Span.NONE);
        ModelRule whole = new ModelRule(rule("a < b").condition(), "a < b", Optional.empty(), List.of(),
                List.of("a", "b"), Map.of(), dev.plinth.schema.model.Span.NONE);
        Map<String, Object> row = Map.of("a", n("3"), "b", n("2"));
        List<RuleFailure> failures = new RuleEvaluator(NOW).check(List.of(withPath, whole), row::get, f -> f.equals("b") ? "b_col" : null);
        assertThat(failures).containsExactly(new RuleFailure("b_col", "rule_failed", "a before b"),
                new RuleFailure("", "rule_failed", "the row does not meet the rule a < b"));
    }

    @Test
    void fieldValidators() {
        FieldRules r = new FieldRules("name", List.of(Transform.TRIM, Transform.UPPER), List.of(
                new FieldValidator.Length(OptionalInt.of(2), OptionalInt.of(4), Optional.empty()),
                new FieldValidator.Text(FieldValidator.TextTest.STARTS_WITH, "A", Optional.of("starts with A")),
                new FieldValidator.Regex(Pattern.compile("^[A-Z]+$"), Optional.empty())));
        assertThat(r.transform("  ab ")).isEqualTo("AB");
        assertThat(r.check("name", "AB")).isEmpty();
        assertThat(r.check("name", null)).isEmpty();
        assertThat(r.check("name", "b1")).extracting(RuleFailure::code).containsExactly("invalid_prefix", "pattern_mismatch");
        assertThat(r.check("name", "ABCDE")).containsExactly(new RuleFailure("name", "too_long", "must have at most 4 characters, got 5"));
        assertThat(r.check("name", "A")).extracting(RuleFailure::code).containsExactly("too_short");
        assertThat(new FieldValidator.Bound(FieldValidator.BoundKind.GT, BigDecimal.ZERO, Optional.empty()).check(BigDecimal.ZERO))
                .map(FieldValidator.Failure::code).contains("too_small");
        assertThat(new FieldValidator.Bound(FieldValidator.BoundKind.LTE, BigDecimal.TEN, Optional.empty()).check(n("10.01")))
                .map(FieldValidator.Failure::code).contains("too_large");
        assertThat(new FieldValidator.Email(Optional.empty()).check("a..b@example.com")).map(FieldValidator.Failure::code).contains("invalid_email");
        assertThat(new FieldValidator.Url(Optional.empty()).check("http://")).map(FieldValidator.Failure::code).contains("invalid_url");
        assertThat(new FieldValidator.Length(OptionalInt.of(1), OptionalInt.empty(), Optional.empty()).check(List.of()))
                .map(FieldValidator.Failure::message).contains("must have at least 1 item, got 0");
    }
}
