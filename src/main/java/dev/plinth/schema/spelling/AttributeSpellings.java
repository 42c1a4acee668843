package dev.plinth.schema.spelling;

import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.EnumBlock;
import dev.plinth.schema.syntax.Expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data-model spec's attribute spellings, each read as today's with a note:
 * {@code @field("col")} is {@code @map("col")}, {@code @createdAt} is {@code @default(now())} (the server sets
 * the time on insert, as for every {@code @default(now())} DateTime), {@code @pg.numeric(10, 2)} is
 * {@code @db.Decimal(10, 2)} (on a datasource that is not PostgreSQL it is left out: the spec's {@code @pg.}
 * attributes apply to PostgreSQL only), and an enum value's {@code Red = "RED"} is {@code Red @map("RED")}.
 */
final class AttributeSpellings {

    private final SpellingContext context;

    AttributeSpellings(SpellingContext context) {
        this.context = context;
    }

    /**
     * Reads a field's or an alias's attributes in today's spelling.
     *
     * @param attributes the attributes as written
     * @param typeName   the field's type after any alias, for {@code @createdAt}
     * @param edit       true to write the edits for today's text (false inside an alias, whose line is cut)
     * @return the attributes in today's spelling
     */
    List<Attribute> field(List<Attribute> attributes, String typeName, boolean edit) {
        List<Attribute> out = new ArrayList<>(attributes.size());
        for (Attribute attribute : attributes) {
            if (attribute.block()) {
                out.add(attribute);
            } else if (attribute.name().equals("field")) {
                fieldName(attribute, attributes, edit).ifPresent(out::add);
            } else if (attribute.name().equals("createdAt")) {
                createdAt(attribute, attributes, typeName, edit).ifPresent(out::add);
            } else if (PostgresTypeNames.isSpec(attribute) && !context.nativePrefix().equals("pg")) {
                nativeType(attribute, edit).ifPresent(out::add);
            } else {
                out.add(attribute);
            }
        }
        return out;
    }

    private Optional<Attribute> fieldName(Attribute attribute, List<Attribute> all, boolean edit) {
        if (all.stream().anyMatch(a -> a.name().equals("map") && !a.block())) {
            context.error("`@field` and `@map` both name the column; `@field(\"…\")` is the data-model spec's spelling of"
                    + " `@map(\"…\")`: keep one.", attribute.span());
            return Optional.empty();
        }
        Attribute map = new Attribute("map", false, attribute.arguments(), attribute.nameSpan(), attribute.span());
        context.note("`" + context.text(attribute.span()) + "` is the data-model spec's spelling; today's Prisma writes `"
                + Spelled.attribute(map) + "`, which Plinth reads it as.", attribute.span());
        if (edit) {
            context.edits().replace(attribute.nameSpan().startOffset(), attribute.nameSpan().endOffset(), "@map");
        }
        return Optional.of(map);
    }

    private Optional<Attribute> createdAt(Attribute attribute, List<Attribute> all, String typeName, boolean edit) {
        if (!typeName.equals("DateTime")) {
            context.error("`@createdAt` keeps the time a row was created, so it needs a DateTime field, not " + typeName + ".",
                    attribute.span());
            return Optional.empty();
        }
        if (!attribute.arguments().isEmpty()) {
            context.error("`@createdAt` takes no arguments.", attribute.span());
            return Optional.empty();
        }
        if (all.stream().anyMatch(a -> a.name().equals("default") && !a.block())) {
            context.error("`@createdAt` is the data-model spec's spelling of `@default(now())`; the field already has a"
                    + " `@default`: keep one.", attribute.span());
            return Optional.empty();
        }
        Expression now = new Expression.FunctionCall("now", List.of(), attribute.span());
        Attribute todays = new Attribute("default", false, List.of(new Argument(Optional.empty(), now, attribute.span())),
                attribute.nameSpan(), attribute.span());
        context.note("`@createdAt` is the data-model spec's spelling; today's Prisma writes `@default(now())`: Plinth sets"
                + " the time when the row is inserted, and clients cannot set it.", attribute.span());
        if (edit) {
            context.edits().replace(attribute.span().startOffset(), attribute.span().endOffset(), "@default(now())");
        }
        return Optional.of(todays);
    }

    private Optional<Attribute> nativeType(Attribute attribute, boolean edit) {
        String specName = attribute.name().substring(PostgresTypeNames.PREFIX.length());
        Optional<String> prismaName = PostgresTypeNames.prismaName(specName);
        if (prismaName.isEmpty()) {
            context.error("`@pg." + specName + "` is not a PostgreSQL type that Prisma has a native type for; see"
                    + " https://www.prisma.io/docs/orm/reference/prisma-schema-reference#postgresql.", attribute.nameSpan());
            return Optional.empty();
        }
        if (!context.postgres()) {
            context.note("`" + context.text(attribute.span()) + "` is the data-model spec's PostgreSQL type, which applies on"
                    + " PostgreSQL only; on " + context.provider().orElse("this database") + " Plinth leaves it out.",
                    attribute.span());
            if (edit) {
                context.edits().replace(context.edits().blanksBefore(attribute.span().startOffset()), attribute.span().endOffset(), "");
            }
            return Optional.empty();
        }
        Attribute todays = PostgresTypeNames.todays(attribute, context.nativePrefix(), prismaName.get());
        context.note("`" + context.text(attribute.span()) + "` is the data-model spec's spelling; today's Prisma writes `"
                + Spelled.attribute(todays) + "`.", attribute.span());
        if (edit) {
            context.edits().replace(attribute.span().startOffset(), attribute.span().endOffset(), Spelled.attribute(todays));
        }
        return Optional.of(todays);
    }

    /**
     * Reads an enum value's {@code Red = "RED"} (the parser's attribute named {@code =}) as {@code Red @map("RED")}.
     *
     * @param value the enum value as written
     * @return the value in today's spelling
     */
    EnumBlock.EnumValueDeclaration enumValue(EnumBlock.EnumValueDeclaration value) {
        Optional<Attribute> mapped = value.attribute("=");
        if (mapped.isEmpty()) {
            return value;
        }
        Attribute attribute = mapped.get();
        List<Attribute> out = new ArrayList<>();
        for (Attribute a : value.attributes()) {
            if (a != attribute) {
                out.add(a);
            }
        }
        if (value.attribute("map").isPresent()) {
            context.error("`" + context.text(attribute.span()) + "` and `@map` both name the value in the database; `"
                    + value.name().text() + " = \"…\"` is the data-model spec's spelling of `@map(\"…\")`: keep one.", attribute.span());
            return new EnumBlock.EnumValueDeclaration(value.name(), out, value.documentation(), value.span());
        }
        Attribute map = new Attribute("map", false, attribute.arguments(), attribute.nameSpan(), attribute.span());
        out.add(0, map);
        String todays = value.name().text() + " " + Spelled.attribute(map);
        context.note("`" + value.name().text() + " " + context.text(attribute.span()) + "` is the data-model spec's spelling;"
                + " today's Prisma writes `" + todays + "`.", attribute.span());
        context.edits().replace(attribute.span().startOffset(), attribute.span().endOffset(), Spelled.attribute(map));
        return new EnumBlock.EnumValueDeclaration(value.name(), out, value.documentation(), value.span());
    }
}
