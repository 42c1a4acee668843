package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks indexes on a path inside a Json field, {@code @@index([meta.plan])} (a Plinth extension;
 * Prisma indexes whole fields only): the field before the first dot exists and holds one JSON document
 * ({@link #jsonDocument}), each key after it is an identifier, the index is a plain B-tree
 * {@code @@index} (a path cannot make a unique key, an id or a full-text index, nor take a GIN method or
 * an operator class, which apply to whole documents), and on PostgreSQL the column is {@code jsonb}
 * (a {@code @db.Json} column has no {@code ->>} index the filters could use). The expressions created
 * are described in docs/query.md, "Json fields".
 */
final class JsonPathIndexRules implements Rule {

    private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            for (Attribute attribute : model.attributes()) {
                if (!attribute.name().equals("id") && !attribute.name().equals("unique") && !attribute.name().equals("index")
                        && !attribute.name().equals("fulltext")) {
                    continue;
                }
                for (Expression element : ArgumentValues.list(attribute.namedOrFirst("fields"))) {
                    Optional<String> name = ArgumentValues.fieldName(element);
                    if (name.isPresent() && name.get().indexOf('.') > 0) {
                        path(context, model, attribute, element, name.get());
                    }
                }
            }
        }
    }

    private static void path(ValidationContext context, ModelBlock model, Attribute attribute, Expression element, String name) {
        String prefix = "Error parsing attribute \"" + attribute.display() + "\": ";
        String head = name.substring(0, name.indexOf('.'));
        Optional<FieldDeclaration> field = model.field(head);
        if (field.isEmpty()) {
            context.error("Error validating model \"" + model.name().text() + "\": The index definition refers to the unknown fields: "
                    + name + ".", element.span());
            return;
        }
        if (!jsonDocument(context, field.get())) {
            context.error(prefix + "`" + name + "` indexes a path, which needs a Json field; `" + head + "` is of type "
                    + field.get().type().name().text() + (field.get().type().arity() == TypeReference.Arity.LIST ? "[]" : "") + ".",
                    element.span());
            return;
        }
        for (String step : name.substring(name.indexOf('.') + 1).split("\\.", -1)) {
            if (!KEY.matcher(step).matches()) {
                context.error(prefix + "`" + name + "`: each step of a Json path is a key (letters, digits and _, not"
                        + " starting with a digit).", element.span());
                return;
            }
        }
        if (!attribute.name().equals("index")) {
            context.error(prefix + "a path inside a Json field (`" + name + "`) can be indexed with @@index only, not @@"
                    + attribute.name() + ".", element.span());
            return;
        }
        attribute.named("type").flatMap(t -> ArgumentValues.constant(t.value())).filter(t -> !t.equals("BTree")).ifPresent(t ->
                context.error(prefix + "a path inside a Json field (`" + name + "`) is indexed as a B-tree; index the whole field"
                        + " for " + t + ", e.g. @@index([" + head + "(ops: JsonbPathOps)], type: Gin).", attribute.span()));
        if (element instanceof Expression.FunctionCall call) {
            for (Argument a : call.arguments()) {
                String option = a.name().map(n -> n.text()).orElse("");
                if (!option.equals("sort")) {
                    context.error(prefix + "a Json path (`" + name + "`) takes `sort` only, not `" + option + "`.", a.span());
                }
            }
        }
        if (context.isPostgres() && field.get().attribute(context.names().nativeTypePrefix() + ".Json").isPresent()) {
            context.error(prefix + "`" + name + "`: a path is indexed on a jsonb column; `" + head + "` is @"
                    + context.names().nativeTypePrefix() + ".Json (json). Remove @" + context.names().nativeTypePrefix()
                    + ".Json to store it as jsonb.", element.span());
        }
    }

    /**
     * Returns true when a field holds one JSON document, so that a path inside it can be indexed: a
     * {@code Json} field or a field of a composite type (docs/schema.md, "Composite types"), not a list
     * (the query side asks {@code ColumnKind.jsonDocument()} of the same columns).
     */
    static boolean jsonDocument(ValidationContext context, FieldDeclaration field) {
        if (field.type().arity() == TypeReference.Arity.LIST || field.type().unsupported().isPresent()) {
            return false;
        }
        String type = field.type().name().text();
        return type.equals("Json") || context.ast().modelBlocks().stream()
                .anyMatch(block -> block.kind() == ModelBlock.Kind.TYPE && block.name().text().equals(type));
    }
}
