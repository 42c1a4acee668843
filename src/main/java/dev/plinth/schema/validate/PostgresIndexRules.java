package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
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
 * Checks PostgreSQL index types and operator classes: {@code type:} is one PostgreSQL has, each
 * {@code ops:} class works with the index type and with the field's type and native type, and
 * SP-GiST indexes cover one column of a type it can index.
 * Source: Prisma docs, "Configuring the access type of indexes with type (PostgreSQL)"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/indexes).
 */
final class PostgresIndexRules implements Rule {

    private static final Set<String> INDEX_TYPES = Set.of("BTree", "Hash", "Gist", "Gin", "SpGist", "Brin");

    @Override
    public void check(ValidationContext context) {
        if (!context.isPostgres()) {
            return;
        }
        for (ModelBlock model : context.ast().modelBlocks()) {
            for (Attribute index : model.attributes("index")) {
                check(context, model, index);
            }
        }
    }

    private static void check(ValidationContext context, ModelBlock model, Attribute index) {
        String prefix = "Error parsing attribute \"@@index\": ";
        String type = index.named("type").flatMap(a -> ArgumentValues.constant(a.value())).orElse("BTree");
        if (!INDEX_TYPES.contains(type)) {
            context.error(prefix + "The given index type is not supported with the current connector", index.span());
            return;
        }
        List<Expression> elements = ArgumentValues.list(index.namedOrFirst("fields"));
        if (type.equals("SpGist") && elements.size() > 1) {
            context.error(prefix + "SpGist does not support multi-column indices.", index.span());
            return;
        }
        for (Expression element : elements) {
            Optional<FieldDeclaration> field = ArgumentValues.fieldName(element).flatMap(model::field);
            if (field.isEmpty()) {
                continue;
            }
            Optional<Expression> ops = element instanceof Expression.FunctionCall call ? call.arguments().stream()
                    .filter(a -> a.name().map(n -> n.text().equals("ops")).orElse(false))
                    .map(Argument::value).findFirst() : Optional.empty();
            if (ops.isEmpty()) {
                withoutOperatorClass(context, prefix, type, field.get(), index);
            } else if (ops.get() instanceof Expression.ConstantValue c) {
                withOperatorClass(context, prefix, type, c.text(), field.get(), index);
            }
        }
    }

    private static void withoutOperatorClass(ValidationContext context, String prefix, String type,
                                             FieldDeclaration field, Attribute index) {
        String name = field.type().name().text();
        Optional<String> nativeType = nativeType(context, field);
        boolean supported = switch (type) {
            case "SpGist" -> (name.equals("String") && nativeType.map(n -> Set.of("Text", "VarChar", "Char", "Inet").contains(n)).orElse(true))
                    || field.type().unsupported().isPresent();
            case "Gin" -> field.type().arity() == TypeReference.Arity.LIST || name.equals("Json") || field.type().unsupported().isPresent();
            case "Gist" -> nativeType.map("Inet"::equals).orElse(false) || field.type().unsupported().isPresent();
            default -> true;
        };
        if (!supported) {
            context.error(prefix + "The " + type + " index type does not support the type of the field `"
                    + field.name().text() + "`.", index.span());
        }
    }

    private static void withOperatorClass(ValidationContext context, String prefix, String type, String opsName,
                                          FieldDeclaration field, Attribute index) {
        Optional<OperatorClass> known = OperatorClass.find(opsName);
        if (known.isEmpty()) {
            context.error(prefix + "The given operator class `" + opsName + "` is not known.", index.span());
            return;
        }
        OperatorClass ops = known.get();
        String fieldName = field.name().text();
        if (!ops.indexTypes().contains(type)) {
            context.error(prefix + "The given operator class `" + opsName + "` is not supported with the `" + type
                    + "` index type.", index.span());
            return;
        }
        if (ops.scalar().isPresent() && !ops.scalar().get().equals(field.type().name().text())) {
            context.error(prefix + "The given operator class `" + opsName + "` points to the field `" + fieldName
                    + "` that is not of " + ops.scalar().get() + " type.", index.span());
            return;
        }
        if (ops.list() && field.type().arity() != TypeReference.Arity.LIST) {
            context.error(prefix + "The given operator class `" + opsName + "` expects the type of the field `" + fieldName
                    + "` to be an array.", index.span());
            return;
        }
        if (ops.nativeTypes().isEmpty()) {
            return;
        }
        Optional<String> nativeType = nativeType(context, field);
        if (nativeType.isEmpty()) {
            context.error(prefix + "The given operator class `" + opsName + "` expects the field `" + fieldName
                    + "` to define a valid native type.", index.span());
        } else if (!ops.nativeTypes().contains(nativeType.get())) {
            context.error(prefix + "The given operator class `" + opsName + "` does not support native type `"
                    + nativeType.get() + "` of field `" + fieldName + "`.", index.span());
        }
    }

    private static Optional<String> nativeType(ValidationContext context, FieldDeclaration field) {
        String prefix = context.names().nativeTypePrefix() + ".";
        return field.attributes().stream().map(Attribute::name).filter(n -> n.startsWith(prefix))
                .map(n -> n.substring(prefix.length())).findFirst();
    }
}
