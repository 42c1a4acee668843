package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.List;
import java.util.Optional;

/**
 * Checks a model's identity and field-level attributes: at most one {@code @id}, not both {@code @id}
 * and {@code @@id}; ids required; a unique criterion on every model that is not {@code @@ignore}d;
 * {@code @updatedAt} only on {@code DateTime}; {@code @map} not on relation fields.
 * Source: Prisma schema reference, "@id", "@@id", "@updatedAt"
 * (https://www.prisma.io/docs/orm/reference/prisma-schema-reference).
 */
final class ModelRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            for (FieldDeclaration field : model.fields()) {
                fieldAttributes(context, field);
            }
            identity(context, model);
        }
    }

    private static void fieldAttributes(ValidationContext context, FieldDeclaration field) {
        boolean relation = context.names().models().containsKey(field.type().name().text());
        field.attribute("id").ifPresent(id -> {
            if (field.type().arity() != TypeReference.Arity.REQUIRED) {
                context.error("Error parsing attribute \"@id\": Fields that are marked as id must be required.", id.span());
            }
        });
        field.attribute("updatedAt").ifPresent(updatedAt -> {
            if (!field.type().name().text().equals("DateTime")) {
                context.error("Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt must be of type DateTime.",
                        updatedAt.span());
            } else if (field.type().arity() == TypeReference.Arity.LIST) {
                context.error("Error parsing attribute \"@updatedAt\": Fields that are marked with @updatedAt cannot be lists.",
                        updatedAt.span());
            }
        });
        if (relation) {
            field.attribute("map").ifPresent(map -> context.error(
                    "Error parsing attribute \"@map\": The attribute `@map` cannot be used on relation fields.", map.span()));
            field.attribute("default").ifPresent(d -> context.error(
                    "Error parsing attribute \"@default\": Cannot set a default value on a relation field.", d.span()));
            field.attribute("id").ifPresent(d -> context.error(
                    "Error parsing attribute \"@id\": The attribute `@id` cannot be used on relation fields.", d.span()));
            field.attribute("unique").ifPresent(d -> context.error(
                    "Error parsing attribute \"@unique\": The attribute `@unique` cannot be used on relation fields.", d.span()));
        }
    }

    private static void identity(ValidationContext context, ModelBlock model) {
        String prefix = "Error validating model \"" + model.name().text() + "\": ";
        List<FieldDeclaration> ids = model.fields().stream().filter(f -> f.attribute("id").isPresent()).toList();
        Optional<Attribute> compoundId = model.attribute("id");
        if (ids.size() > 1) {
            context.error(prefix + "At most one field must be marked as the id field with the `@id` attribute.", model.span());
        }
        if (!ids.isEmpty() && compoundId.isPresent()) {
            context.error(prefix + "Each model must have at most one id criteria. You can't have `@id` and `@@id` at the same time.",
                    model.span());
        }
        if (model.kind() != ModelBlock.Kind.MODEL || model.attribute("ignore").isPresent()) {
            return;
        }
        if (ids.isEmpty() && compoundId.isEmpty() && !hasRequiredUnique(context, model)) {
            List<String> loose = looseCriteria(model);
            context.error(prefix + "Each model must have at least one unique criteria that has only required fields."
                    + " Either mark a single field with `@id`, `@unique` or add a multi field criterion with `@@id([])`"
                    + " or `@@unique([])` to the model." + (loose.isEmpty() ? "" : " The following unique criterias were"
                    + " not considered as they contain fields that are not required:\n" + String.join("\n", loose)),
                    model.span());
        }
        compoundId.ifPresent(id -> compoundIdNames(context, model, id, prefix));
    }

    /** {@code @@id([])} names no field; {@code @@id([a, b])} clashes with a field named {@code a_b} unless named. */
    private static void compoundIdNames(ValidationContext context, ModelBlock model, Attribute id, String prefix) {
        List<String> fields = ArgumentValues.fieldNames(id.namedOrFirst("fields"));
        if (fields.isEmpty() && id.namedOrFirst("fields").isPresent()) {
            context.error("Error parsing attribute \"@@id\": The list of fields in an `@@id()` attribute cannot be empty."
                    + " Please specify at least one field.", id.span());
            return;
        }
        String clientName = String.join("_", fields);
        if (fields.size() > 1 && id.named("name").isEmpty() && model.field(clientName).isPresent()) {
            context.error(prefix + "The field `" + clientName + "` clashes with the `@@id` attribute's name. Please resolve"
                    + " the conflict by providing a custom id name: `@@id([...], name: \"custom_name\")`", id.span());
        }
    }

    private static List<String> looseCriteria(ModelBlock model) {
        List<String> loose = new java.util.ArrayList<>();
        for (FieldDeclaration field : model.fields()) {
            if (field.attribute("unique").isPresent()) {
                loose.add("- " + field.name().text());
            }
        }
        for (Attribute unique : model.attributes("unique")) {
            loose.add("- " + String.join(", ", ArgumentValues.fieldNames(unique.namedOrFirst("fields"))));
        }
        return loose;
    }

    private static boolean hasRequiredUnique(ValidationContext context, ModelBlock model) {
        for (FieldDeclaration field : model.fields()) {
            if (field.attribute("unique").isPresent() && field.type().arity() == TypeReference.Arity.REQUIRED
                    && field.type().unsupported().isEmpty() && field.attribute("ignore").isEmpty()) {
                return true;
            }
        }
        for (Attribute unique : model.attributes("unique")) {
            List<String> names = ArgumentValues.fieldNames(unique.namedOrFirst("fields"));
            boolean allRequired = !names.isEmpty() && names.stream().allMatch(n -> model.field(n)
                    .map(f -> f.type().arity() == TypeReference.Arity.REQUIRED && f.type().unsupported().isEmpty()
                            && f.attribute("ignore").isEmpty())
                    .orElse(false));
            if (allRequired) {
                return true;
            }
        }
        return false;
    }
}
