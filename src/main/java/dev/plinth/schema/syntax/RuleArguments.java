package dev.plinth.schema.syntax;

import dev.plinth.schema.model.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the arguments of the access-rule attributes ({@code @@allow}, {@code @@deny}, {@code @allow},
 * {@code @deny}, {@code @mask}), of {@code @@validate} (docs/schema.md, "Validators and model rules") and of
 * {@code @@check} (docs/schema.md, "CHECK constraints") without interpreting them: a rule condition such as
 * {@code auth().role in ['admin','owner'] && org_id == auth().org_id} is not Prisma expression syntax,
 * so each top-level, comma-separated argument becomes an {@link Expression.StringValue} holding the
 * argument's text as written, with the argument's exact span. The condition language itself is
 * parsed and checked by {@code dev.plinth.schema.policy} (docs/access-rules.md); the syntax follows
 * ZenStack's, https://zenstack.dev/docs/reference/zmodel-language#access-policy.
 */
final class RuleArguments {

    /** The attribute names whose arguments are rule conditions. */
    static final Set<String> RAW_ATTRIBUTES = Set.of("allow", "deny", "mask", "validate", "check");

    private final ExpressionParser parser;

    RuleArguments(ExpressionParser parser) {
        this.parser = parser;
    }

    /** Reads {@code (a, name: b, …)} from the opening parenthesis; reports an unclosed list. */
    List<Argument> read() {
        Token open = parser.next();
        List<Argument> arguments = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        while (true) {
            Token t = parser.peek();
            if (t.kind() == TokenKind.EOF || (t.kind() == TokenKind.RBRACE && !quoted)) {
                parser.error("Expected `)` to close the list opened here.", open.span());
                return arguments;
            }
            parser.next();
            if (t.kind() == TokenKind.UNKNOWN && t.text().equals("'")) {
                quoted = !quoted;
            } else if (!quoted && (t.kind() == TokenKind.LPAREN || t.kind() == TokenKind.LBRACKET)) {
                depth++;
            } else if (!quoted && (t.kind() == TokenKind.RPAREN || t.kind() == TokenKind.RBRACKET)) {
                if (depth == 0 && t.kind() == TokenKind.RPAREN) {
                    add(arguments, current);
                    return arguments;
                }
                depth--;
            } else if (!quoted && depth == 0 && t.kind() == TokenKind.COMMA) {
                add(arguments, current);
                current = new ArrayList<>();
                continue;
            }
            if (t.kind() != TokenKind.NEWLINE && t.kind() != TokenKind.DOC_COMMENT) {
                current.add(t);
            }
        }
    }

    private void add(List<Argument> arguments, List<Token> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        Optional<Identifier> name = Optional.empty();
        List<Token> value = tokens;
        if (tokens.size() > 2 && tokens.get(0).kind() == TokenKind.IDENTIFIER && tokens.get(1).kind() == TokenKind.COLON) {
            name = Optional.of(parser.identifier(tokens.get(0)));
            value = tokens.subList(2, tokens.size());
        }
        Span valueSpan = parser.span(value.getFirst(), value.getLast());
        Span whole = parser.span(tokens.getFirst(), tokens.getLast());
        arguments.add(new Argument(name, new Expression.StringValue("", valueSpan), whole));
    }
}
