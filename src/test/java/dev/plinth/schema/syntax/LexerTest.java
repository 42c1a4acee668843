package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexerTest {

    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private List<Token> lex(String text) {
        return Lexer.tokenize("schema.prisma", text, diagnostics).stream()
                .filter(t -> t.kind() != TokenKind.NEWLINE && t.kind() != TokenKind.EOF).toList();
    }

    @Test
    void splitsAFieldLineIntoTokensWithLinesAndColumns() {
        List<Token> tokens = lex("model User {\n  id Int @id @default(autoincrement())\n}");
        assertThat(tokens).extracting(Token::kind).startsWith(TokenKind.IDENTIFIER, TokenKind.IDENTIFIER, TokenKind.LBRACE,
                TokenKind.IDENTIFIER, TokenKind.IDENTIFIER, TokenKind.AT, TokenKind.IDENTIFIER, TokenKind.AT);
        Token id = tokens.get(3);
        assertThat(id.text()).isEqualTo("id");
        assertThat(id.span().line()).isEqualTo(2);
        assertThat(id.span().column()).isEqualTo(3);
    }

    @Test
    void keepsDocCommentsAndDropsOrdinaryComments() {
        List<Token> tokens = lex("// ordinary\n/// documented\n/* block\ncomment */ model");
        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.DOC_COMMENT, TokenKind.IDENTIFIER);
        assertThat(tokens.get(0).text()).isEqualTo(" documented");
        assertThat(tokens.get(1).span().line()).isEqualTo(4);
    }

    @Test
    void resolvesStringEscapesAndKeepsNonAscii() {
        List<Token> tokens = lex("\"a\\\"b\\\\c\\n\\u00e9 ünïcødé 日本\"");
        assertThat(tokens).singleElement().satisfies(t -> {
            assertThat(t.kind()).isEqualTo(TokenKind.STRING);
            assertThat(t.text()).isEqualTo("a\"b\\c\né ünïcødé 日本");
        });
    }

    @Test
    void readsNumbersIncludingNegativeAndDecimal() {
        assertThat(lex("42 -1 1.5 db.VarChar")).extracting(Token::kind).containsExactly(TokenKind.NUMBER, TokenKind.NUMBER,
                TokenKind.NUMBER, TokenKind.IDENTIFIER, TokenKind.DOT, TokenKind.IDENTIFIER);
    }

    @Test
    void countsCrlfAsOneLineEndAndSkipsTheBom() {
        List<Token> tokens = lex("\uFEFFmodel A {\r\n\tid Int\r\n}");
        assertThat(tokens.get(0).span().column()).isEqualTo(1);
        Token id = tokens.get(3);
        assertThat(id.span().line()).isEqualTo(2);
        assertThat(id.span().column()).isEqualTo(2);
    }

    @Test
    void reportsAnUnterminatedStringAtItsStart() {
        lex("model A {\n  name String @default(\"open\n}");
        assertThat(diagnostics).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("Unterminated string");
            assertThat(d.span().line()).isEqualTo(2);
            assertThat(d.span().column()).isEqualTo(24);
        });
    }

    @Test
    void reportsAnUnterminatedBlockComment() {
        lex("/* never closed\nmodel A {}");
        assertThat(diagnostics).extracting(Diagnostic::message).singleElement().asString().contains("block comment");
    }
}
