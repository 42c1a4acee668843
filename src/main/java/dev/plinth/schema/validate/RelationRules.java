package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.RelationResolver;
import dev.plinth.schema.resolve.RelationResolver.RelationField;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks relations: both sides exist; relations between the same models are named apart; the side
 * holding the foreign key names existing scalar fields ({@code fields:}) and existing, unique
 * referenced fields ({@code references:}) of matching types and number; one-to-one keys are unique;
 * many-to-many sides have a single {@code @id}; referential actions are valid for the database.
 * Source: Prisma docs, "Relations" (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations)
 * and "Referential actions" (…/relations/referential-actions).
 */
final class RelationRules implements Rule {

    private static final List<String> ACTIONS = List.of("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault");

    @Override
    public void check(ValidationContext context) {
        RelationResolver resolver = new RelationResolver(context.names(), ConstraintNames.forProvider(context.provider()));
        List<RelationField> all = resolver.relationFields();
        for (RelationField field : all) {
            if (ambiguous(context, all, field)) {
                continue;
            }
            Optional<RelationField> back = RelationResolver.backField(all, field);
            if (back.isEmpty()) {
                context.error(fieldPrefix(field) + "The relation field `" + name(field) + "` on " + kindOf(field.model()) + " `"
                        + modelName(field) + "` is missing an opposite relation field on the model `" + field.target()
                        + "`. Either run `prisma format` or add it manually.", field.field().span());
                continue;
            }
            shape(context, field, back.get());
            if (!field.fields().isEmpty() || field.relation().flatMap(a -> a.named("references")).isPresent()) {
                foreignKey(context, field, back.get());
            }
        }
    }

    private static boolean ambiguous(ValidationContext context, List<RelationField> all, RelationField field) {
        List<RelationField> same = all.stream()
                .filter(o -> o.model() == field.model() && o.target().equals(field.target()) && o.name().equals(field.name()))
                .toList();
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

    private static void foreignKey(ValidationContext context, RelationField field, RelationField back) {
        Attribute relation = field.relation().orElseThrow();
        String prefix = "Error parsing attribute \"@relation\": ";
        ModelBlock target = context.names().models().get(field.target());
        fieldList(context, relation, "fields");
        fieldList(context, relation, "references");
        List<String> fields = field.fields();
        List<String> references = field.references();
        if (relation.named("references").isEmpty()) {
            context.error(prefix + "The relation field `" + name(field) + "` on Model `" + modelName(field)
                    + "` must specify the `references` argument in the @relation attribute.", relation.span());
            return;
        }
        if (relation.named("fields").isEmpty()) {
            context.error(prefix + "The relation field `" + name(field) + "` on Model `" + modelName(field)
                    + "` must specify the `fields` argument in the @relation attribute.", relation.span());
            return;
        }
        List<String> missing = fields.stream().filter(f -> field.model().field(f).isEmpty()).toList();
        if (!missing.isEmpty()) {
            context.error("Error validating: The argument fields must refer only to existing fields. The following fields do"
                    + " not exist in this model: " + String.join(", ", missing), relation.span());
            return;
        }
        List<String> relationFields = fields.stream()
                .filter(f -> context.names().models().containsKey(field.model().field(f).orElseThrow().type().name().text())).toList();
        if (!relationFields.isEmpty()) {
            context.error("Error validating: The argument fields must refer only to scalar fields. But it is referencing the"
                    + " following relation fields: " + String.join(", ", relationFields), relation.span());
            return;
        }
        List<String> missingReferences = references.stream().filter(f -> target.field(f).isEmpty()).toList();
        if (!missingReferences.isEmpty()) {
            context.error("Error validating: The argument `references` must refer only to existing fields in the related model `"
                    + field.target() + "`. The following fields do not exist in the related model: "
                    + String.join(", ", missingReferences), relation.span());
            return;
        }
        if (fields.size() != references.size()) {
            context.error(prefix + "You must specify the same number of fields in `fields` and `references`.", relation.span());
            return;
        }
        for (int i = 0; i < fields.size(); i++) {
            FieldDeclaration local = field.model().field(fields.get(i)).orElseThrow();
            FieldDeclaration remote = target.field(references.get(i)).orElseThrow();
            if (!local.type().name().text().equals(remote.type().name().text())
                    || !local.type().unsupported().equals(remote.type().unsupported())) {
                context.error("Error validating: The type of the field `" + fields.get(i) + "` in the model `" + modelName(field)
                        + "` is not matching the type of the referenced field `" + references.get(i) + "` in model `"
                        + field.target() + "`.", relation.span());
                return;
            }
        }
        if (!isUniqueCriterion(target, references)) {
            context.error("Error validating: The argument `references` must refer to a unique criterion in the related model."
                    + " Consider adding an `@unique` attribute to the field" + (references.size() > 1 ? "s `" : " `")
                    + String.join(", ", references) + "` in the model `" + field.target() + "`.", relation.span());
        }
        boolean anyOptional = fields.stream().anyMatch(f -> field.model().field(f).orElseThrow().type().arity() == TypeReference.Arity.OPTIONAL);
        if (anyOptional && field.field().type().arity() == TypeReference.Arity.REQUIRED) {
            context.error(prefix + "The relation field `" + name(field) + "` uses the scalar fields " + String.join(", ", fields)
                    + ". At least one of those fields is optional. Hence the relation field must be optional as well.",
                    field.field().span());
        }
        if (!back.list() && !isUniqueCriterion(field.model(), fields)) {
            context.error(prefix + "A one-to-one relation must use unique fields on the defining side. Either add an `@unique`"
                    + " attribute to the field" + (fields.size() > 1 ? "s `" : " `") + String.join(", ", fields)
                    + "`, or change the relation to one-to-many.", relation.span());
        }
        referentialActions(context, field, relation);
    }

    private static void fieldList(ValidationContext context, Attribute relation, String argument) {
        for (Expression element : ArgumentValues.list(relation.named(argument))) {
            if (!(element instanceof Expression.ConstantValue)) {
                context.unexpectedValue("constant", element);
            }
        }
    }

    private static void referentialActions(ValidationContext context, RelationField field, Attribute relation) {
        boolean anyRequired = field.fields().stream()
                .anyMatch(f -> field.model().field(f).orElseThrow().type().arity() == TypeReference.Arity.REQUIRED);
        for (String argument : List.of("onDelete", "onUpdate")) {
            Optional<Argument> action = relation.named(argument);
            if (action.isEmpty()) {
                continue;
            }
            Expression value = action.get().value();
            String name = value instanceof Expression.ConstantValue c ? c.text() : context.raw(value);
            boolean emulated = context.relationModePrisma();
            if (!ACTIONS.contains(name) || (emulated && name.equals("SetDefault"))) {
                List<String> allowed = emulated ? ACTIONS.subList(0, 4) : ACTIONS;
                context.error("Error validating: Invalid referential action: `" + name + "`. Allowed values: ("
                        + String.join(", ", allowed.stream().map(a -> "`" + a + "`").toList()) + ")", action.get().span());
                continue;
            }
            if (name.equals("SetDefault") && context.isMysql()) {
                context.warning("MySQL does not actually support the `SetDefault` referential action, so using it may result"
                        + " in unexpected errors. Read more at https://pris.ly/d/mysql-set-default ", action.get().span());
            }
            if (name.equals("SetNull") && anyRequired) {
                if (context.isPostgres() && !emulated) {
                    context.warning("The `" + argument + "` referential action of a relation should not be set to `SetNull`"
                            + " when a referenced field is required. We recommend either to choose another referential action,"
                            + " or to make the referenced fields optional. Read more at https://pris.ly/d/postgres-set-null",
                            action.get().span());
                } else {
                    context.error("Error parsing attribute \"@relation\": The `" + argument + "` referential action of a"
                            + " relation must not be set to `SetNull` when a referenced field is required.\nEither choose"
                            + " another referential action, or make the referenced fields optional.", action.get().span());
                }
            }
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

    private static String fieldPrefix(RelationField field) {
        return "Error validating field `" + name(field) + "` in " + kindOf(field.model()) + " `" + modelName(field) + "`: ";
    }

    private static String kindOf(ModelBlock model) {
        return model.kind() == ModelBlock.Kind.VIEW ? "view" : "model";
    }

    private static String name(RelationField field) {
        return field.field().name().text();
    }

    private static String modelName(RelationField field) {
        return field.model().name().text();
    }
}
