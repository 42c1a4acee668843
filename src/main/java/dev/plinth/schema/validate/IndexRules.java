package dev.plinth.schema.validate;

import dev.plinth.schema.resolve.ArgumentValues;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks primary keys, unique constraints and indexes ({@code @id}, {@code @unique}, {@code @@id},
 * {@code @@unique}, {@code @@index}, {@code @@fulltext}): the fields they name exist and are scalar
 * (and required, for ids); their options ({@code sort}, {@code length}, {@code type},
 * {@code clustered}) are ones the database supports; MySQL text columns are indexed with a length.
 * Source: Prisma docs, "Indexes" (https://www.prisma.io/docs/orm/prisma-schema/data-model/indexes).
 */
final class IndexRules implements Rule {

    /** MySQL types that can only be indexed by a prefix ({@code length:}). */
    private static final Set<String> MYSQL_PREFIX_ONLY = Set.of("Text", "LongText", "MediumText", "TinyText",
            "Blob", "LongBlob", "MediumBlob", "TinyBlob");

    @Override
    public void check(ValidationContext context) {
        for (ModelBlock model : context.ast().modelBlocks()) {
            if (model.kind() == ModelBlock.Kind.TYPE) {
                continue;
            }
            for (FieldDeclaration field : model.fields()) {
                for (String name : List.of("id", "unique")) {
                    field.attribute(name).ifPresent(a -> fieldLevel(context, model, field, a));
                }
            }
            for (Attribute attribute : model.attributes()) {
                switch (attribute.name()) {
                    case "id", "unique", "index", "fulltext" -> blockLevel(context, model, attribute);
                    default -> {
                    }
                }
            }
        }
    }

    private static void fieldLevel(ValidationContext context, ModelBlock model, FieldDeclaration field, Attribute attribute) {
        String prefix = "Error parsing attribute \"" + attribute.display() + "\": ";
        if (attribute.name().equals("id") && attribute.named("map").isPresent() && (context.isMysql() || context.isSqlite())) {
            context.error("Error validating model \"" + model.name().text() + "\": You defined a database name for the primary"
                    + " key on the model. This is not supported by the provider.", model.span());
        }
        options(context, prefix, attribute.arguments(), attribute, field);
        if (context.isMysql() && attribute.named("length").isEmpty() && mysqlPrefixOnly(context, field)) {
            String nativeType = field.nativeTypeAttribute().map(a -> a.name().substring(a.name().indexOf('.') + 1)).orElse("");
            String what = attribute.name().equals("id") ? "be a primary key" : "be unique";
            context.error("Native type `" + nativeType + "` cannot " + what
                    + " in MySQL. Please use the `length` argument to the field in the index definition to allow this.",
                    attribute.span());
        }
    }

    private static void blockLevel(ValidationContext context, ModelBlock model, Attribute attribute) {
        String prefix = "Error parsing attribute \"" + attribute.display() + "\": ";
        String modelPrefix = "Error validating model \"" + model.name().text() + "\": ";
        clustered(context, prefix, attribute);
        if (attribute.name().equals("id") && attribute.named("map").isPresent() && (context.isMysql() || context.isSqlite())) {
            context.error(modelPrefix + "You defined a database name for the primary key on the model. This is not supported"
                    + " by the provider.", model.span());
        }
        if (attribute.name().equals("index") && attribute.named("name").isPresent() && attribute.named("map").isPresent()) {
            // Prisma's words (prisma-engines, psl/parser-database, `model_index`).
            context.error(prefix + "The `@@index` attribute accepts the `name` argument as an alias for the `map` argument for"
                    + " legacy reasons. It does not accept both though. Please use the `map` argument to specify the database"
                    + " name of the index.", attribute.span());
        }
        attribute.named("type").ifPresent(type -> {
            if (!context.isPostgres()) {
                context.error(prefix + "The given index type is not supported with the current connector", type.span());
            }
        });
        // Prisma 6 accepts @@fulltext on MySQL and MongoDB only; Plinth serves it on every provider (SQLite FTS5,
        // PostgreSQL tsvector), a deliberate exception documented in docs/search-and-relations.md.
        List<String> unknown = new ArrayList<>();
        List<String> relations = new ArrayList<>();
        List<String> optional = new ArrayList<>();
        List<String> suggestions = new ArrayList<>();
        for (Expression element : ArgumentValues.list(attribute.namedOrFirst("fields"))) {
            if (!(element instanceof Expression.ConstantValue) && !(element instanceof Expression.FunctionCall)) {
                context.unexpectedValue("constant literal", element);
                continue;
            }
            String name = ArgumentValues.fieldName(element).orElseThrow();
            if (name.indexOf('.') > 0) {
                continue; // a path inside a Json field: JsonPathIndexRules
            }
            List<Argument> options = element instanceof Expression.FunctionCall call ? call.arguments() : List.of();
            Optional<FieldDeclaration> field = model.field(name);
            options(context, prefix, options, attribute, field.orElse(null));
            if (field.isEmpty()) {
                unknown.add(name);
                continue;
            }
            if (context.names().models().containsKey(field.get().type().name().text())) {
                relations.add(name);
                suggestions.addAll(ArgumentValues.fieldNames(field.get().attribute("relation").flatMap(r -> r.named("fields"))));
                continue;
            }
            if (field.get().type().arity() == TypeReference.Arity.OPTIONAL) {
                optional.add(name);
            }
            if (context.isMysql() && options.stream().noneMatch(o -> o.name().map(n -> n.text().equals("length")).orElse(false))
                    && mysqlPrefixOnly(context, field.get()) && !attribute.name().equals("fulltext")) {
                String nativeType = field.get().nativeTypeAttribute().map(a -> a.name().substring(a.name().indexOf('.') + 1)).orElse("");
                context.error("You cannot define an index on fields with native type `" + nativeType
                        + "` of MySQL. Please use the `length` argument to the field in the index definition to allow this.",
                        attribute.span());
            }
        }
        String what = switch (attribute.name()) {
            case "id" -> "id";
            case "unique" -> "unique index";
            default -> "index";
        };
        if (!unknown.isEmpty()) {
            String message = attribute.name().equals("id")
                    ? "The multi field id declaration refers to the unknown fields " + quoted(unknown) + "."
                    : "The " + what + " definition refers to the unknown fields: " + String.join(", ", unknown) + ".";
            context.error(modelPrefix + message, attribute.span());
        }
        if (!relations.isEmpty()) {
            String message = "The " + what + " definition refers to the relation fields " + String.join(", ", relations) + ". "
                    + (attribute.name().equals("id") ? "ID" : "Index") + " definitions must reference only scalar fields.";
            if (!suggestions.isEmpty() && !attribute.name().equals("id")) {
                message += " Did you mean `@@" + attribute.name() + "([" + String.join(", ", suggestions) + "])`?";
            }
            context.error(modelPrefix + message, attribute.span());
        }
        if (!optional.isEmpty() && attribute.name().equals("id")) {
            context.error(modelPrefix + "The id definition refers to the optional fields " + String.join(", ", optional)
                    + ". ID definitions must reference only required fields.", attribute.span());
        }
    }

    private static void options(ValidationContext context, String prefix, List<Argument> options, Attribute attribute,
                                FieldDeclaration field) {
        for (Argument option : options) {
            String name = option.name().map(n -> n.text()).orElse("");
            Expression value = option.value();
            switch (name) {
                case "sort" -> {
                    if (!(value instanceof Expression.ConstantValue c)) {
                        context.unexpectedValue("constant", value);
                    } else if (!c.text().equals("Asc") && !c.text().equals("Desc")) {
                        context.error(prefix + "The `sort` argument must be `Asc` or `Desc`.", value.span());
                    }
                }
                case "length" -> {
                    if (!context.isMysql()) {
                        context.error(prefix + "The length argument is not supported in an index definition with the current connector",
                                attribute.span());
                    } else if (!(value instanceof Expression.NumberValue n) || !n.text().matches("\\d+")) {
                        context.error("Expected a nonnegative integer, but found (" + context.raw(value) + ").", value.span());
                    } else if (field != null && !Set.of("String", "Bytes").contains(field.type().name().text())
                            && field.type().unsupported().isEmpty()) {
                        context.error(prefix + "The length argument is only allowed with field types `String` or `Bytes`.",
                                attribute.span());
                    }
                }
                case "ops" -> {
                    if (!context.isPostgres()) {
                        context.error(prefix + "Operator classes are not supported with the current connector.", value.span());
                    }
                }
                case "clustered" -> clustered(context, prefix, attribute);
                default -> {
                    // Any other argument inside a field reference, e.g. `id(order: Desc)`, is ignored, as Prisma's
                    // parser does: it looks up `sort`, `length` and `ops` by name and nothing else (prisma-engines,
                    // psl/parser-database, `field_args`). Unknown attribute-level arguments are AttributeRules' job.
                }
            }
        }
    }

    private static void clustered(ValidationContext context, String prefix, Attribute attribute) {
        attribute.named("clustered").ifPresent(c ->
                context.error(prefix + "Defining clustering is not supported in the current connector.", attribute.span()));
    }

    private static boolean mysqlPrefixOnly(ValidationContext context, FieldDeclaration field) {
        String prefix = context.names().nativeTypePrefix() + ".";
        return field.attributes().stream().anyMatch(a -> a.name().startsWith(prefix)
                && MYSQL_PREFIX_ONLY.contains(a.name().substring(prefix.length())));
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "`" + n + "`").toList());
    }
}
