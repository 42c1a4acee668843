package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

/**
 * Rules for {@code view} blocks: no indexes, {@code @@unique} without a database name or field options.
 *
 * <p>Deliberate exceptions: Prisma 6.19 rejects a view with a primary key ("Views cannot have primary
 * keys."); Prisma 5 accepted it and real schemas carry it, so Plinth reports a warning. A view without
 * the {@code views} preview feature is a warning too, since preview features never block Plinth.
 * Source: Prisma docs, "Views" (https://www.prisma.io/docs/orm/prisma-schema/data-model/views).
 */
final class ViewRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock view : context.ast().modelBlocks()) {
            if (view.kind() != ModelBlock.Kind.VIEW) {
                continue;
            }
            if (!context.previewFeature("views")) {
                context.warning("View definitions are only available with the `views` preview feature in Prisma;"
                        + " Plinth reads view \"" + view.name().text() + "\" without it.", view.name().span());
            }
            for (FieldDeclaration field : view.fields()) {
                field.attribute("id").ifPresent(id -> primaryKey(context, view, id));
                field.attribute("unique").flatMap(u -> u.named("map")).ifPresent(map -> context.error(
                        "Error validating: @@unique annotations on views are not backed by unique indexes in the database and"
                                + " cannot specify a mapped database name.", map.span()));
            }
            view.attribute("id").ifPresent(id -> primaryKey(context, view, id));
            for (Attribute attribute : view.attributes()) {
                switch (attribute.name()) {
                    case "index", "fulltext" -> context.error("Error validating: Views cannot have indexes.", attribute.span());
                    case "unique" -> unique(context, attribute);
                    default -> {
                    }
                }
            }
        }
    }

    private static void unique(ValidationContext context, Attribute unique) {
        unique.named("map").ifPresent(map -> context.error("Error validating: @@unique annotations on views are not backed by"
                + " unique indexes in the database and cannot specify a mapped database name.", map.span()));
        for (Expression element : ArgumentValues.list(unique.namedOrFirst("fields"))) {
            if (element instanceof Expression.FunctionCall call && !call.arguments().isEmpty()) {
                context.error("Error parsing attribute \"@@unique\": Scalar fields in @@unique attributes in views cannot have"
                        + " arguments.", unique.span());
                return;
            }
        }
    }

    private static void primaryKey(ValidationContext context, ModelBlock view, Attribute id) {
        context.warning("Views cannot have primary keys. Plinth accepts the `" + id.display() + "` of view \""
                + view.name().text() + "\" as Prisma 5 did; Prisma 6.19 and later reject it.", id.span());
    }
}
