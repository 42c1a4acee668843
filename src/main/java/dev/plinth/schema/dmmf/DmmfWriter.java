package dev.plinth.schema.dmmf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plinth.schema.model.DefaultValue;
import dev.plinth.schema.model.EnumType;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.FieldType;
import dev.plinth.schema.model.Index;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.PrimaryKey;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.model.SortOrder;
import dev.plinth.schema.resolve.ConstraintNames;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a resolved schema in the shape of Prisma's DMMF data model ({@code enums}, {@code models},
 * {@code types}, {@code indexes}), as {@code get_datamodel} of {@code @prisma/prisma-schema-wasm}
 * returns it, so that Plinth's reading of a schema can be compared with Prisma's.
 *
 * <p>As in Prisma's DMMF, {@code @@ignore}d models, {@code @ignore}d fields and {@code Unsupported}
 * fields are left out, views appear as models, and only declared referential actions are listed.
 * A constraint name appears as {@code dbName} only when it differs from Prisma's default name.
 */
public final class DmmfWriter {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Schema schema;
    private final ConstraintNames constraintNames;

    private DmmfWriter(Schema schema) {
        this.schema = schema;
        this.constraintNames = ConstraintNames.forProvider(schema.provider().orElse(""));
    }

    /**
     * Writes a schema's data model.
     *
     * @param schema the resolved schema
     * @return the {@code datamodel} object
     */
    public static ObjectNode datamodel(Schema schema) {
        return new DmmfWriter(schema).write();
    }

    private ObjectNode write() {
        ObjectNode root = JSON.objectNode();
        ArrayNode enums = root.putArray("enums");
        schema.enums().forEach(e -> enums.add(enumType(e)));
        ArrayNode models = root.putArray("models");
        ArrayNode indexes = JSON.arrayNode();
        for (Model model : schema.models()) {
            if (!model.ignored()) {
                models.add(model(model));
                indexes(model, indexes);
            }
        }
        ArrayNode types = root.putArray("types");
        // composite types, in Prisma's shape for MongoDB's (Plinth stores them as JSON documents)
        for (dev.plinth.schema.model.CompositeType type : schema.types()) {
            ObjectNode node = types.addObject();
            node.put("name", type.name());
            node.putNull("dbName");
            node.putNull("schema");
            ArrayNode fields = node.putArray("fields");
            type.fields().forEach(f -> fields.add(field(f, false, false)));
            node.putNull("primaryKey");
            node.putArray("uniqueFields");
            node.putArray("uniqueIndexes");
            type.documentation().ifPresent(d -> node.put("documentation", d));
        }
        root.set("indexes", indexes);
        return root;
    }

    private static ObjectNode enumType(EnumType enumType) {
        ObjectNode node = JSON.objectNode();
        node.put("name", enumType.name());
        ArrayNode values = node.putArray("values");
        for (EnumType.Value value : enumType.values()) {
            ObjectNode v = values.addObject();
            v.put("name", value.name());
            nullable(v, "dbName", value.databaseName().equals(value.name()) ? null : value.databaseName());
            value.documentation().ifPresent(d -> v.put("documentation", d));
        }
        nullable(node, "dbName", enumType.databaseName().equals(enumType.name()) ? null : enumType.databaseName());
        enumType.documentation().ifPresent(d -> node.put("documentation", d));
        return node;
    }

    private ObjectNode model(Model model) {
        ObjectNode node = JSON.objectNode();
        node.put("name", model.name());
        nullable(node, "dbName", model.tableName().equals(model.name()) ? null : model.tableName());
        nullable(node, "schema", model.databaseSchema().orElse(null));
        Set<String> foreignKeyFields = new HashSet<>();
        model.relationFields().forEach(f -> f.relation().ifPresent(r -> foreignKeyFields.addAll(r.fields())));
        ArrayNode fields = node.putArray("fields");
        // Prisma marks the field of a one-field key isId, whether @id or @@id([field]) declares it.
        List<String> keyFields = model.primaryKey().map(PrimaryKey::fieldNames).orElse(List.of());
        for (Field field : model.fields()) {
            if (!field.ignored() && !(field.type() instanceof FieldType.Unsupported)) {
                boolean id = field.id() || keyFields.equals(List.of(field.name()));
                fields.add(field(field, foreignKeyFields.contains(field.name()), id));
            }
        }
        Optional<PrimaryKey> compound = model.primaryKey().filter(PrimaryKey::compound);
        if (compound.isPresent()) {
            ObjectNode primaryKey = node.putObject("primaryKey");
            nullable(primaryKey, "name", compound.get().clientName().orElse(null));
            strings(primaryKey.putArray("fields"), compound.get().fieldNames());
        } else {
            node.putNull("primaryKey");
        }
        ArrayNode uniqueFields = node.putArray("uniqueFields");
        ArrayNode uniqueIndexes = node.putArray("uniqueIndexes");
        for (Index index : model.uniques()) {
            if (!index.definedOnField()) {
                strings(uniqueFields.addArray(), index.fieldNames());
                ObjectNode unique = uniqueIndexes.addObject();
                nullable(unique, "name", index.clientName().orElse(null));
                strings(unique.putArray("fields"), index.fieldNames());
            }
        }
        node.put("isGenerated", false);
        node.put("isView", model.view());
        model.documentation().ifPresent(d -> node.put("documentation", d));
        return node;
    }

    private ObjectNode field(Field field, boolean foreignKey, boolean id) {
        ObjectNode node = JSON.objectNode();
        node.put("name", field.name());
        String kind = switch (field.type()) {
            case FieldType.Scalar s -> "scalar";
            case FieldType.EnumRef e -> "enum";
            case FieldType.ModelRef m -> "object";
            case FieldType.CompositeRef c -> "object";
            case FieldType.Unsupported u -> "unsupported";
        };
        node.put("kind", kind);
        if (field.isColumn()) {
            node.put("columnName", field.columnName());
        }
        if (field.mapped()) {
            node.put("dbName", field.columnName());
        }
        node.put("isList", field.list());
        node.put("isRequired", !field.optional());
        // Prisma lists the @id as not unique even when it also carries @unique.
        node.put("isUnique", field.unique() && !id);
        node.put("isId", id);
        node.put("isReadOnly", foreignKey);
        node.put("hasDefaultValue", field.defaultValue().isPresent());
        node.put("type", field.type().name());
        if (field.nativeType().isPresent()) {
            ArrayNode nativeType = node.putArray("nativeType");
            nativeType.add(field.nativeType().get().name());
            strings(nativeType.addArray(), field.nativeType().get().arguments());
        } else {
            node.putNull("nativeType");
        }
        boolean bigInt = field.scalarType().filter(t -> t == ScalarType.BIGINT).isPresent();
        field.defaultValue().ifPresent(d -> node.set("default", bigInt ? bigIntDefault(d) : defaultValue(d)));
        field.relation().ifPresent(r -> relation(node, r));
        node.put("isGenerated", false);
        node.put("isUpdatedAt", field.updatedAt());
        field.documentation().ifPresent(d -> node.put("documentation", d));
        return node;
    }

    private static void relation(ObjectNode node, RelationInfo relation) {
        node.put("relationName", relation.name());
        strings(node.putArray("relationFromFields"), relation.fields());
        strings(node.putArray("relationToFields"), relation.references());
        if (relation.onDeleteDeclared()) {
            node.put("relationOnDelete", relation.onDelete().prismaName());
        }
        if (relation.onUpdateDeclared()) {
            node.put("relationOnUpdate", relation.onUpdate().prismaName());
        }
    }

    /**
     * Writes a default value as Prisma's DMMF does: literals as JSON values, functions as
     * {@code {"name": …, "args": […]}} ({@code uuid()} has {@code args: [4]}, {@code cuid()} {@code [1]}).
     *
     * @param value the default
     * @return its JSON form
     */
    public static JsonNode defaultValue(DefaultValue value) {
        return switch (value) {
            case DefaultValue.StringLiteral s -> JSON.textNode(s.value());
            case DefaultValue.NumberLiteral n -> number(n.value());
            case DefaultValue.BooleanLiteral b -> JSON.booleanNode(b.value());
            case DefaultValue.EnumLiteral e -> JSON.textNode(e.value());
            case DefaultValue.ListLiteral l -> {
                ArrayNode array = JSON.arrayNode();
                l.values().forEach(v -> array.add(defaultValue(v)));
                yield array;
            }
            case DefaultValue.Autoincrement a -> function("autoincrement", List.of());
            case DefaultValue.Now n -> function("now", List.of());
            case DefaultValue.Uuid u -> function("uuid", List.of(JSON.numberNode(u.version())));
            case DefaultValue.Cuid c -> function("cuid", List.of(JSON.numberNode(c.version())));
            case DefaultValue.Nanoid n -> function("nanoid", n.length().map(l -> List.<JsonNode>of(JSON.numberNode(l))).orElse(List.of()));
            case DefaultValue.Ulid u -> function("ulid", List.of());
            case DefaultValue.Prefixed p -> function("prefixed", List.of(JSON.textNode(p.prefix())));
            case DefaultValue.Between b -> function("between", List.of(number(b.min()), number(b.max())));
            case DefaultValue.DbGenerated d -> function("dbgenerated", d.expression().map(e -> List.<JsonNode>of(JSON.textNode(e))).orElse(List.of()));
            case DefaultValue.OtherFunction f -> function(f.name(), f.arguments().stream().map(a -> (JsonNode) JSON.textNode(a)).toList());
        };
    }

    /** Prisma's DMMF writes a BigInt default as a string ({@code "0"}), since JSON numbers lose precision past 2^53. */
    private static JsonNode bigIntDefault(DefaultValue value) {
        return switch (value) {
            case DefaultValue.NumberLiteral n -> JSON.textNode(n.value().toPlainString());
            case DefaultValue.ListLiteral l -> {
                ArrayNode array = JSON.arrayNode();
                l.values().forEach(v -> array.add(bigIntDefault(v)));
                yield array;
            }
            default -> defaultValue(value);
        };
    }

    private static JsonNode number(BigDecimal value) {
        try {
            return JSON.numberNode(value.longValueExact());
        } catch (ArithmeticException notIntegral) {
            return JSON.numberNode(value.doubleValue());
        }
    }

    private static ObjectNode function(String name, List<JsonNode> arguments) {
        ObjectNode node = JSON.objectNode();
        node.put("name", name);
        node.putArray("args").addAll(arguments);
        return node;
    }

    private void indexes(Model model, ArrayNode out) {
        model.primaryKey().ifPresent(pk -> {
            ObjectNode node = out.addObject();
            node.put("model", model.name());
            node.put("type", "id");
            node.put("isDefinedOnField", !pk.compound());
            pk.clientName().ifPresent(n -> node.put("name", n));
            if (!pk.constraintName().equals(constraintNames.primaryKey(model.tableName()))) {
                node.put("dbName", pk.constraintName());
            }
            indexFields(node.putArray("fields"), pk.fields());
        });
        for (Index index : model.indexes()) {
            ObjectNode node = out.addObject();
            node.put("model", model.name());
            node.put("type", switch (index.kind()) {
                case UNIQUE -> "unique";
                case NORMAL -> "normal";
                case FULLTEXT -> "fulltext";
            });
            node.put("isDefinedOnField", index.definedOnField());
            index.clientName().ifPresent(n -> node.put("name", n));
            String defaultName = index.kind() == Index.Kind.UNIQUE
                    ? constraintNames.unique(model.tableName(), index.columnNames())
                    : constraintNames.index(model.tableName(), index.columnNames());
            if (!index.constraintName().equals(defaultName)) {
                node.put("dbName", index.constraintName());
            }
            index.algorithm().ifPresent(a -> node.put("algorithm", a));
            indexFields(node.putArray("fields"), index.fields());
        }
    }

    private static void indexFields(ArrayNode out, List<IndexField> fields) {
        for (IndexField field : fields) {
            ObjectNode node = out.addObject();
            node.put("name", field.fieldName() + field.jsonPath().map(p -> "." + p).orElse(""));
            field.sort().ifPresent(s -> node.put("sortOrder", s == SortOrder.DESC ? "desc" : "asc"));
            field.length().ifPresent(l -> node.put("length", l));
            field.operatorClass().ifPresent(o -> node.put("operatorClass", o.written()));
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static void nullable(ObjectNode node, String key, String value) {
        if (value == null) {
            node.putNull(key);
        } else {
            node.put(key, value);
        }
    }
}
