package dev.plinth.schema.validate;

import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

/**
 * Checks field types: every type name is a built-in scalar, a model, a view, an enum or a composite
 * type; scalar lists only where the database has arrays (PostgreSQL); composite types only on
 * MongoDB, which Plinth does not serve.
 */
final class TypeRules implements Rule {

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (FieldDeclaration field : model.fields()) {
                check(context, model, field);
            }
        }
    }

    private static void check(ValidationContext context, ModelBlock model, FieldDeclaration field) {
        TypeReference type = field.type();
        String name = type.name().text();
        if (type.unsupported().isPresent()) {
            if (!name.equals("Unsupported")) {
                context.error("Type \"" + name + "\" is neither a built-in type, nor refers to another model, composite type, or enum.",
                        type.name().span());
            }
            return;
        }
        boolean scalar = ScalarType.fromPrismaName(name).isPresent();
        boolean known = scalar || context.names().enums().containsKey(name)
                || context.names().models().containsKey(name) || context.names().types().containsKey(name);
        if (!known) {
            String message = name.equals("Unsupported")
                    ? "Type \"Unsupported\" needs the database type as an argument, e.g. `Unsupported(\"circle\")`."
                    : "Type \"" + name + "\" is neither a built-in type, nor refers to another model, composite type, or enum.";
            context.error(message, type.name().span());
            return;
        }
        // Prisma refuses composite types outside MongoDB ("Composite types are not supported on Postgres."); Plinth
        // stores them as JSON documents on SQL databases (docs/schema.md, "Composite types"; CompositeTypeRules).
        boolean enumType = context.names().enums().containsKey(name);
        // inside a composite type a list is part of a JSON document, which holds lists on every database
        if (type.arity() == TypeReference.Arity.LIST && (scalar || enumType) && (context.isSqlite() || context.isMysql())
                && model.kind() != ModelBlock.Kind.TYPE) {
            context.error("Field \"" + field.name().text() + "\" in " + model.kind().keyword() + " \"" + model.name().text()
                    + "\" can't be a list. The current connector does not support lists of primitive types.", field.span());
        }
    }
}
