package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.List;

/**
 * Checks {@code autoincrement()} against what the database can do: SQLite only on the single-field
 * id, SQLite and MySQL once per table, MySQL only on an indexed column; PostgreSQL anywhere.
 * Source: prisma-engines {@code psl/psl-core/src/validate/validation_pipeline/validations/autoincrement.rs}
 * with the connectors' capabilities.
 */
final class AutoincrementRules implements Rule {

    private static final String PREFIX = "Error parsing attribute \"@default\": ";

    @Override
    public void check(ValidationContext context) {
        if (!context.isSqlite() && !context.isMysql()) {
            return;
        }
        for (ModelBlock model : context.ast().modelBlocks()) {
            List<FieldDeclaration> fields = model.fields().stream().filter(AutoincrementRules::autoincrement).toList();
            if (fields.size() > 1) {
                context.error(PREFIX + "The `autoincrement()` default value is used multiple times on this model even though"
                        + " the underlying datasource only supports one instance per table.", model.span());
            }
            for (FieldDeclaration field : fields) {
                boolean singleId = field.attribute("id").isPresent() || model.attribute("id")
                        .map(id -> ArgumentValues.fieldNames(id.namedOrFirst("fields")).equals(List.of(field.name().text())))
                        .orElse(false);
                if (context.isSqlite() && !singleId) {
                    context.error(PREFIX + "The `autoincrement()` default value is used on a non-id field even though the"
                            + " datasource does not support this.", field.span());
                }
                if (context.isMysql() && !singleId && !indexed(model, field)) {
                    context.error(PREFIX + "The `autoincrement()` default value is used on a non-indexed field even though"
                            + " the datasource does not support this.", field.span());
                }
            }
        }
    }

    private static boolean autoincrement(FieldDeclaration field) {
        return field.attribute("default").flatMap(a -> a.namedOrFirst("value"))
                .map(a -> a.value() instanceof Expression.FunctionCall call && call.name().equals("autoincrement"))
                .orElse(false);
    }

    /** MySQL needs the column first in some key: the id, a unique constraint or an index. */
    private static boolean indexed(ModelBlock model, FieldDeclaration field) {
        if (field.attribute("unique").isPresent()) {
            return true;
        }
        for (Attribute attribute : model.attributes()) {
            if (List.of("id", "unique", "index").contains(attribute.name())) {
                List<String> names = ArgumentValues.fieldNames(attribute.namedOrFirst("fields"));
                if (!names.isEmpty() && names.get(0).equals(field.name().text())) {
                    return true;
                }
            }
        }
        return false;
    }
}
