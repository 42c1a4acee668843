package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.RelationResolver.RelationField;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks the side of a relation that holds the foreign key: {@code fields:} names existing scalar
 * fields and {@code references:} existing fields of the other model, as many and of the same types,
 * forming a unique criterion there; optional key fields need an optional relation field; one-to-one
 * keys are unique; referential actions are valid for the database and relation mode.
 * Source: Prisma docs, "Relations" (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations)
 * and "Referential actions" (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions).
 */
final class ForeignKeyRules {

    private static final List<String> ACTIONS = List.of("Cascade", "Restrict", "NoAction", "SetNull", "SetDefault");

    private ForeignKeyRules() {
    }

    /**
     * Checks the side of a relation that declares {@code fields} or {@code references}.
     *
     * @param context where to report
     * @param field   the declaring side
     * @param back    the other side
     */
    static void check(ValidationContext context, RelationField field, RelationField back) {
        Attribute relation = field.relation().orElseThrow();
        String prefix = "Error parsing attribute \"@relation\": ";
        ModelBlock target = context.names().models().get(field.target());
        fieldList(context, relation, "fields");
        fieldList(context, relation, "references");
        List<String> fields = field.fields();
        List<String> references = field.references();
        if (relation.named("references").isEmpty()) {
            context.error(prefix + "The relation field `" + RelationRules.name(field) + "` on Model `" + RelationRules.modelName(field)
                    + "` must specify the `references` argument in the @relation attribute.", relation.span());
            return;
        }
        if (relation.named("fields").isEmpty()) {
            context.error(prefix + "The relation field `" + RelationRules.name(field) + "` on Model `" + RelationRules.modelName(field)
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
                context.error("Error validating: The type of the field `" + fields.get(i) + "` in the model `" + RelationRules.modelName(field)
                        + "` is not matching the type of the referenced field `" + references.get(i) + "` in model `"
                        + field.target() + "`. " + typeFix(fields.get(i), local, field.target(), remote), relation.span());
                return;
            }
        }
        if (!RelationRules.isUniqueCriterion(target, references)) {
            context.error("Error validating: The argument `references` must refer to a unique criterion in the related model."
                    + " Consider adding an `@unique` attribute to the field" + (references.size() > 1 ? "s `" : " `")
                    + String.join(", ", references) + "` in the model `" + field.target() + "`.", relation.span());
        }
        boolean anyOptional = fields.stream().anyMatch(f -> field.model().field(f).orElseThrow().type().arity() == TypeReference.Arity.OPTIONAL);
        if (anyOptional && field.field().type().arity() == TypeReference.Arity.REQUIRED) {
            context.error(prefix + "The relation field `" + RelationRules.name(field) + "` uses the scalar fields " + String.join(", ", fields)
                    + ". At least one of those fields is optional. Hence the relation field must be optional as well.",
                    field.field().span());
        }
        if (!back.list() && !RelationRules.isUniqueCriterion(field.model(), fields)) {
            context.error(prefix + "A one-to-one relation must use unique fields on the defining side. Either add an `@unique`"
                    + " attribute to the field" + (fields.size() > 1 ? "s `" : " `") + String.join(", ", fields)
                    + "`, or change the relation to one-to-many.", relation.span());
        }
        referentialActions(context, field, relation);
        // Prisma gives this advice for `relationMode` only, not for the deprecated `referentialIntegrity`.
        boolean relationModeProperty = context.names().datasource().flatMap(d -> d.property("relationMode")).isPresent();
        if (context.relationModePrisma() && relationModeProperty && !indexed(field.model(), fields)) {
            context.warning("With `relationMode = \"prisma\"`, no foreign keys are used, so relation fields will not benefit"
                    + " from the index usually created by the relational database under the hood. This can lead to poor"
                    + " performance when querying these fields. We recommend adding an index manually. Learn more at"
                    + " https://pris.ly/d/relation-mode-prisma-indexes\" ", field.field().span());
        }
    }

    /** Returns true when an index, unique constraint or primary key starts with exactly these fields, in order. */
    private static boolean indexed(ModelBlock model, List<String> fields) {
        for (FieldDeclaration f : model.fields()) {
            if ((f.attribute("id").isPresent() || f.attribute("unique").isPresent()) && fields.equals(List.of(f.name().text()))) {
                return true;
            }
        }
        for (Attribute attribute : model.attributes()) {
            if (!Set.of("id", "unique", "index").contains(attribute.name())) {
                continue;
            }
            List<String> names = ArgumentValues.fieldNames(attribute.namedOrFirst("fields"));
            if (names.size() >= fields.size() && names.subList(0, fields.size()).equals(fields)) {
                return true;
            }
        }
        return false;
    }

    private static void fieldList(ValidationContext context, Attribute relation, String argument) {
        for (Expression element : ArgumentValues.list(relation.named(argument))) {
            if (!(element instanceof Expression.ConstantValue)) {
                context.unexpectedValue("constant", element);
            }
        }
    }

    /**
     * The actions Prisma emulates under {@code relationMode = "prisma"}: PostgreSQL and SQLite leave out
     * {@code NoAction} (its deferred check is not emulated), MySQL keeps it. Source: prisma-engines,
     * {@code emulated_referential_actions} of the Postgres and SQLite connectors and
     * {@code RelationMode::allowed_emulated_referential_actions_default}.
     */
    private static List<String> emulatedActions(ValidationContext context) {
        return context.isPostgres() || context.isSqlite()
                ? List.of("Cascade", "Restrict", "SetNull")
                : ACTIONS.subList(0, 4);
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
            List<String> allowed = emulated ? emulatedActions(context) : ACTIONS;
            if (!allowed.contains(name)) {
                String advice = "";
                if (emulated && name.equals("NoAction")) {
                    advice = ". `NoAction` is not implemented for " + (context.isPostgres() ? "Postgres" : "sqlite")
                            + " when using `relationMode = \"prisma\"`, you could try using `Restrict` instead. Learn more at"
                            + " https://pris.ly/d/relation-mode";
                }
                context.error("Error validating: Invalid referential action: `" + name + "`. Allowed values: ("
                        + String.join(", ", allowed.stream().map(a -> "`" + a + "`").toList()) + ")" + advice,
                        action.get().span());
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

    /**
     * What to change when a foreign key's type differs from the referenced field's: Prisma's rule, said as
     * the fix ("`roomId` must be String to reference `Room.id`: write `roomId String`"), with the
     * referenced field's native type when it has one ({@code @db.Uuid}).
     */
    private static String typeFix(String localName, FieldDeclaration local, String targetModel, FieldDeclaration remote) {
        String type = remote.type().unsupported().map(u -> "Unsupported(\"" + u + "\")").orElse(remote.type().name().text());
        String nativeType = remote.nativeTypeAttribute().map(a -> " @" + a.name()
                + (a.arguments().isEmpty() ? "" : "(" + String.join(", ", a.arguments().stream()
                .map(arg -> ArgumentValues.text(arg.value())).toList()) + ")")).orElse("");
        String optional = local.type().arity() == TypeReference.Arity.OPTIONAL ? "?" : "";
        return "`" + localName + "` must be " + type + " to reference `" + targetModel + "." + remote.name().text()
                + "`: write `" + localName + " " + type + optional + nativeType + "`.";
    }
}
