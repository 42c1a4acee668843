package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses the text of one rule argument into a {@link Condition}. Grammar (lowest precedence first,
 * as in ZenStack's ZModel expressions):
 * <pre>
 * or      := and ('||' and)*
 * and     := unary ('&amp;&amp;' unary)*
 * unary   := '!' unary | compare
 * compare := sum (('==' | '!=' | '&lt;' | '&lt;=' | '&gt;' | '&gt;=' | 'in') sum)?
 * sum     := product (('+' | '-') product)*
 * product := sign (('*' | '/') sign)*
 * sign    := '-' sign | primary
 * primary := '(' or ')' | string | number | true | false | null | '[' (or (',' or)*)? ']'
 *          | 'auth' '(' ')' ('.' name)? | 'now' '(' ')' | function '(' or (',' or)* ')' | name
 * </pre>
 * Strings are single- or double-quoted. Spans are computed from the argument's position in the file.
 * Arithmetic and the functions of {@link Condition.Function} are parsed for every rule; access rules
 * refuse them when they are compiled ({@link PolicyCompiler}), data rules use them. A {@code -} directly
 * before a digit is a negative number unless it follows a value ({@code a -1} is a subtraction).
 */
public final class ConditionParser {

    private static final int MAX_DEPTH = 64;

    private final String text;
    private final Span base;
    private final List<Tok> toks = new ArrayList<>();
    private int at;
    private int depth;

    private record Tok(String kind, String text, int start, int end) {
    }

    private ConditionParser(String text, Span base) {
        this.text = text;
        this.base = base;
    }

    /**
     * Parses a condition.
     *
     * @param text the argument's text as written (the file's characters from {@code base.startOffset()})
     * @param base the argument's span in the file
     * @return the condition
     * @throws ConditionException with the position of the first problem
     */
    public static Condition parse(String text, Span base) throws ConditionException {
        ConditionParser p = new ConditionParser(text, base);
        p.lex();
        Condition c = p.or();
        if (!p.peek().kind.equals("eof")) {
            throw p.error("Unexpected `" + p.peek().text + "` in the condition.", p.peek());
        }
        return c;
    }

    private void lex() throws ConditionException {
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            int start = i;
            if (c == '\'' || c == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != c) {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++;
                    }
                    value.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw new ConditionException("Unterminated string in the condition.", span(start, text.length()));
                }
                i++;
                toks.add(new Tok("string", value.toString(), start, i));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)) && !afterValue())) {
                i++;
                while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                    i++;
                }
                toks.add(new Tok("number", text.substring(start, i), start, i));
            } else if (Character.isLetter(c) || c == '_') {
                while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                toks.add(new Tok("name", text.substring(start, i), start, i));
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                String op = switch (two) {
                    case "==", "!=", "<=", ">=", "&&", "||" -> two;
                    default -> switch (c) {
                        case '<', '>', '!', '(', ')', '[', ']', ',', '.', '+', '-', '*', '/' -> String.valueOf(c);
                        default -> null;
                    };
                };
                if (op == null) {
                    throw new ConditionException("Unexpected character `" + c + "` in the condition.", span(i, i + 1));
                }
                i += op.length();
                toks.add(new Tok(op, op, start, i));
            }
        }
        toks.add(new Tok("eof", "end of the condition", text.length(), text.length()));
    }

    /** True when the last token ends a value, so a following {@code -} is a subtraction. */
    private boolean afterValue() {
        if (toks.isEmpty()) {
            return false;
        }
        Tok last = toks.getLast();
        return switch (last.kind) {
            case "number", "string", ")", "]" -> true;
            case "name" -> !last.text.equals("in");
            default -> false;
        };
    }

    private Condition or() throws ConditionException {
        if (++depth > MAX_DEPTH) {
            throw error("The condition is nested too deeply.", peek());
        }
        int start = peek().start;
        Condition c = and();
        while (accept("||")) {
            c = new Condition.Or(c, and(), span(start, prev().end));
        }
        depth--;
        return c;
    }

    private Condition and() throws ConditionException {
        int start = peek().start;
        Condition c = unary();
        while (accept("&&")) {
            c = new Condition.And(c, unary(), span(start, prev().end));
        }
        return c;
    }

    private Condition unary() throws ConditionException {
        if (accept("!")) {
            int start = prev().start;
            if (++depth > MAX_DEPTH) {
                throw error("The condition is nested too deeply.", peek());
            }
            Condition part = unary();
            depth--;
            return new Condition.Not(part, span(start, prev().end));
        }
        return compare();
    }

    private Condition compare() throws ConditionException {
        int start = peek().start;
        Condition left = sum();
        Condition.Comparator op = switch (peek().kind) {
            case "==" -> Condition.Comparator.EQ;
            case "!=" -> Condition.Comparator.NE;
            case "<" -> Condition.Comparator.LT;
            case "<=" -> Condition.Comparator.LE;
            case ">" -> Condition.Comparator.GT;
            case ">=" -> Condition.Comparator.GE;
            case "name" -> peek().text.equals("in") ? Condition.Comparator.IN : null;
            default -> null;
        };
        if (op == null) {
            return left;
        }
        at++;
        Condition right = sum();
        return new Condition.Compare(left, op, right, span(start, prev().end));
    }

    private Condition sum() throws ConditionException {
        int start = peek().start;
        Condition c = product();
        while (peek().kind.equals("+") || peek().kind.equals("-")) {
            Condition.ArithmeticOperator op = next().kind.equals("+") ? Condition.ArithmeticOperator.ADD : Condition.ArithmeticOperator.SUB;
            c = new Condition.Arithmetic(c, op, product(), span(start, prev().end));
        }
        return c;
    }

    private Condition product() throws ConditionException {
        int start = peek().start;
        Condition c = sign();
        while (peek().kind.equals("*") || peek().kind.equals("/")) {
            Condition.ArithmeticOperator op = next().kind.equals("*") ? Condition.ArithmeticOperator.MUL : Condition.ArithmeticOperator.DIV;
            c = new Condition.Arithmetic(c, op, sign(), span(start, prev().end));
        }
        return c;
    }

    /** {@code -x} is read as {@code 0 - x}: one node kind fewer for every consumer. */
    private Condition sign() throws ConditionException {
        if (accept("-")) {
            Tok minus = prev();
            if (++depth > MAX_DEPTH) {
                throw error("The condition is nested too deeply.", peek());
            }
            Condition operand = sign();
            depth--;
            return new Condition.Arithmetic(new Condition.Literal(BigDecimal.ZERO, span(minus)),
                    Condition.ArithmeticOperator.SUB, operand, span(minus.start, prev().end));
        }
        return primary();
    }

    private Condition primary() throws ConditionException {
        Tok t = next();
        switch (t.kind) {
            case "(" -> {
                Condition inner = or();
                expect(")", "`)` to close the parenthesis");
                return inner;
            }
            case "string" -> {
                return new Condition.Literal(t.text, span(t));
            }
            case "number" -> {
                try {
                    return new Condition.Literal(new BigDecimal(t.text), span(t));
                } catch (NumberFormatException e) {
                    throw error("`" + t.text + "` is not a number.", t);
                }
            }
            case "[" -> {
                List<Condition> items = new ArrayList<>();
                if (!accept("]")) {
                    do {
                        items.add(or());
                    } while (accept(","));
                    expect("]", "`,` or `]` in the list");
                }
                return new Condition.ListValue(items, span(t.start, prev().end));
            }
            case "name" -> {
                return name(t);
            }
            default -> throw error("Expected a value, a field, auth() or now(), found `" + t.text + "`.", t);
        }
    }

    private Condition name(Tok t) throws ConditionException {
        switch (t.text) {
            case "true", "false" -> {
                return new Condition.Literal(Boolean.valueOf(t.text), span(t));
            }
            case "null" -> {
                return new Condition.Literal(null, span(t));
            }
            default -> {
            }
        }
        if (accept("(")) {
            Optional<Condition.Function> function = Condition.Function.of(t.text);
            if (function.isPresent()) {
                return call(t, function.get());
            }
            if (!t.text.equals("auth") && !t.text.equals("now")) {
                throw unknownFunction(t);
            }
            expect(")", "`)`: " + t.text + "() takes no arguments");
            switch (t.text) {
                case "auth" -> {
                    if (accept(".")) {
                        Tok claim = next();
                        if (!claim.kind.equals("name")) {
                            throw error("Expected a claim name after `auth().`.", claim);
                        }
                        if (peek().kind.equals(".")) {
                            throw error("Nested claims (`auth()." + claim.text + ".…`) are not supported.", peek());
                        }
                        return new Condition.Auth(Optional.of(claim.text), span(t.start, claim.end));
                    }
                    return new Condition.Auth(Optional.empty(), span(t.start, prev().end));
                }
                case "now" -> {
                    return new Condition.Now(span(t.start, prev().end));
                }
                default -> throw unknownFunction(t);
            }
        }
        if (peek().kind.equals(".")) {
            throw error("`" + t.text + ".…`: conditions on related models are not supported; compare this model's fields.", t);
        }
        return new Condition.FieldRef(t.text, span(t));
    }

    private ConditionException unknownFunction(Tok t) {
        return error("Unknown function `" + t.text + "()` in the condition; the functions are auth() and now()"
                + " (and in data rules: length, regex, email, url, startsWith, endsWith, contains, has, hasSome, hasEvery, isEmpty).", t);
    }

    private Condition call(Tok name, Condition.Function function) throws ConditionException {
        List<Condition> args = new ArrayList<>();
        if (!accept(")")) {
            do {
                args.add(or());
            } while (accept(","));
            expect(")", "`,` or `)` after the arguments of " + function.spelling() + "()");
        }
        Span span = span(name.start, prev().end);
        if (args.size() < function.minArguments() || args.size() > function.maxArguments()) {
            String count = function.minArguments() == function.maxArguments()
                    ? String.valueOf(function.minArguments())
                    : function.minArguments() + " to " + function.maxArguments();
            throw new ConditionException(function.spelling() + "() takes " + count + " argument"
                    + (function.maxArguments() == 1 ? "" : "s") + ", not " + args.size() + ".", span);
        }
        return new Condition.Call(function, args, span);
    }

    private Tok peek() {
        return toks.get(at);
    }

    private Tok prev() {
        return toks.get(at - 1);
    }

    private Tok next() {
        Tok t = toks.get(at);
        if (!t.kind.equals("eof")) {
            at++;
        }
        return t;
    }

    private boolean accept(String kind) {
        if (peek().kind.equals(kind)) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(String kind, String what) throws ConditionException {
        if (!accept(kind)) {
            throw error("Expected " + what + ", found `" + peek().text + "`.", peek());
        }
    }

    private ConditionException error(String message, Tok t) {
        return new ConditionException(message, span(t));
    }

    private Span span(Tok t) {
        return span(t.start, Math.max(t.end, t.start));
    }

    /** The span of text[start, end), with its line and column computed from the argument's own. */
    private Span span(int start, int end) {
        int line = base.line();
        int column = base.column();
        for (int i = 0; i < start && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Span(base.file(), base.startOffset() + start, base.startOffset() + end, line, column);
    }
}
