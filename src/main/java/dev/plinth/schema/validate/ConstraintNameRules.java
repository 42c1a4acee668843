package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.resolve.ConstraintNames;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks that primary keys, unique constraints and indexes get distinct database names (given with
 * {@code map:} or derived by Prisma's conventions). On PostgreSQL the names share one namespace per
 * database schema; elsewhere they are checked per table.
 * Source: Prisma docs, "Constraint and index names"
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping#constraint-and-index-names).
 */
final class ConstraintNameRules implements Rule {

    private record Named(String name, Attribute attribute) {
    }

    @Override
    public void check(ValidationContext context) {
        ConstraintNames names = ConstraintNames.forProvider(context.provider());
        Map<String, List<Named>> byNamespace = new LinkedHashMap<>();
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() != ModelBlock.Kind.MODEL || model.attribute("ignore").isPresent()
                    || context.names().models().get(model.name().text()) != model) {
                continue;
            }
            String table = context.names().tableName(model);
            String schema = model.attribute("schema").flatMap(a -> ArgumentValues.string(a, "map")).orElse("");
            // Two models on one table are reported by NameRules; per-table namespaces go by model here.
            String namespace = context.isPostgres() ? schema : "model " + model.name().text();
            for (Named named : constraints(model, table, names, context.names())) {
                byNamespace.computeIfAbsent(namespace + "\u0000" + named.name(), k -> new ArrayList<>()).add(named);
            }
        }
        for (List<Named> group : byNamespace.values()) {
            if (group.size() > 1) {
                for (Named named : group) {
                    context.error("Error parsing attribute \"" + named.attribute().display() + "\": The given constraint name `"
                            + named.name() + "` has to be unique in the following namespace: " + scope(context)
                            + ". Please provide a different name using the `map` argument.", named.attribute().span());
                }
            }
        }
    }

    private static String scope(ValidationContext context) {
        return context.isPostgres() ? "global for primary key, indexes and unique constraints"
                : "on model for primary key, indexes and unique constraints";
    }

    private static List<Named> constraints(ModelBlock model, String table, ConstraintNames names,
                                           dev.plinth.schema.resolve.SchemaNames schemaNames) {
        List<Named> result = new ArrayList<>();
        for (FieldDeclaration field : model.fields()) {
            String column = schemaNames.columnName(model, field.name().text());
            field.attribute("id").ifPresent(id -> result.add(new Named(
                    ArgumentValues.namedString(id, "map").orElse(names.primaryKey(table)), id)));
            field.attribute("unique").ifPresent(unique -> result.add(new Named(
                    ArgumentValues.namedString(unique, "map").orElse(names.unique(table, List.of(column))), unique)));
        }
        for (Attribute attribute : model.attributes()) {
            List<String> columns = ArgumentValues.fieldNames(attribute.namedOrFirst("fields")).stream()
                    .map(f -> f.indexOf('.') > 0 // a Json path index: named as ModelResolver names it
                            ? schemaNames.columnName(model, f.substring(0, f.indexOf('.'))) + "_" + f.substring(f.indexOf('.') + 1).replace('.', '_')
                            : schemaNames.columnName(model, f))
                    .toList();
            String derived = switch (attribute.name()) {
                case "id" -> names.primaryKey(table);
                case "unique" -> names.unique(table, columns);
                case "index", "fulltext" -> names.index(table, columns);
                default -> null;
            };
            if (derived != null) {
                result.add(new Named(ArgumentValues.mappedName(attribute).orElse(derived), attribute));
            }
        }
        return result;
    }
}
