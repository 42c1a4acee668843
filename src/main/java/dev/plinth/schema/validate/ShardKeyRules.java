package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks shard keys ({@code @shardKey}, {@code @@shardKey}, PlanetScale): the {@code shardKeys}
 * preview feature is on, at most one per model, naming existing, required, scalar fields.
 * Plinth reads shard keys and ignores them. Source: Prisma docs, "Shard keys"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#shardkey).
 */
final class ShardKeyRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            List<Attribute> fieldKeys = new ArrayList<>();
            for (FieldDeclaration field : model.fields()) {
                field.attribute("shardKey").ifPresent(key -> {
                    fieldKeys.add(key);
                    fieldLevel(context, model, field, key);
                });
            }
            Optional<Attribute> blockKey = model.attribute("shardKey");
            blockKey.ifPresent(key -> blockLevel(context, model, key));
            String prefix = "Error validating model \"" + model.name().text() + "\": ";
            if (fieldKeys.size() > 1) {
                context.error(prefix + "At most one field must be marked as the shard key with the `@shardKey` attribute.",
                        model.span());
            }
            if (!fieldKeys.isEmpty() && blockKey.isPresent()) {
                context.error(prefix + "Each model must have at most one shard key. You can't have `@shardKey` and"
                        + " `@@shardKey` at the same time.", model.span());
            }
        }
    }

    private static void fieldLevel(ValidationContext context, ModelBlock model, FieldDeclaration field, Attribute key) {
        if (!enabled(context, key)) {
            return;
        }
        if (field.type().arity() != TypeReference.Arity.REQUIRED && model.attribute("ignore").isEmpty()) {
            context.error("Error parsing attribute \"@shardKey\": Fields that are marked as shard keys must be required.",
                    key.span());
        }
    }

    private static void blockLevel(ValidationContext context, ModelBlock model, Attribute key) {
        if (!enabled(context, key)) {
            return;
        }
        List<Expression> elements = ArgumentValues.list(key.namedOrFirst("fields"));
        if (elements.isEmpty() && key.namedOrFirst("fields").isPresent()) {
            context.error("Error parsing attribute \"@@shardKey\": The list of fields in a `@@shardKey()` attribute cannot be"
                    + " empty. Please specify at least one field.", key.span());
            return;
        }
        String prefix = "Error validating model \"" + model.name().text() + "\": ";
        List<String> unknown = new ArrayList<>();
        for (Expression element : elements) {
            if (!(element instanceof Expression.ConstantValue c)) {
                context.unexpectedValue("constant", element);
                continue;
            }
            Optional<FieldDeclaration> field = model.field(c.text());
            if (field.isEmpty()) {
                unknown.add(c.text());
            } else if (context.names().models().containsKey(field.get().type().name().text())) {
                context.error(prefix + "The shard key definition refers to the relation field `" + c.text()
                        + "`. Shard key definitions must reference only scalar fields.", key.span());
            } else if (field.get().type().arity() != TypeReference.Arity.REQUIRED && model.attribute("ignore").isEmpty()) {
                context.error(prefix + "The shard key definition refers to the optional field `" + c.text()
                        + "`. Shard key definitions must reference only required fields.", key.span());
            }
        }
        if (!unknown.isEmpty()) {
            context.error(prefix + "The multi field shard key declaration refers to the unknown fields "
                    + String.join(", ", unknown.stream().map(n -> "`" + n + "`").toList()) + ".", key.span());
        }
    }

    private static boolean enabled(ValidationContext context, Attribute key) {
        if (context.previewFeature("shardKeys")) {
            return true;
        }
        context.error("Error parsing attribute \"" + key.display() + "\": Defining shard keys requires enabling the"
                + " `shardKeys` preview feature", key.span());
        return false;
    }
}
