package dev.plinth.schema.spelling;

import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Block;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.SchemaAst;
import dev.plinth.schema.syntax.TypeAliasBlock;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the spellings of the Prisma data-model spec (an early version of the language) as today's Prisma
 * spells them, between parsing and validating (docs/schema.md, "The data-model spec's spellings"): type aliases
 * ({@link TypeAliases}), {@code @field}, {@code @createdAt}, {@code @pg.…} native types and enum values
 * {@code Red = "RED"} ({@link AttributeSpellings}), and to-one relations without a foreign key
 * ({@link ImplicitForeignKeys}). Each is accepted with a note naming today's spelling. The validator, the resolver
 * and everything after them see only today's spelling; {@code plinth prisma-schema} starts from the text rewritten
 * in it ({@link Lowered#todaysText()}). A schema without any of them comes back as it was.
 * Source of the spellings: the Prisma data-model spec (https://github.com/prisma/specs/tree/master/schema).
 */
public final class SpecSpellings {

    /**
     * A schema read in today's spelling.
     *
     * @param ast         the syntax tree in today's spelling
     * @param diagnostics a note for each spelling read, and errors for spellings that cannot be read
     * @param todaysText  the source rewritten in today's spelling (the source itself when nothing was rewritten)
     */
    public record Lowered(SchemaAst ast, List<Diagnostic> diagnostics, String todaysText) {
        public Lowered {
            diagnostics = List.copyOf(diagnostics);
        }
    }

    private SpecSpellings() {
    }

    /**
     * Parses schema text and reads it in today's spelling: what every reader of a schema file calls.
     *
     * @param file        the file name used in spans
     * @param text        the schema text
     * @param diagnostics receives syntax errors, then the notes and errors of the spellings
     * @return the tree in today's spelling
     */
    public static SchemaAst read(String file, String text, List<Diagnostic> diagnostics) {
        Lowered lowered = lower(Parser.parse(file, text, diagnostics), text);
        diagnostics.addAll(lowered.diagnostics());
        return lowered.ast();
    }

    /**
     * Reads a parsed tree in today's spelling.
     *
     * @param ast    the tree as parsed
     * @param source the text it was parsed from
     * @return the tree, the notes and the rewritten text
     */
    public static Lowered lower(SchemaAst ast, String source) {
        SpellingContext context = new SpellingContext(ast, source);
        AttributeSpellings spellings = new AttributeSpellings(context);
        TypeAliases aliases = new TypeAliases(ast, context, spellings);
        List<Block> blocks = new ArrayList<>(ast.blocks().size());
        for (Block block : ast.blocks()) {
            switch (block) {
                case TypeAliasBlock alias -> {
                    // expanded into its fields
                }
                case ModelBlock model -> blocks.add(model(model, aliases, spellings));
                case EnumBlock enumBlock -> blocks.add(new EnumBlock(enumBlock.name(),
                        enumBlock.values().stream().map(spellings::enumValue).toList(), enumBlock.attributes(),
                        enumBlock.documentation(), enumBlock.span()));
                default -> blocks.add(block);
            }
        }
        blocks = new ImplicitForeignKeys(context).apply(blocks);
        String todays = context.edits().isEmpty() ? source : context.edits().apply();
        return new Lowered(new SchemaAst(ast.file(), blocks), context.diagnostics(), todays);
    }

    private static ModelBlock model(ModelBlock model, TypeAliases aliases, AttributeSpellings spellings) {
        List<FieldDeclaration> fields = new ArrayList<>(model.fields().size());
        for (FieldDeclaration written : model.fields()) {
            FieldDeclaration field = aliases.of(written).map(a -> aliases.expand(written, a)).orElse(written);
            List<Attribute> attributes = spellings.field(field.attributes(), field.type().name().text(), true);
            fields.add(attributes.equals(field.attributes()) ? field
                    : new FieldDeclaration(field.name(), field.type(), attributes, field.documentation(), field.span()));
        }
        return new ModelBlock(model.kind(), model.name(), fields, model.attributes(), model.documentation(), model.span(), model.embedKeyword());
    }
}
