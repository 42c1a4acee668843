package dev.plinth.schema.syntax;

import dev.plinth.schema.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the {@link SchemaAst} of a schema file from its tokens: the block layer of the parser
 * (blocks, fields, types, enum values, configuration properties) on top of {@link ExpressionParser}
 * (attributes and values) and {@link TokenCursor} (navigation and recovery).
 *
 * <p>The grammar is line-oriented like Prisma's: each field, block attribute, enum value and
 * configuration property sits on its own line; arguments inside brackets may span lines. A line
 * that cannot be read yields one error and parsing resumes on the next line, so one run reports
 * every syntax error. Nesting of arrays and calls is bounded by {@link #MAX_NESTING}, so a hostile
 * file cannot exhaust the stack. Source: Prisma's grammar, {@code psl/schema-ast/src/parser/datamodel.pest}.
 */
public final class Parser extends ExpressionParser {

    /** The deepest nesting of brackets and calls accepted inside one expression. */
    public static final int MAX_NESTING = 64;

    /** Composite types declared inline ({@code field embed { … }}), added after the block holding them. */
    private final List<ModelBlock> inlineEmbeds = new ArrayList<>();
    private int embedDepth;

    private Parser(String file, List<Token> tokens, List<Diagnostic> diagnostics) {
        super(file, tokens, diagnostics);
    }

    /**
     * Parses schema text.
     *
     * @param file        the file name used in spans
     * @param text        the schema text
     * @param diagnostics receives every syntax error
     * @return the tree of everything that could be read; never throws for bad text
     */
    public static SchemaAst parse(String file, String text, List<Diagnostic> diagnostics) {
        List<Token> tokens = Lexer.tokenize(file, text, diagnostics);
        return new Parser(file, tokens, diagnostics).schema();
    }

    private SchemaAst schema() {
        List<Block> blocks = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        while (!at(TokenKind.EOF)) {
            Token token = peek();
            switch (token.kind()) {
                case NEWLINE -> index++;
                case DOC_COMMENT -> docs.add(next().text());
                case IDENTIFIER -> {
                    Block block = block(documentation(docs));
                    docs.clear();
                    if (block != null) {
                        blocks.add(block);
                    }
                    blocks.addAll(inlineEmbeds);
                    inlineEmbeds.clear();
                }
                default -> invalidTopLevel();
            }
        }
        return new SchemaAst(file, blocks);
    }

    private Block block(Optional<String> documentation) {
        Token keyword = peek();
        String word = keyword.text();
        boolean known = switch (word) {
            case "model", "view", "type", "embed", "enum", "datasource", "generator" -> true;
            default -> false;
        };
        if (!known) {
            invalidTopLevel();
            return null;
        }
        index++;
        if (!at(TokenKind.IDENTIFIER)) {
            error("A " + word + " declaration needs a name, e.g. `" + word + " Name { … }`.", keyword.span());
            skipBlockOrLine();
            return null;
        }
        Identifier name = identifier(next());
        if (word.equals("type") && at(TokenKind.EQUALS)) {
            return typeAlias(keyword, name, documentation); // the data-model spec's `type Numeric = Float …`
        }
        if (!at(TokenKind.LBRACE)) {
            error("Expected `{` after " + word + " \"" + name.text() + "\".", peek().span());
            skipBlockOrLine();
            return null;
        }
        Token open = next();
        return switch (word) {
            case "model" -> modelBody(ModelBlock.Kind.MODEL, keyword, name, documentation, open);
            case "view" -> modelBody(ModelBlock.Kind.VIEW, keyword, name, documentation, open);
            case "type" -> modelBody(ModelBlock.Kind.TYPE, keyword, name, documentation, open);
            // the Prisma data-model spec's spelling of a composite type (docs/schema.md, "Composite types")
            case "embed" -> modelBody(ModelBlock.Kind.TYPE, keyword, name, documentation, open, Optional.of(keyword.span()));
            case "enum" -> enumBody(keyword, name, documentation, open);
            case "datasource" -> configBody(ConfigBlock.Kind.DATASOURCE, keyword, name, open);
            default -> configBody(ConfigBlock.Kind.GENERATOR, keyword, name, open);
        };
    }

    private void invalidTopLevel() {
        boolean block = false;
        for (int i = index; i < tokens.size() && tokens.get(i).kind() != TokenKind.NEWLINE && tokens.get(i).kind() != TokenKind.EOF; i++) {
            block |= tokens.get(i).kind() == TokenKind.LBRACE;
        }
        error(block
                ? "This block is invalid. It does not start with any known Prisma schema keyword. Valid keywords include"
                        + " 'model', 'enum', 'type', 'datasource' and 'generator'."
                : "This line is invalid. It does not start with any known Prisma schema keyword.", lineSpan(peek()));
        skipBlockOrLine();
    }

    private ModelBlock modelBody(ModelBlock.Kind kind, Token keyword, Identifier name, Optional<String> documentation, Token open) {
        return modelBody(kind, keyword, name, documentation, open, Optional.empty());
    }

    private ModelBlock modelBody(ModelBlock.Kind kind, Token keyword, Identifier name, Optional<String> documentation, Token open,
                                 Optional<dev.plinth.schema.model.Span> embed) {
        List<FieldDeclaration> fields = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        while (true) {
            Token token = peek();
            switch (token.kind()) {
                case RBRACE -> {
                    index++;
                    return new ModelBlock(kind, name, fields, attributes, documentation, span(keyword, token), embed);
                }
                case EOF -> {
                    unclosed(keyword, open);
                    return new ModelBlock(kind, name, fields, attributes, documentation, span(keyword, token), embed);
                }
                case NEWLINE -> index++;
                case DOC_COMMENT -> docs.add(next().text());
                case AT_AT -> {
                    Attribute attribute = attribute();
                    if (attribute != null) {
                        attributes.add(attribute);
                    }
                    endOfLine();
                }
                case IDENTIFIER -> {
                    FieldDeclaration field = field(docs, kind, name);
                    docs.clear();
                    if (field != null) {
                        fields.add(field);
                    }
                }
                default -> invalidLine("This line is not a valid field or attribute definition.");
            }
        }
    }

    private FieldDeclaration field(List<String> docs, ModelBlock.Kind kind, Identifier blockName) {
        Token nameToken = next();
        Identifier name = identifier(nameToken);
        if (at(TokenKind.COLON)) {
            index++; // Prisma 1's `name: Type` is still accepted by Prisma's grammar as a legacy colon.
        }
        if (!at(TokenKind.IDENTIFIER)) {
            invalidLine("Error validating " + kind.keyword() + " \"" + blockName.text()
                    + "\": This field declaration is invalid. It is either missing a name or a type.", nameToken);
            return null;
        }
        TypeReference type = at(TokenKind.IDENTIFIER) && peek().text().equals("embed") && peekAhead(1).kind() == TokenKind.LBRACE
                ? inlineEmbed(blockName, name, documentation(docs)) : typeReference();
        List<Attribute> attributes = new ArrayList<>();
        while (at(TokenKind.AT)) {
            Attribute attribute = attribute();
            if (attribute == null) {
                break;
            }
            attributes.add(attribute);
        }
        Token last = tokens.get(index - 1);
        if (at(TokenKind.DOC_COMMENT)) {
            docs.add(next().text());
        }
        if (!atLineEnd()) {
            invalidLine("This line is not a valid field or attribute definition.");
        }
        return new FieldDeclaration(name, type, attributes, documentation(docs), span(nameToken, last));
    }

    /**
     * Reads the spec's inline composite type, {@code address embed { street String }?}: the block becomes a
     * composite type named after its place ({@code UserAddress} for field {@code address} of {@code User}),
     * nestable, and the field refers to it with the arity written after the closing brace.
     */
    private TypeReference inlineEmbed(Identifier blockName, Identifier fieldName, Optional<String> documentation) {
        Token keyword = next();
        Token open = next();
        if (embedDepth >= MAX_NESTING) {
            // a hostile file cannot exhaust the stack: the rest of this embed is skipped without recursion
            error("Inline embeds are nested deeper than " + MAX_NESTING + " levels.", keyword.span());
            for (int depth = 1; depth > 0 && !at(TokenKind.EOF); ) {
                Token t = next();
                depth += t.kind() == TokenKind.LBRACE ? 1 : t.kind() == TokenKind.RBRACE ? -1 : 0;
            }
            return new TypeReference(identifier(keyword), TypeReference.Arity.REQUIRED, Optional.empty(), keyword.span());
        }
        String field = fieldName.text();
        Identifier name = new Identifier(blockName.text() + Character.toUpperCase(field.charAt(0)) + field.substring(1),
                fieldName.span());
        List<ModelBlock> outer = List.copyOf(inlineEmbeds);
        inlineEmbeds.clear();
        embedDepth++;
        ModelBlock embed = modelBody(ModelBlock.Kind.TYPE, keyword, name, documentation, open, Optional.of(keyword.span()));
        embedDepth--;
        // nested inline embeds were collected while reading this one: they follow it
        List<ModelBlock> nested = List.copyOf(inlineEmbeds);
        inlineEmbeds.clear();
        inlineEmbeds.addAll(outer);
        inlineEmbeds.add(embed);
        inlineEmbeds.addAll(nested);
        TypeReference.Arity arity = TypeReference.Arity.REQUIRED;
        if (accept(TokenKind.QUESTION)) {
            arity = TypeReference.Arity.OPTIONAL;
        } else if (at(TokenKind.LBRACKET) && peekAhead(1).kind() == TokenKind.RBRACKET) {
            index += 2;
            arity = TypeReference.Arity.LIST;
        }
        return new TypeReference(name, arity, Optional.empty(), span(keyword, tokens.get(index - 1)));
    }

    private TypeReference typeReference() {
        Token typeToken = next();
        Identifier typeName = identifier(typeToken);
        Optional<String> unsupported = Optional.empty();
        if (at(TokenKind.LPAREN)) {
            List<Argument> arguments = arguments(TokenKind.LPAREN, TokenKind.RPAREN, 1);
            if (!arguments.isEmpty() && arguments.get(0).value() instanceof Expression.StringValue text) {
                unsupported = Optional.of(text.value());
            } else {
                error("Expected a string argument, e.g. `Unsupported(\"circle\")`.", typeToken.span());
            }
        }
        TypeReference.Arity arity = TypeReference.Arity.REQUIRED;
        if (at(TokenKind.QUESTION)) {
            index++;
            arity = TypeReference.Arity.OPTIONAL;
            if (at(TokenKind.LBRACKET)) {
                error("Optional lists are not supported. Use either `Type[]` or `Type?`.", peek().span());
                index++;
                accept(TokenKind.RBRACKET);
            }
        } else if (at(TokenKind.LBRACKET)) {
            index++;
            if (!accept(TokenKind.RBRACKET)) {
                error("Expected `]` after `[` in a list type.", peek().span());
            }
            arity = TypeReference.Arity.LIST;
            if (at(TokenKind.QUESTION)) {
                error("Optional lists are not supported. Use either `Type[]` or `Type?`.", peek().span());
                index++;
            }
        }
        return new TypeReference(typeName, arity, unsupported, span(typeToken, tokens.get(index - 1)));
    }

    /** Reads {@code = Base @attr…} of a type alias, the data-model spec's {@code type Numeric = Float @pg.numeric(10, 2)}. */
    private TypeAliasBlock typeAlias(Token keyword, Identifier name, Optional<String> documentation) {
        index++;
        if (!at(TokenKind.IDENTIFIER)) {
            invalidLine("A type alias needs a type after `=`, e.g. `type " + name.text() + " = Float @db.Real`.", keyword);
            return null;
        }
        TypeReference base = typeReference();
        List<Attribute> attributes = new ArrayList<>();
        while (at(TokenKind.AT)) {
            Attribute attribute = attribute();
            if (attribute == null) {
                break;
            }
            attributes.add(attribute);
        }
        Token last = tokens.get(index - 1);
        endOfLine();
        return new TypeAliasBlock(name, base, attributes, documentation, span(keyword, last));
    }

    private EnumBlock enumBody(Token keyword, Identifier name, Optional<String> documentation, Token open) {
        List<EnumBlock.EnumValueDeclaration> values = new ArrayList<>();
        List<Attribute> attributes = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        while (true) {
            Token token = peek();
            switch (token.kind()) {
                case RBRACE -> {
                    index++;
                    return new EnumBlock(name, values, attributes, documentation, span(keyword, token));
                }
                case EOF -> {
                    unclosed(keyword, open);
                    return new EnumBlock(name, values, attributes, documentation, span(keyword, token));
                }
                case NEWLINE -> index++;
                case DOC_COMMENT -> docs.add(next().text());
                case AT_AT -> {
                    Attribute attribute = attribute();
                    if (attribute != null) {
                        attributes.add(attribute);
                    }
                    endOfLine();
                }
                case IDENTIFIER, NUMBER -> {
                    Token valueToken = next();
                    List<Attribute> valueAttributes = new ArrayList<>();
                    if (at(TokenKind.EQUALS) && peekAhead(1).kind() == TokenKind.STRING) {
                        // the data-model spec's `Red = "RED"`: read as an attribute named `=`, which
                        // SpecSpellings turns into today's `@map("RED")`
                        Token equals = next();
                        Token mapped = next();
                        Argument argument = new Argument(Optional.empty(), new Expression.StringValue(mapped.text(), mapped.span()),
                                mapped.span());
                        valueAttributes.add(new Attribute("=", false, List.of(argument), equals.span(), span(equals, mapped)));
                    }
                    while (at(TokenKind.AT)) {
                        Attribute attribute = attribute();
                        if (attribute == null) {
                            break;
                        }
                        valueAttributes.add(attribute);
                    }
                    Token last = tokens.get(index - 1);
                    if (at(TokenKind.DOC_COMMENT)) {
                        docs.add(next().text());
                    }
                    if (valueToken.kind() == TokenKind.NUMBER) {
                        error("The name of an enum value must not start with a number.", valueToken.span());
                    }
                    values.add(new EnumBlock.EnumValueDeclaration(identifier(valueToken), valueAttributes,
                            documentation(docs), span(valueToken, last)));
                    docs.clear();
                    if (!atLineEnd()) {
                        invalidLine("This line is not a valid enum value definition.");
                    }
                }
                default -> invalidLine("This line is not a valid enum value definition.");
            }
        }
    }

    private ConfigBlock configBody(ConfigBlock.Kind kind, Token keyword, Identifier name, Token open) {
        List<ConfigBlock.ConfigProperty> properties = new ArrayList<>();
        while (true) {
            Token token = peek();
            switch (token.kind()) {
                case RBRACE -> {
                    index++;
                    return new ConfigBlock(kind, name, properties, span(keyword, token));
                }
                case EOF -> {
                    unclosed(keyword, open);
                    return new ConfigBlock(kind, name, properties, span(keyword, token));
                }
                case NEWLINE, DOC_COMMENT -> index++;
                case IDENTIFIER -> {
                    Token key = next();
                    if (!accept(TokenKind.EQUALS) || atLineEnd()) {
                        // Prisma points at the block, whose name the message already carries.
                        error("Property " + key.text() + " in " + kind.keyword() + " " + name.text()
                                + " needs to be assigned a value", keyword.span());
                        skipLine();
                        continue;
                    }
                    Expression value = expression(0);
                    if (value != null) {
                        properties.add(new ConfigBlock.ConfigProperty(identifier(key), value, span(key, tokens.get(index - 1))));
                    }
                    if (!atLineEnd()) {
                        invalidLine("This line is not a valid definition within a " + kind.keyword() + ".");
                    }
                }
                default -> invalidLine("This line is not a valid definition within a " + kind.keyword() + ".");
            }
        }
    }

    private void unclosed(Token keyword, Token open) {
        error("This " + keyword.text() + " block is never closed: `}` is missing for the `{` opened here.", open.span());
    }

    private Optional<String> documentation(List<String> docs) {
        if (docs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(String.join("\n", docs.stream().map(String::strip).toList()));
    }

}
