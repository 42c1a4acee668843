package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The expression layer of the parser: attributes ({@code @default(now())}, {@code @@index([a, b], map: "x")}),
 * argument lists, and values (strings, numbers, constants, dotted names, arrays, function calls).
 * Nesting is bounded by {@link Parser#MAX_NESTING}, so hostile input cannot exhaust the stack.
 */
abstract class ExpressionParser extends TokenCursor {

    ExpressionParser(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        super(file, tokens, diagnostics);
    }

    /** Reads {@code @name(args)} or {@code @@name(args)}; returns null after reporting an error. */
    Attribute attribute() {
        Token at = next();
        boolean block = at.kind() == TokenKind.AT_AT;
        if (!at(TokenKind.IDENTIFIER)) {
            error("An attribute needs a name after `" + (block ? "@@" : "@") + "`.", at.span());
            skipLine();
            return null;
        }
        StringBuilder name = new StringBuilder(next().text());
        while (at(TokenKind.DOT) && peekAhead(1).kind() == TokenKind.IDENTIFIER) {
            index++;
            name.append('.').append(next().text());
        }
        Span nameSpan = span(at, tokens.get(index - 1));
        List<Argument> arguments = List.of();
        if (at(TokenKind.LPAREN)) {
            arguments = arguments(TokenKind.LPAREN, TokenKind.RPAREN, 1);
        }
        return new Attribute(name.toString(), block, arguments, nameSpan, span(at, tokens.get(index - 1)));
    }

    /** Reads a bracketed, comma-separated argument list starting at {@code open}. */
    List<Argument> arguments(TokenKind open, TokenKind close, int depth) {
        Token start = next();
        List<Argument> arguments = new ArrayList<>();
        if (depth > Parser.MAX_NESTING) {
            tooDeep(start);
            return arguments;
        }
        while (true) {
            skipNewlines();
            if (accept(close)) {
                return arguments;
            }
            if (at(TokenKind.EOF) || at(TokenKind.RBRACE)) {
                error("Expected `" + (close == TokenKind.RPAREN ? ")" : "]") + "` to close the list opened here.", start.span());
                return arguments;
            }
            Argument argument = argument(depth);
            if (argument == null) {
                skipToClose(close);
                return arguments;
            }
            arguments.add(argument);
            skipNewlines();
            if (!accept(TokenKind.COMMA) && !at(close)) {
                error("Expected `,` or `" + (close == TokenKind.RPAREN ? ")" : "]") + "` in the argument list.", peek().span());
                skipToClose(close);
                return arguments;
            }
        }
    }

    Argument argument(int depth) {
        Token first = peek();
        Optional<Identifier> name = Optional.empty();
        if (first.kind() == TokenKind.IDENTIFIER && peekAhead(1).kind() == TokenKind.COLON) {
            name = Optional.of(identifier(next()));
            index++;
            skipNewlines();
            if (at(TokenKind.COMMA) || at(TokenKind.RPAREN)) {
                // `name:` with nothing after it: Prisma reads an empty value and reports it when validating.
                Expression empty = new Expression.ConstantValue("", peek().span());
                return new Argument(name, empty, span(first, tokens.get(index - 1)));
            }
        }
        Expression value = expression(depth);
        if (value == null) {
            return null;
        }
        return new Argument(name, value, span(first, tokens.get(index - 1)));
    }

    /** Reads one expression; returns null after reporting an error. */
    Expression expression(int depth) {
        Token token = peek();
        switch (token.kind()) {
            case STRING -> {
                index++;
                return new Expression.StringValue(token.text(), token.span());
            }
            case NUMBER -> {
                index++;
                return new Expression.NumberValue(token.text(), token.span());
            }
            case LBRACKET -> {
                if (depth + 1 > Parser.MAX_NESTING) {
                    tooDeep(token);
                    return null;
                }
                List<Argument> elements = arguments(TokenKind.LBRACKET, TokenKind.RBRACKET, depth + 1);
                List<Expression> values = new ArrayList<>();
                for (Argument element : elements) {
                    values.add(element.value());
                }
                return new Expression.ArrayValue(values, span(token, tokens.get(index - 1)));
            }
            case IDENTIFIER -> {
                index++;
                StringBuilder path = new StringBuilder(token.text());
                while (at(TokenKind.DOT) && peekAhead(1).kind() == TokenKind.IDENTIFIER) {
                    index++;
                    path.append('.').append(next().text());
                }
                if (at(TokenKind.LPAREN)) {
                    if (depth + 1 > Parser.MAX_NESTING) {
                        tooDeep(token);
                        return null;
                    }
                    List<Argument> arguments = arguments(TokenKind.LPAREN, TokenKind.RPAREN, depth + 1);
                    return new Expression.FunctionCall(path.toString(), arguments, span(token, tokens.get(index - 1)));
                }
                return new Expression.ConstantValue(path.toString(), span(token, tokens.get(index - 1)));
            }
            default -> {
                error("Expected a value (a string, number, array, name or function call).", token.span());
                return null;
            }
        }
    }

    void tooDeep(Token token) {
        error("Expression nested too deeply: at most " + Parser.MAX_NESTING + " levels of brackets are supported.", token.span());
        skipLine();
    }
}
