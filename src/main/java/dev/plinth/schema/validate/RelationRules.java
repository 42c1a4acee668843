package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.RelationResolver;
import dev.plinth.schema.resolve.RelationResolver.RelationField;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks relations: both sides exist; relations between the same models are named apart; exactly
 * the right side declares {@code fields}/{@code references} for the relation's shape; many-to-many
 * sides have a single {@code @id} and are not views. The side holding the foreign key is checked by
 * {@link ForeignKeyRules}.
 * Source: Prisma docs, "Relations" (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations)
 * and "Referential actions" (…/relations/referential-actions).
 */
final class RelationRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        RelationResolver resolver = new RelationResolver(context.names(), ConstraintNames.forProvider(context.provider()));
        List<RelationField> all = resolver.relationFields();
        Map<String, List<RelationField>> index = RelationResolver.index(all);
        for (RelationField field : all) {
            if (ambiguous(context, index, field)) {
                continue;
            }
            ignoredTarget(context, field);
            Optional<RelationField> back = RelationResolver.backField(index, field);
            if (back.isEmpty()) {
                context.error(fieldPrefix(field) + "The relation field `" + name(field) + "` on " + kindOf(field.model()) + " `"
                        + modelName(field) + "` is missing an opposite relation field on the model `" + field.target()
                        + "`. Either run `prisma format` or add it manually.", field.field().span());
                continue;
            }
            shape(context, field, back.get());
            if (!field.fields().isEmpty() || field.relation().flatMap(a -> a.named("references")).isPresent()) {
                ForeignKeyRules.check(context, field, back.get());
            }
        }
    }

    /** A relation to an {@code @@ignore}d model must be {@code @ignore}d too (Prisma's {@code ignored_related_model}). */
    private static void ignoredTarget(ValidationContext context, RelationField field) {
        ModelBlock target = context.names().models().get(field.target());
        if (target.attribute("ignore").isPresent() && field.field().attribute("ignore").isEmpty()
                && field.model().attribute("ignore").isEmpty()) {
            context.error("Error parsing attribute \"@ignore\": The relation field `" + name(field) + "` on Model `"
                    + modelName(field) + "` must specify the `@ignore` attribute, because the model " + field.target()
                    + " it is pointing to is marked ignored.", field.field().span());
        }
    }

    private static boolean ambiguous(ValidationContext context, Map<String, List<RelationField>> index, RelationField field) {
        List<RelationField> same = index.get(RelationResolver.key(modelName(field), field.target(), field.name())).stream()
                .filter(o -> o.model() == field.model()).toList();
        int allowed = field.target().equals(modelName(field)) ? 2 : 1;
        if (same.size() <= allowed) {
            return false;
        }
        RelationField other = same.get(0) == field ? same.get(1) : same.get(0);
        context.error("Error validating model \"" + modelName(field) + "\": Ambiguous relation detected. The fields `"
                + other.field().name().text() + "` and `" + name(field) + "` in model `" + modelName(field)
                + "` both refer to `" + field.target() + "`. Please provide different relation names for them by adding"
                + " `@relation(<name>).", field.field().span());
        return true;
    }

    private static void shape(ValidationContext context, RelationField field, RelationField back) {
        boolean list = field.list();
        boolean backList = back.list();
        if (list && backList) {
            manyToMany(context, field);
            return;
        }
        if (list) {
            if (field.relation().flatMap(a -> a.named("fields")).isPresent()
                    || field.relation().flatMap(a -> a.named("references")).isPresent()) {
                context.error(fieldPrefix(field) + "The relation field `" + name(field) + "` on Model `" + modelName(field)
                        + "` must not specify the `fields` or `references` argument in the @relation attribute. You provided"
                        + " fields: " + String.join(", ", field.fields()) + ".", field.field().span());
            }
            return;
        }
        boolean holds = field.relation().flatMap(a -> a.named("fields")).isPresent();
        boolean backHolds = back.relation().flatMap(a -> a.named("fields")).isPresent();
        if (backList && !holds) {
            context.error(fieldPrefix(field) + "The relation field `" + name(field) + "` on Model `" + modelName(field)
                    + "` must specify the `fields` argument in the @relation attribute. You can run `prisma format` to fix"
                    + " this automatically.", field.field().span());
            return;
        }
        if (!backList && !holds && !backHolds && isFirst(field, back)) {
            context.error(fieldPrefix(field) + "The relation fields `" + name(field) + "` on Model `" + modelName(field)
                    + "` and `" + name(back) + "` on Model `" + modelName(back) + "` do not provide the `fields` argument in"
                    + " the @relation attribute. You have to provide it on one of the two fields.", field.field().span());
        }
        if (!backList && holds && backHolds && isFirst(field, back)) {
            context.error(fieldPrefix(field) + "The relation fields `" + name(field) + "` on Model `" + modelName(field)
                    + "` and `" + name(back) + "` on Model `" + modelName(back) + "` both provide the `fields` argument in"
                    + " the @relation attribute. You have to provide it only on one of the two fields.", field.field().span());
        }
        if (!backList && !holds && backHolds && field.field().type().arity() == TypeReference.Arity.REQUIRED) {
            context.error("Error parsing attribute \"@relation\": The relation field `" + name(field) + "` on Model `"
                    + modelName(field) + "` is required. This is not valid because it's not possible to enforce this"
                    + " constraint on the database level. Please change the field type from `" + field.target() + "` to `"
                    + field.target() + "?` to fix this.", field.field().span());
        }
    }

    private static boolean isFirst(RelationField field, RelationField back) {
        return field.field().span().startOffset() < back.field().span().startOffset() || field.model() != back.model()
                && field.model().span().startOffset() < back.model().span().startOffset();
    }

    private static void manyToMany(ValidationContext context, RelationField field) {
        ModelBlock target = context.names().models().get(field.target());
        boolean viewInvolved = field.model().kind() == ModelBlock.Kind.VIEW || target.kind() == ModelBlock.Kind.VIEW;
        if (viewInvolved) {
            context.error("Error validating: Implicit many-to-many relations are not supported for views.", field.field().span());
        }
        boolean singleId = target.fields().stream().anyMatch(f -> f.attribute("id").isPresent());
        if (!singleId) {
            String kind = viewInvolved ? "view" : "model";
            context.error("Error validating field `" + name(field) + "` in " + kind + " `" + modelName(field) + "`: The relation field `"
                    + name(field) + "` on " + kind + " `" + modelName(field) + "` references `" + field.target()
                    + "` which does not have an `@id` field. Models without `@id` cannot be part of a many to many relation."
                    + " Use an explicit intermediate Model to represent this relationship.", field.field().span());
        }
    }

    /** Returns true when the fields are exactly a model's id, compound id or a unique constraint. */
    static boolean isUniqueCriterion(ModelBlock model, List<String> fields) {
        Set<String> wanted = new HashSet<>(fields);
        if (wanted.isEmpty()) {
            return false;
        }
        List<Set<String>> criteria = new ArrayList<>();
        for (FieldDeclaration f : model.fields()) {
            if (f.attribute("id").isPresent() || f.attribute("unique").isPresent()) {
                criteria.add(Set.of(f.name().text()));
            }
        }
        for (Attribute attribute : model.attributes()) {
            if (attribute.name().equals("id") || attribute.name().equals("unique")) {
                criteria.add(new HashSet<>(ArgumentValues.fieldNames(attribute.namedOrFirst("fields"))));
            }
        }
        return criteria.contains(wanted);
    }

    static String fieldPrefix(RelationField field) {
        return "Error validating field `" + name(field) + "` in " + kindOf(field.model()) + " `" + modelName(field) + "`: ";
    }

    private static String kindOf(ModelBlock model) {
        return model.kind() == ModelBlock.Kind.VIEW ? "view" : "model";
    }

    static String name(RelationField field) {
        return field.field().name().text();
    }

    static String modelName(RelationField field) {
        return field.model().name().text();
    }
}
