package dev.plinth.schema.prisma;

import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.model.Span;
import dev.plinth.schema.spelling.SpecSpellings;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Block;
import dev.plinth.schema.syntax.ConfigBlock;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.Parser;
import dev.plinth.schema.syntax.PlinthExtensions;
import dev.plinth.schema.syntax.SchemaAst;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a Prisma-valid copy of a Plinth schema, so that Prisma Client (or any Prisma tool) can run beside
 * Plinth on the same database (docs/schema.md, "Prisma Client beside Plinth"). It works on the source text:
 * comments, blank lines, formatting and everything Prisma knows stay as written, and only these change:
 * <ul>
 *   <li>every Plinth attribute ({@link PlinthExtensions}) is cut out, with the space before it; one that
 *       stood alone on its line takes the line with it;</li>
 *   <li>a {@code @default(…)} whose function is Plinth's ({@code auth().claim}, {@code prefixed("rm")}) is cut
 *       out: Prisma Client then expects the value from the caller, which is what it is for a client beside
 *       Plinth;</li>
 *   <li>{@code generator plinth} is left out unless asked for: {@code prisma generate} runs every generator
 *       and would try to start a program named by its {@code provider};</li>
 *   <li>where the resolved schema's physical name (Plinth's naming settings) differs from the schema's name
 *       and no {@code @map}/{@code @@map} is written, one is added, so Prisma reads and writes the same
 *       tables and columns (and derives the same index and constraint names from them);</li>
 *   <li>outside MongoDB, where Prisma has no composite types, a composite type's block ({@code type} or
 *       {@code embed}) is left out and a field of that type is written as {@code Json} ({@code Json?} when
 *       optional; a list of documents is one JSON array, so {@code Json} too) with a comment naming the type,
 *       which is the column Plinth stores it in (docs/schema.md, "Composite types"); an inline
 *       {@code embed { … }} is replaced the same way. On MongoDB the spec's {@code embed Name} becomes
 *       {@code type Name}.</li>
 * </ul>
 * The approach follows ZenStack, which generates a plain {@code schema.prisma} from its own language
 * (its {@code @core/prisma} plugin, https://zenstack.dev/docs/reference/plugins/prisma).
 */
public final class PrismaSchemaCopy {

    /** What kind of change the copy made. */
    public enum ChangeKind {
        /** A Plinth extension left out. */
        LEFT_OUT,
        /** A {@code @map} or {@code @@map} added for a physical name. */
        ADDED,
        /** A physical name Prisma's language cannot express (an implicit many-to-many table): Prisma will differ. */
        NOT_EXPRESSIBLE
    }

    /**
     * What the copy changed, for the command's summary.
     *
     * @param kind  what kind of change
     * @param what  e.g. {@code left out @@allow} or {@code added @map("display_name")}
     * @param where the element it concerns in the original
     */
    public record Change(ChangeKind kind, String what, Span where) {
    }

    /**
     * The copy.
     *
     * @param text    the Prisma schema text
     * @param changes every change, in the source order of the elements they concern (a model before its fields)
     */
    public record Result(String text, List<Change> changes) {
        public Result {
            changes = List.copyOf(changes);
        }
    }

    private final SchemaAst ast;
    private final String source;
    private final Optional<Schema> schema;
    private final Optional<String> provider;
    private final SourceEdits edits;
    private final List<Change> changes = new ArrayList<>();

    private PrismaSchemaCopy(SchemaAst ast, String source, Optional<Schema> schema) {
        this.ast = ast;
        this.source = source;
        this.schema = schema;
        this.provider = schema.flatMap(Schema::provider).or(() -> provider(ast));
        this.edits = new SourceEdits(source);
    }

    /**
     * Writes the copy.
     *
     * @param ast           the parsed schema
     * @param source        the text it was parsed from (the spans' offsets refer to it)
     * @param schema        the resolved schema, whose physical names become {@code @map}/{@code @@map}; empty
     *                      to strip extensions only
     * @param keepGenerator true to keep the {@code generator plinth} block
     * @return the copy and what changed
     */
    public static Result write(SchemaAst ast, String source, Optional<Schema> schema, boolean keepGenerator) {
        PrismaSchemaCopy copy = new PrismaSchemaCopy(ast, source, schema);
        for (Block block : ast.blocks()) {
            switch (block) {
                case ConfigBlock config -> {
                    if (!keepGenerator && config.kind() == ConfigBlock.Kind.GENERATOR
                            && config.name().text().equals(PlinthSettings.GENERATOR)) {
                        copy.cutBlock(config);
                    }
                }
                case ModelBlock model when model.kind() == ModelBlock.Kind.TYPE -> copy.compositeType(model);
                case ModelBlock model -> copy.model(model);
                case EnumBlock enumBlock -> copy.enumBlock(enumBlock);
                case dev.plinth.schema.syntax.TypeAliasBlock alias -> {
                    // never here: the command hands over the text in today's spelling (SpecSpellings.todaysText)
                }
            }
        }
        schema.ifPresent(copy::joinTables);
        copy.changes.sort(Comparator.comparingInt(c -> c.where().startOffset()));
        return new Result(copy.edits.apply(), copy.changes);
    }

    /**
     * Writes the copy of a schema file's text: the data-model spec's spellings are first written as today's
     * Prisma spells them ({@link SpecSpellings}: aliases expanded, {@code @map} for {@code @field}, implicit foreign
     * keys written out, …), then Plinth's extensions are left out as by {@link #write}.
     *
     * @param file          the file name used in spans
     * @param source        the schema text
     * @param schema        the resolved schema, as for {@link #write}
     * @param keepGenerator true to keep the {@code generator plinth} block
     * @return the copy and what changed (spans of changes refer to the text in today's spelling)
     */
    public static Result writeText(String file, String source, Optional<Schema> schema, boolean keepGenerator) {
        String todays = SpecSpellings.lower(Parser.parse(file, source, new ArrayList<>()), source).todaysText();
        return write(Parser.parse(file, todays, new ArrayList<>()), todays, schema, keepGenerator);
    }

    /** True when Prisma's connector has composite types (MongoDB only). */
    private boolean compositesInPrisma() {
        return provider.map(p -> p.equals("mongodb")).orElse(false);
    }

    /** A type block: left out outside MongoDB (its fields become Json), kept there with Prisma's keyword. */
    private void compositeType(ModelBlock block) {
        boolean inline = block.embedKeyword().map(k -> block.name().span().startOffset() < k.startOffset()).orElse(false);
        if (inline) {
            return; // replaced with its field's type
        }
        if (compositesInPrisma()) {
            block.embedKeyword().ifPresent(k -> {
                edits.cut(k.startOffset(), k.endOffset());
                edits.insert(k.startOffset(), "type");
                changes.add(new Change(ChangeKind.ADDED, "wrote embed " + block.name().text() + " as type "
                        + block.name().text() + ", today's spelling", k));
            });
            // validators, transforms and @@validate inside a type are Plinth's, as on a model
            for (FieldDeclaration field : block.fields()) {
                field.attributes().stream().filter(a -> PlinthExtensions.plinthOnly(a, provider))
                        .forEach(a -> cut(a, "left out " + a.display()));
            }
            block.attributes().stream().filter(a -> PlinthExtensions.plinthOnly(a, provider))
                    .forEach(a -> cut(a, "left out " + a.display()));
            return;
        }
        int start = Lines.start(source, block.span().startOffset());
        int end = Lines.next(source, block.span().endOffset());
        boolean blankAbove = start == 0 || source.substring(Lines.start(source, start - 1), start).isBlank();
        if (blankAbove && end < source.length() && source.substring(end, Lines.next(source, end)).isBlank()) {
            end = Lines.next(source, end);
        }
        edits.cut(start, end);
        changes.add(new Change(ChangeKind.LEFT_OUT, "left out composite type " + block.name().text()
                + " (Prisma supports composite types only on MongoDB; its fields are written as Json)", block.span()));
    }

    /** A model's field of a composite type, outside MongoDB: {@code Json} with a comment naming the type. */
    private void compositeField(FieldDeclaration field) {
        dev.plinth.schema.syntax.TypeReference type = field.type();
        String name = type.name().text();
        boolean inline = !source.startsWith(name, type.span().startOffset());
        String was = (inline ? "inline embed " + name : name) + switch (type.arity()) {
            case OPTIONAL -> "?";
            case LIST -> "[]";
            case REQUIRED -> "";
        };
        edits.cut(type.span().startOffset(), type.span().endOffset());
        edits.insert(type.span().startOffset(), type.arity() == dev.plinth.schema.syntax.TypeReference.Arity.OPTIONAL ? "Json?" : "Json");
        edits.insert(field.span().endOffset(), " // Plinth: composite type " + was + ", stored as JSON");
        changes.add(new Change(ChangeKind.ADDED, "wrote " + field.name().text() + " " + was + " as Json (Prisma supports"
                + " composite types only on MongoDB)", field.span()));
    }

    private void model(ModelBlock block) {
        Optional<Model> model = schema.flatMap(s -> s.model(block.name().text()));
        Set<String> types = ast.modelBlocks().stream().filter(b -> b.kind() == ModelBlock.Kind.TYPE)
                .map(b -> b.name().text()).collect(java.util.stream.Collectors.toSet());
        for (FieldDeclaration field : block.fields()) {
            for (Attribute attribute : field.attributes()) {
                if (PlinthExtensions.plinthOnly(attribute, provider)) {
                    cut(attribute, "left out " + attribute.display());
                } else if (attribute.name().equals("default") && plinthDefault(attribute)) {
                    cut(attribute, "left out @default(" + ((Expression.FunctionCall) attribute.namedOrFirst("value")
                            .orElseThrow().value()).name() + "(…)), Plinth's default");
                }
            }
            model.flatMap(m -> m.field(field.name().text()))
                    .filter(f -> f.isColumn() && !f.columnName().equals(f.name()) && field.attribute("map").isEmpty())
                    .ifPresent(f -> added(field.span().endOffset(), " @map(" + quoted(f.columnName()) + ")", field.span()));
            if (!compositesInPrisma() && types.contains(field.type().name().text())) {
                compositeField(field); // after any @map: its comment ends the line
            }
        }
        long kept = block.attributes().stream().filter(a -> !PlinthExtensions.plinthOnly(a, provider)).count();
        block.attributes().stream().filter(a -> PlinthExtensions.plinthOnly(a, provider))
                .forEach(a -> cut(a, "left out " + a.display()));
        model.filter(m -> !m.tableName().equals(m.name()) && block.attribute("map").isEmpty())
                .ifPresent(m -> addBlockAttribute(block.span(), "@@map(" + quoted(m.tableName()) + ")", kept == 0,
                        Lines.indentation(source, block.fields().isEmpty() ? block.span().startOffset()
                                : block.fields().getFirst().span().startOffset())));
    }

    private void enumBlock(EnumBlock block) {
        Optional<EnumType> type = schema.flatMap(s -> s.enumType(block.name().text()));
        for (EnumBlock.EnumValueDeclaration value : block.values()) {
            value.attributes().stream().filter(PlinthExtensions::plinthOnlyOnEnum)
                    .forEach(a -> cut(a, "left out " + a.display()));
            type.flatMap(t -> t.value(value.name().text()))
                    .filter(v -> !v.databaseName().equals(v.name()) && value.attribute("map").isEmpty())
                    .ifPresent(v -> added(value.span().endOffset(), " @map(" + quoted(v.databaseName()) + ")", value.span()));
        }
        long kept = block.attributes().stream().filter(a -> !PlinthExtensions.plinthOnlyOnEnum(a)).count();
        block.attributes().stream().filter(PlinthExtensions::plinthOnlyOnEnum).forEach(a -> cut(a, "left out " + a.display()));
        type.filter(t -> !t.databaseName().equals(t.name()) && block.attribute("map").isEmpty())
                .ifPresent(t -> addBlockAttribute(block.span(), "@@map(" + quoted(t.databaseName()) + ")", kept == 0,
                        Lines.indentation(source, block.values().isEmpty() ? block.span().startOffset()
                                : block.values().getFirst().span().startOffset())));
    }

    /**
     * Prisma names the table of an implicit many-to-many relation {@code _{relation}} and has no attribute to
     * map it elsewhere; a physical name that differs is reported, never silently lost.
     */
    private void joinTables(Schema resolved) {
        for (JoinTable table : resolved.joinTables()) {
            if (!table.tableName().equals("_" + table.relationName())) {
                Span where = resolved.model(table.modelA()).flatMap(m -> m.field(table.fieldA())).map(Field::span)
                        .orElse(Span.NONE);
                changes.add(new Change(ChangeKind.NOT_EXPRESSIBLE, "Plinth stores the many-to-many relation "
                        + table.relationName() + " in table " + table.tableName() + ", which Prisma calls _"
                        + table.relationName() + " and cannot map: give the relation an explicit join model", where));
            }
        }
    }

    private static boolean plinthDefault(Attribute attribute) {
        return attribute.namedOrFirst("value").map(Argument::value).map(PlinthExtensions::plinthDefault).orElse(false);
    }

    /**
     * Cuts an attribute out: with the spaces before it when it follows something on its line, with its whole
     * line when it stood alone, and with the spaces after it when a comment follows it on its line.
     */
    private void cut(Attribute attribute, String what) {
        int start = attribute.span().startOffset();
        int end = attribute.span().endOffset();
        int before = start;
        while (before > 0 && isBlank(source.charAt(before - 1))) {
            before--;
        }
        int after = end;
        while (after < source.length() && isBlank(source.charAt(after))) {
            after++;
        }
        boolean lineStart = before == Lines.start(source, start);
        boolean lineEnd = after == Lines.end(source, end);
        if (lineStart && lineEnd) {
            edits.cut(before, Lines.next(source, end));
        } else if (lineStart) {
            edits.cut(start, after); // a comment follows: it stays where it was
        } else {
            edits.cut(before, end);
        }
        changes.add(new Change(ChangeKind.LEFT_OUT, what, attribute.span()));
    }

    /** Cuts a whole block and its line, and one blank line after it when a blank line or the file's start is above. */
    private void cutBlock(ConfigBlock block) {
        int start = Lines.start(source, block.span().startOffset());
        int end = Lines.next(source, block.span().endOffset());
        boolean blankAbove = start == 0 || source.substring(Lines.start(source, start - 1), start).isBlank();
        if (blankAbove && end < source.length() && source.substring(end, Lines.next(source, end)).isBlank()) {
            end = Lines.next(source, end);
        }
        edits.cut(start, end);
        changes.add(new Change(ChangeKind.LEFT_OUT, "left out generator " + block.name().text(), block.span()));
    }

    private void added(int at, String text, Span where) {
        edits.insert(at, text);
        changes.add(new Change(ChangeKind.ADDED, "added" + text, where));
    }

    /** Adds a block attribute on its own line before the block's closing brace, after a blank line if it is the first. */
    private void addBlockAttribute(Span block, String attribute, boolean first, String indentation) {
        int brace = block.endOffset() - 1;
        int lineStart = Lines.start(source, brace);
        String indent = indentation.isEmpty() ? "  " : indentation;
        String line = (first ? "\n" : "") + indent + attribute + "\n";
        if (source.substring(lineStart, brace).isBlank()) {
            edits.insert(lineStart, line);
        } else {
            edits.insert(brace, "\n" + line);
        }
        changes.add(new Change(ChangeKind.ADDED, "added " + attribute, block));
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /** A Prisma string literal of a name: quotes and backslashes escaped. */
    private static String quoted(String name) {
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The datasource's provider as written, for a schema that was parsed but not resolved. */
    private static Optional<String> provider(SchemaAst ast) {
        return ast.configBlocks().stream().filter(b -> b.kind() == ConfigBlock.Kind.DATASOURCE).findFirst()
                .flatMap(b -> b.property("provider"))
                .map(ConfigBlock.ConfigProperty::value)
                .filter(Expression.StringValue.class::isInstance)
                .map(v -> ((Expression.StringValue) v).value());
    }
}
