package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.model.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Prisma Schema Language text into tokens, each with its source span.
 *
 * <p>Ordinary {@code //} comments are dropped; {@code ///} documentation comments are kept as tokens
 * because Prisma attaches them to the model, enum or field that follows. A byte-order mark at the
 * start is skipped; LF, CRLF and lone CR all end a line. Columns count characters (a tab is one).
 * Source: Prisma's grammar, {@code psl/schema-ast/src/parser/datamodel.pest} in prisma-engines.
 */
public final class Lexer {

    private final String file;
    private final String text;
    private final List<Diagnostic> diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String file, String text, List<Diagnostic> diagnostics) {
        this.file = file;
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /**
     * Tokenizes a whole file.
     *
     * @param file        the file name used in spans
     * @param text        the schema text
     * @param diagnostics receives an error for each unterminated string
     * @return the tokens, ending with {@link TokenKind#EOF}
     */
    public static List<Token> tokenize(String file, String text, List<Diagnostic> diagnostics) {
        Lexer lexer = new Lexer(file, text, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        if (text.startsWith("\uFEFF")) {
            pos = 1;
            lineStart = 1;
        }
        while (pos < text.length()) {
            char c = text.charAt(pos);
            int start = pos;
            switch (c) {
                case ' ', '\t', '\f', '\u000B' -> pos++;
                case '\n' -> newline(start, 1);
                case '\r' -> newline(start, pos + 1 < text.length() && text.charAt(pos + 1) == '\n' ? 2 : 1);
                case '/' -> comment(start);
                case '"' -> string(start);
                case '{' -> single(TokenKind.LBRACE);
                case '}' -> single(TokenKind.RBRACE);
                case '(' -> single(TokenKind.LPAREN);
                case ')' -> single(TokenKind.RPAREN);
                case '[' -> single(TokenKind.LBRACKET);
                case ']' -> single(TokenKind.RBRACKET);
                case ',' -> single(TokenKind.COMMA);
                case ':' -> single(TokenKind.COLON);
                case '=' -> single(TokenKind.EQUALS);
                case '?' -> single(TokenKind.QUESTION);
                case '.' -> single(TokenKind.DOT);
                case '@' -> {
                    boolean block = pos + 1 < text.length() && text.charAt(pos + 1) == '@';
                    pos += block ? 2 : 1;
                    add(block ? TokenKind.AT_AT : TokenKind.AT, "", start);
                }
                default -> word(start, c);
            }
        }
        add(TokenKind.EOF, "", pos);
    }

    private void newline(int start, int length) {
        pos += length;
        add(TokenKind.NEWLINE, "", start);
        line++;
        lineStart = pos;
    }

    private void single(TokenKind kind) {
        int start = pos++;
        add(kind, "", start);
    }

    private void comment(int start) {
        if (pos + 1 < text.length() && text.charAt(pos + 1) == '*') {
            blockComment(start);
            return;
        }
        if (pos + 1 >= text.length() || text.charAt(pos + 1) != '/') {
            pos++;
            add(TokenKind.UNKNOWN, "/", start);
            return;
        }
        int end = pos;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        boolean doc = end - start >= 3 && text.charAt(start + 2) == '/';
        pos = end;
        if (doc) {
            add(TokenKind.DOC_COMMENT, text.substring(start + 3, end), start);
        }
    }

    /** Skips a {@code /* … *}{@code /} comment, which Prisma's grammar accepts anywhere whitespace may be. */
    private void blockComment(int start) {
        int startLine = line;
        int startColumn = start - lineStart + 1;
        pos += 2;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '*' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
                pos += 2;
                return;
            }
            pos++;
            if (c == '\n' || (c == '\r' && (pos >= text.length() || text.charAt(pos) != '\n'))) {
                line++;
                lineStart = pos;
            }
        }
        diagnostics.add(Diagnostic.error("Unterminated block comment: `/*` is never closed by `*/`.",
                new Span(file, start, start + 2, startLine, startColumn)));
    }

    private void word(int start, char first) {
        boolean negativeNumber = first == '-' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1));
        if (!isWordChar(first) || (first == '-' && !negativeNumber)) {
            pos += Character.charCount(text.codePointAt(pos));
            add(TokenKind.UNKNOWN, text.substring(start, pos), start);
            return;
        }
        pos++;
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
            pos++;
        }
        // A decimal point belongs to a number only when digits follow it: "1.5" is one token,
        // while "db.VarChar" is three.
        boolean number = isNumber(text, start, pos);
        if (number && pos + 1 < text.length() && text.charAt(pos) == '.' && isDigit(text.charAt(pos + 1))) {
            pos++;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        add(number ? TokenKind.NUMBER : TokenKind.IDENTIFIER, text.substring(start, pos), start);
    }

    private static boolean isNumber(String s, int start, int end) {
        int i = s.charAt(start) == '-' ? start + 1 : start;
        if (i >= end) {
            return false;
        }
        for (; i < end; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private void string(int start) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                pos++;
                add(TokenKind.STRING, value.toString(), start);
                return;
            }
            if (c == '\n' || c == '\r') {
                break;
            }
            if (c == '\\' && pos + 1 < text.length()) {
                pos = escape(value, pos + 1);
            } else {
                value.append(c);
                pos++;
            }
        }
        diagnostics.add(Diagnostic.error("Unterminated string literal.", span(start, pos)));
        add(TokenKind.STRING, value.toString(), start);
    }

    /** Resolves the escape whose letter is at {@code at}; returns the offset after it. */
    private int escape(StringBuilder value, int at) {
        char c = text.charAt(at);
        switch (c) {
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case '0' -> value.append('\0');
            case 'u' -> {
                if (at + 4 < text.length() && text.substring(at + 1, at + 5).matches("[0-9a-fA-F]{4}")) {
                    value.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16));
                    return at + 5;
                }
                value.append('u');
            }
            case '\n', '\r' -> {
                return at;
            }
            default -> value.append(c);
        }
        return at + 1;
    }

    private void add(TokenKind kind, String value, int start) {
        tokens.add(new Token(kind, value, span(start, pos)));
    }

    private Span span(int start, int end) {
        return new Span(file, start, end, line, start - lineStart + 1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * Identifiers are letters (any script, as Prisma's own suite {@code *_with_non_ascii_ident_should_not_error}
     * requires), digits, {@code _} and {@code -}.
     */
    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
