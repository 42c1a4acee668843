package dev.plinth.schema.validate;

import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

/**
 * Rules for {@code view} blocks.
 *
 * <p>Deliberate exception: Prisma 6.19 rejects a view with a primary key ("Views cannot have primary
 * keys."); Prisma 5 accepted it and real schemas carry it, so Plinth reports it as a warning.
 */
final class ViewRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock view : context.ast().modelBlocks()) {
            if (view.kind() != ModelBlock.Kind.VIEW) {
                continue;
            }
            for (FieldDeclaration field : view.fields()) {
                field.attribute("id").ifPresent(id -> context.warning(
                        "Views cannot have primary keys. Plinth accepts the `@id` of view \"" + view.name().text()
                                + "\" as Prisma 5 did; Prisma 6.19 and later reject it.", id.span()));
            }
            view.attribute("id").ifPresent(id -> context.warning(
                    "Views cannot have primary keys. Plinth accepts the `@@id` of view \"" + view.name().text()
                            + "\" as Prisma 5 did; Prisma 6.19 and later reject it.", id.span()));
        }
    }
}
