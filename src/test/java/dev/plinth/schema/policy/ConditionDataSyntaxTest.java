package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data-rule extensions of the condition language: arithmetic, negative numbers and function calls. */
class ConditionDataSyntaxTest {

    private static Condition parse(String text) throws ConditionException {
        return ConditionParser.parse(text, new Span("schema.prisma", 100, 100 + text.length(), 7, 13));
    }

    @Test
    void arithmeticBindsTighterThanComparisonAndProductsTighterThanSums() throws Exception {
        Condition c = parse("a + b * 2 <= c - 1");
        Condition.Compare cmp = (Condition.Compare) c;
        assertThat(cmp.op()).isEqualTo(Condition.Comparator.LE);
        Condition.Arithmetic left = (Condition.Arithmetic) cmp.left();
        assertThat(left.op()).isEqualTo(Condition.ArithmeticOperator.ADD);
        assertThat(left.left()).isEqualTo(new Condition.FieldRef("a", left.left().span()));
        Condition.Arithmetic product = (Condition.Arithmetic) left.right();
        assertThat(product.op()).isEqualTo(Condition.ArithmeticOperator.MUL);
        Condition.Arithmetic right = (Condition.Arithmetic) cmp.right();
        assertThat(right.op()).isEqualTo(Condition.ArithmeticOperator.SUB);
        assertThat(((Condition.Literal) right.right()).value()).isEqualTo(new BigDecimal("1"));
    }

    @Test
    void sumsAreLeftAssociative() throws Exception {
        Condition.Arithmetic c = (Condition.Arithmetic) ((Condition.Compare) parse("a - b - c == 0")).left();
        assertThat(c.right()).isInstanceOf(Condition.FieldRef.class);
        assertThat(((Condition.Arithmetic) c.left()).op()).isEqualTo(Condition.ArithmeticOperator.SUB);
    }

    @Test
    void aMinusBeforeADigitIsANumberOnlyWhereAValueIsExpected() throws Exception {
        Condition.Compare c = (Condition.Compare) parse("a -1 > -2");
        assertThat(c.left()).isInstanceOf(Condition.Arithmetic.class);
        assertThat(((Condition.Literal) c.right()).value()).isEqualTo(new BigDecimal("-2"));
        Condition.Compare in = (Condition.Compare) parse("a in -1");
        assertThat(((Condition.Literal) in.right()).value()).isEqualTo(new BigDecimal("-1"));
        Condition.Arithmetic neg = (Condition.Arithmetic) ((Condition.Compare) parse("-(a + b) < 0")).left();
        assertThat(((Condition.Literal) neg.left()).value()).isEqualTo(BigDecimal.ZERO);
        assertThat(neg.op()).isEqualTo(Condition.ArithmeticOperator.SUB);
    }

    @Test
    void functionsParseWithTheirArguments() throws Exception {
        Condition.Call len = (Condition.Call) parse("length(name, 1, 80)");
        assertThat(len.function()).isEqualTo(Condition.Function.LENGTH);
        assertThat(len.arguments()).hasSize(3);
        Condition.Call some = (Condition.Call) parse("hasSome(tags, ['a', \"b\"])");
        assertThat(some.arguments().get(1)).isInstanceOf(Condition.ListValue.class);
        Condition and = parse("email(mail) && !isEmpty(tags) || regex(code, '^[A-Z]+$')");
        assertThat(and).isInstanceOf(Condition.Or.class);
        assertThat(parse("startsWith(a, 'x') && endsWith(a, 'y') && contains(a, 'z') && url(u) && has(t, 1) && hasEvery(t, [1])"))
                .isInstanceOf(Condition.And.class);
    }

    @Test
    void wrongArgumentCountsAreReportedAtTheCall() {
        assertThatThrownBy(() -> parse("x && email(a, b)"))
                .isInstanceOf(ConditionException.class)
                .hasMessageContaining("email() takes 1 argument, not 2")
                .satisfies(e -> assertThat(((ConditionException) e).span().column()).isEqualTo(18));
        assertThatThrownBy(() -> parse("length()")).hasMessageContaining("length() takes 1 to 3 arguments, not 0");
        assertThatThrownBy(() -> parse("foo(a)")).hasMessageContaining("Unknown function `foo()`");
    }

    @Test
    void accessRulesBehaveAsBefore() throws Exception {
        Condition c = parse("auth().id == owner_id && now() > at || views >= -5");
        assertThat(c).isInstanceOf(Condition.Or.class);
        assertThat(((Condition.Compare) ((Condition.Or) c).right()).right()).isEqualTo(new Condition.Literal(new BigDecimal("-5"),
                ((Condition.Compare) ((Condition.Or) c).right()).right().span()));
    }
}
