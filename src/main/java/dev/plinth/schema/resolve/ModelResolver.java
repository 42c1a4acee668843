package dev.plinth.schema.resolve;

import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.IndexOperatorClass;
import dev.plinth.schema.model.LabelSettings;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.ModelConventions;
import dev.plinth.schema.model.NativeType;
import dev.plinth.schema.model.PrimaryKey;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.SortOrder;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves one model or view block: table and column names, field types, defaults, the primary key,
 * unique constraints and indexes with Prisma's names. Relations are filled in by {@link RelationResolver}.
 *
 * <p>Sources: Prisma schema reference (https://www.prisma.io/docs/orm/reference/prisma-schema-reference),
 * "Database mapping" (https://www.prisma.io/docs/orm/prisma-schema/data-model/database-mapping).
 */
final class ModelResolver {

    private final SchemaNames names;
    private final ConstraintNames constraintNames;

    ModelResolver(SchemaNames names, ConstraintNames constraintNames) {
        this.names = names;
        this.constraintNames = constraintNames;
    }

    /**
     * Resolves a block.
     *
     * @param block     the model or view
     * @param relations the relation of each relation field, by field name
     * @return the model
     */
    Model resolve(ModelBlock block, Map<String, RelationInfo> relations) {
        String table = names.tableName(block);
        List<Index> indexes = indexes(block, table);
        List<Field> fields = new ArrayList<>();
        for (FieldDeclaration declaration : block.fields()) {
            fields.add(field(block, declaration, Optional.ofNullable(relations.get(declaration.name().text())), indexes));
        }
        Optional<String> schema = block.attribute("schema").flatMap(a -> ArgumentValues.string(a, "name"));
        return new Model(block.name().text(), table, schema, block.kind() == ModelBlock.Kind.VIEW,
                block.attribute("ignore").isPresent(), fields, primaryKey(block, table), indexes,
                block.documentation(), block.span(),
                block.attribute("display").flatMap(a -> ArgumentValues.string(a, "field")),
                ModelConventions.byColumnNames(fields),
                block.attribute("route").flatMap(a -> ArgumentValues.string(a, "path")),
                block.attribute(LabelSettings.ATTRIBUTE).flatMap(a -> ArgumentValues.string(a, "mode")));
    }

    private Field field(ModelBlock block, FieldDeclaration declaration, Optional<RelationInfo> relation, List<Index> indexes) {
        String name = declaration.name().text();
        FieldType type = type(declaration.type());
        Optional<String> mapped = declaration.attribute("map").flatMap(a -> ArgumentValues.string(a, "name"));
        String column = mapped.orElseGet(() -> names.columnName(block, name));
        Optional<DefaultValue> defaultValue = declaration.attribute("default")
                .flatMap(a -> a.namedOrFirst("value"))
                .flatMap(a -> DefaultValueReader.read(a.value(), type instanceof FieldType.EnumRef))
                .map(d -> type instanceof FieldType.Scalar s && s.scalar() == ScalarType.DECIMAL ? DefaultValueReader.decimal(d) : d);
        TypeReference.Arity arity = declaration.type().arity();
        boolean id = declaration.attribute("id").isPresent();
        // A one-field unique constraint (@unique or @@unique([f])) makes the field unique; Prisma's
        // DMMF leaves isUnique false on the @id, which DmmfWriter does.
        boolean unique = indexes.stream()
                .anyMatch(i -> i.kind() == Index.Kind.UNIQUE && i.fieldNames().equals(List.of(name)));
        return new Field(name, column, type, arity == TypeReference.Arity.OPTIONAL, arity == TypeReference.Arity.LIST,
                defaultValue, id, unique,
                declaration.attribute("updatedAt").isPresent(), declaration.attribute("ignore").isPresent(),
                nativeType(declaration), relation, declaration.documentation(), declaration.span(),
                mapped.isPresent() || !column.equals(name), names.apiNames().fieldApiNames() ? name : column);
    }

    /**
     * Resolves a type name.
     *
     * @param reference the type as written
     * @return the resolved type; a name that is nothing known resolves as {@link FieldType.Unsupported}
     *         (the validator rejects such schemas before they are resolved)
     */
    FieldType type(TypeReference reference) {
        String name = reference.name().text();
        if (reference.unsupported().isPresent()) {
            return new FieldType.Unsupported(reference.unsupported().get());
        }
        Optional<ScalarType> scalar = ScalarType.fromPrismaName(name);
        if (scalar.isPresent()) {
            return new FieldType.Scalar(scalar.get());
        }
        if (names.enums().containsKey(name)) {
            return new FieldType.EnumRef(name);
        }
        if (names.models().containsKey(name)) {
            return new FieldType.ModelRef(name);
        }
        if (names.types().containsKey(name)) {
            return new FieldType.CompositeRef(name);
        }
        return new FieldType.Unsupported(name);
    }

    private Optional<NativeType> nativeType(FieldDeclaration declaration) {
        String prefix = names.nativeTypePrefix() + ".";
        return declaration.attributes().stream()
                .filter(a -> a.name().startsWith(prefix))
                .findFirst()
                .map(a -> new NativeType(a.name().substring(prefix.length()),
                        a.arguments().stream().map(arg -> ArgumentValues.text(arg.value())).toList()));
    }

    private Optional<PrimaryKey> primaryKey(ModelBlock block, String table) {
        for (FieldDeclaration declaration : block.fields()) {
            Optional<Attribute> id = declaration.attribute("id");
            if (id.isPresent()) {
                IndexField field = new IndexField(declaration.name().text(), column(block, declaration.name().text()),
                        sort(id.get()), length(id.get()));
                String constraint = ArgumentValues.namedString(id.get(), "map").orElse(constraintNames.primaryKey(table));
                return Optional.of(new PrimaryKey(List.of(field), Optional.empty(), constraint, false));
            }
        }
        return block.attribute("id").map(id -> new PrimaryKey(indexFields(block, id),
                ArgumentValues.namedString(id, "name"),
                ArgumentValues.namedString(id, "map").orElse(constraintNames.primaryKey(table)), true));
    }

    private List<Index> indexes(ModelBlock block, String table) {
        List<Index> indexes = new ArrayList<>();
        for (FieldDeclaration declaration : block.fields()) {
            Optional<Attribute> unique = declaration.attribute("unique");
            if (unique.isPresent()) {
                String fieldName = declaration.name().text();
                IndexField field = new IndexField(fieldName, column(block, fieldName), sort(unique.get()), length(unique.get()));
                String constraint = ArgumentValues.namedString(unique.get(), "map")
                        .orElse(constraintNames.unique(table, List.of(field.columnName())));
                indexes.add(new Index(Index.Kind.UNIQUE, List.of(field), Optional.empty(), constraint, true,
                        Optional.empty(), unique.get().span()));
            }
        }
        for (Attribute attribute : block.attributes()) {
            Index.Kind kind = switch (attribute.name()) {
                case "unique" -> Index.Kind.UNIQUE;
                case "index" -> Index.Kind.NORMAL;
                case "fulltext" -> Index.Kind.FULLTEXT;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            List<IndexField> fields = indexFields(block, attribute);
            List<String> columns = fields.stream()
                    .map(f -> f.columnName() + f.jsonPath().map(p -> "_" + p.replace('.', '_')).orElse("")).toList();
            String defaultName = kind == Index.Kind.UNIQUE ? constraintNames.unique(table, columns)
                    : constraintNames.index(table, columns);
            Optional<String> clientName = kind == Index.Kind.NORMAL ? Optional.empty() : ArgumentValues.namedString(attribute, "name");
            indexes.add(new Index(kind, fields, clientName, ArgumentValues.mappedName(attribute).orElse(defaultName), false,
                    attribute.named("type").flatMap(a -> ArgumentValues.constant(a.value())), attribute.span()));
        }
        return indexes;
    }

    private List<IndexField> indexFields(ModelBlock block, Attribute attribute) {
        List<IndexField> fields = new ArrayList<>();
        for (Expression element : ArgumentValues.list(attribute.namedOrFirst("fields"))) {
            Optional<String> name = ArgumentValues.fieldName(element);
            if (name.isEmpty()) {
                continue;
            }
            List<Argument> options = element instanceof Expression.FunctionCall call ? call.arguments() : List.of();
            int dot = name.get().indexOf('.');
            if (dot > 0) {
                // @@index([meta.plan]): an expression index on a path inside a Json field (docs/query.md, "Json fields")
                String field = name.get().substring(0, dot);
                fields.add(new IndexField(field, column(block, field), sort(options), length(options), operatorClass(options),
                        Optional.of(name.get().substring(dot + 1))));
                continue;
            }
            fields.add(new IndexField(name.get(), column(block, name.get()), sort(options), length(options),
                    operatorClass(options)));
        }
        return fields;
    }

    private String column(ModelBlock block, String fieldName) {
        return names.columnName(block, fieldName);
    }

    private static Optional<SortOrder> sort(Attribute attribute) {
        return sort(attribute.arguments());
    }

    private static Optional<SortOrder> sort(List<Argument> arguments) {
        return option(arguments, "sort").flatMap(ArgumentValues::constant).flatMap(text -> switch (text) {
            case "Asc" -> Optional.of(SortOrder.ASC);
            case "Desc" -> Optional.of(SortOrder.DESC);
            default -> Optional.empty();
        });
    }

    private static Optional<Integer> length(Attribute attribute) {
        return length(attribute.arguments());
    }

    private static Optional<Integer> length(List<Argument> arguments) {
        return option(arguments, "length").flatMap(e -> {
            try {
                return e instanceof Expression.NumberValue n ? Optional.of(Integer.parseInt(n.text())) : Optional.empty();
            } catch (NumberFormatException ex) {
                return Optional.empty();
            }
        });
    }

    private static Optional<IndexOperatorClass> operatorClass(List<Argument> arguments) {
        return option(arguments, "ops").flatMap(e -> switch (e) {
            case Expression.ConstantValue c -> Optional.of(new IndexOperatorClass(c.text(), false));
            case Expression.FunctionCall f when f.name().equals("raw") && f.arguments().size() == 1 ->
                    ArgumentValues.string(f.arguments().get(0).value()).map(sql -> new IndexOperatorClass(sql, true));
            default -> Optional.empty();
        });
    }

    private static Optional<Expression> option(List<Argument> arguments, String name) {
        return arguments.stream()
                .filter(a -> a.name().map(n -> n.text().equals(name)).orElse(false))
                .map(Argument::value)
                .findFirst();
    }
}
