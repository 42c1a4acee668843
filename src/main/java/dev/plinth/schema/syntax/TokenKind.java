package dev.plinth.schema.syntax;

/** The kinds of token in the Prisma Schema Language. */
public enum TokenKind {
    /** A name: letters, digits, {@code _} and {@code -}, e.g. {@code User} or {@code created_at}. */
    IDENTIFIER,
    /** A number literal, e.g. {@code 42}, {@code -1} or {@code 1.5}. */
    NUMBER,
    /** A string literal; {@link Token#text()} holds the value with escapes resolved. */
    STRING,
    /** A {@code ///} documentation comment; {@link Token#text()} holds the text after the slashes. */
    DOC_COMMENT,
    /** The end of a line (LF, CRLF or CR). */
    NEWLINE,
    LBRACE, RBRACE, LPAREN, RPAREN, LBRACKET, RBRACKET,
    COMMA, COLON, EQUALS, QUESTION, DOT,
    /** {@code @}, a field attribute. */
    AT,
    /** {@code @@}, a block attribute. */
    AT_AT,
    /** A character that starts no token; {@link Token#text()} holds it. */
    UNKNOWN,
    /** The end of the file. */
    EOF
}
