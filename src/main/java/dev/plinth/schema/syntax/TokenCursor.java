package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;

import java.util.List;

/**
 * Walks a token list for the parser: looking ahead, consuming, skipping a bad line or block to
 * recover, building spans and reporting errors.
 */
abstract class TokenCursor {

    /** The file name used in spans. */
    final String file;
    /** The tokens, ending with {@link TokenKind#EOF}. */
    final List<Token> tokens;
    /** Where syntax errors go. */
    final List<Diagnostic> diagnostics;
    /** The position of the next token to read. */
    int index;

    TokenCursor(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        this.file = file;
        this.tokens = tokens;
        this.diagnostics = diagnostics;
    }

    void invalidLine(String message) {
        error(message, lineSpan(peek()));
        skipLine();
    }

    void invalidLine(String message, Token start) {
        error(message, lineSpan(start));
        skipLine();
    }

    /** A span from {@code start} to the end of its line. */
    Span lineSpan(Token start) {
        int last = index;
        while (last + 1 < tokens.size() && tokens.get(last + 1).kind() != TokenKind.NEWLINE
                && tokens.get(last + 1).kind() != TokenKind.EOF) {
            last++;
        }
        return span(start, tokens.get(last));
    }

    boolean atLineEnd() {
        return at(TokenKind.NEWLINE) || at(TokenKind.EOF) || at(TokenKind.RBRACE);
    }

    void endOfLine() {
        if (!atLineEnd()) {
            invalidLine("This line is not a valid field or attribute definition.");
        }
    }

    void skipLine() {
        int depth = 0;
        while (!at(TokenKind.EOF)) {
            TokenKind kind = peek().kind();
            if (kind == TokenKind.NEWLINE && depth == 0) {
                return;
            }
            if (kind == TokenKind.RBRACE && depth == 0) {
                return;
            }
            if (kind == TokenKind.LPAREN || kind == TokenKind.LBRACKET) {
                depth++;
            } else if ((kind == TokenKind.RPAREN || kind == TokenKind.RBRACKET) && depth > 0) {
                depth--;
            }
            index++;
        }
    }

    /** Skips a stray top-level line, or a whole `{ … }` block when one opens on it. */
    void skipBlockOrLine() {
        while (!at(TokenKind.EOF) && !at(TokenKind.NEWLINE) && !at(TokenKind.LBRACE)) {
            index++;
        }
        if (!at(TokenKind.LBRACE)) {
            return;
        }
        int depth = 0;
        while (!at(TokenKind.EOF)) {
            TokenKind kind = next().kind();
            if (kind == TokenKind.LBRACE) {
                depth++;
            } else if (kind == TokenKind.RBRACE && --depth == 0) {
                return;
            }
        }
    }

    void skipToClose(TokenKind close) {
        int depth = 0;
        while (!at(TokenKind.EOF) && !at(TokenKind.RBRACE)) {
            TokenKind kind = peek().kind();
            if (kind == TokenKind.LPAREN || kind == TokenKind.LBRACKET) {
                depth++;
            } else if (kind == TokenKind.RPAREN || kind == TokenKind.RBRACKET) {
                if (depth == 0) {
                    if (kind == close) {
                        index++;
                    }
                    return;
                }
                depth--;
            } else if (kind == TokenKind.NEWLINE && depth == 0) {
                return;
            }
            index++;
        }
    }

    void skipNewlines() {
        while (at(TokenKind.NEWLINE) || at(TokenKind.DOC_COMMENT)) {
            index++;
        }
    }

    Identifier identifier(Token token) {
        return new Identifier(token.text(), token.span());
    }

    Span span(Token first, Token last) {
        Span a = first.span();
        return new Span(file, a.startOffset(), Math.max(a.endOffset(), last.span().endOffset()), a.line(), a.column());
    }

    void error(String message, Span span) {
        diagnostics.add(Diagnostic.error(message, span));
    }

    boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    boolean accept(TokenKind kind) {
        if (at(kind)) {
            index++;
            return true;
        }
        return false;
    }

    Token peek() {
        return tokens.get(index);
    }

    Token peekAhead(int n) {
        return tokens.get(Math.min(index + n, tokens.size() - 1));
    }

    Token next() {
        Token token = tokens.get(index);
        if (token.kind() != TokenKind.EOF) {
            index++;
        }
        return token;
    }
}
