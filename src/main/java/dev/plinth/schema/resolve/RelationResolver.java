package dev.plinth.schema.resolve;

import dev.plinth.schema.model.JoinTable;
import dev.plinth.schema.model.ReferentialAction;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.RelationInfo.RelationKind;
import dev.plinth.schema.syntax.Attribute;
import dev.plinth.schema.syntax.FieldDeclaration;
import dev.plinth.schema.syntax.ModelBlock;
import dev.plinth.schema.syntax.TypeReference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pairs relation fields into relations and resolves each side: the relation name, the other side's
 * field, the foreign-key and referenced fields, referential actions with Prisma's defaults, the
 * foreign key's name and the relation's shape; and the join tables of implicit many-to-many relations.
 *
 * <p>Prisma's rules (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations): an unnamed
 * relation is named after its two models, sorted and joined by {@code To}; {@code onDelete} defaults
 * to {@code SetNull} when a foreign-key field is optional and {@code Restrict} when all are required;
 * {@code onUpdate} defaults to {@code Cascade}
 * (https://www.prisma.io/docs/orm/prisma-schema/data-model/relations/referential-actions).
 */
public final class RelationResolver {

    private final SchemaNames names;
    private final ConstraintNames constraintNames;

    /**
     * Creates a resolver.
     *
     * @param names           the schema's names
     * @param constraintNames the naming rules of the schema's database
     */
    public RelationResolver(SchemaNames names, ConstraintNames constraintNames) {
        this.names = names;
        this.constraintNames = constraintNames;
    }

    /**
     * One relation field as written.
     *
     * @param model    the model holding it
     * @param field    the field
     * @param target   the model its type names
     * @param name     the relation name, declared or default
     * @param relation its {@code @relation} attribute, when written
     */
    public record RelationField(ModelBlock model, FieldDeclaration field, String target, String name,
                                Optional<Attribute> relation) {

        /** Returns the {@code fields:} argument's field names. */
        public List<String> fields() {
            return ArgumentValues.fieldNames(relation.flatMap(a -> a.named("fields")));
        }

        /** Returns the {@code references:} argument's field names. */
        public List<String> references() {
            return ArgumentValues.fieldNames(relation.flatMap(a -> a.named("references")));
        }

        /** Returns true for a list field ({@code Post[]}). */
        public boolean list() {
            return field.type().arity() == TypeReference.Arity.LIST;
        }
    }

    /**
     * The resolved relations of a schema.
     *
     * @param sides      each relation field's side, by model name then field name
     * @param joinTables the join tables of implicit many-to-many relations, by relation name
     */
    public record Relations(Map<String, Map<String, RelationInfo>> sides, List<JoinTable> joinTables) {
    }

    /**
     * Lists every relation field of every model and view, in source order.
     *
     * @return the relation fields
     */
    public List<RelationField> relationFields() {
        List<RelationField> result = new ArrayList<>();
        for (ModelBlock model : names.models().values()) {
            for (FieldDeclaration field : model.fields()) {
                String target = field.type().name().text();
                if (!names.models().containsKey(target) || field.type().unsupported().isPresent()) {
                    continue;
                }
                Optional<Attribute> relation = field.attribute("relation");
                String name = relation.flatMap(a -> ArgumentValues.string(a, "name"))
                        .orElseGet(() -> defaultName(model.name().text(), target));
                result.add(new RelationField(model, field, target, name, relation));
            }
        }
        return result;
    }

    /**
     * Returns Prisma's name for an unnamed relation between two models.
     *
     * @param a one model's name
     * @param b the other's
     * @return the names sorted and joined by {@code To}, e.g. {@code PostToUser}
     */
    public static String defaultName(String a, String b) {
        return a.compareTo(b) <= 0 ? a + "To" + b : b + "To" + a;
    }

    /**
     * Groups relation fields by model, target model and relation name, for finding sides quickly.
     *
     * @param all every relation field
     * @return the fields of each {@link #key(String, String, String)}, in source order
     */
    public static Map<String, List<RelationField>> index(List<RelationField> all) {
        Map<String, List<RelationField>> index = new HashMap<>();
        for (RelationField field : all) {
            index.computeIfAbsent(key(field.model().name().text(), field.target(), field.name()), k -> new ArrayList<>()).add(field);
        }
        return index;
    }

    /**
     * Returns the key under which {@link #index(List)} files a relation field.
     *
     * @param model    the model holding the field
     * @param target   the model it points to
     * @param relation the relation name
     * @return the key
     */
    public static String key(String model, String target, String relation) {
        return model + "\u0000" + target + "\u0000" + relation;
    }

    /**
     * Finds the other side of a relation field.
     *
     * @param index every relation field, grouped by {@link #index(List)}
     * @param field one of them
     * @return the field on the target model with the same relation name pointing back, or empty
     */
    public static Optional<RelationField> backField(Map<String, List<RelationField>> index, RelationField field) {
        return index.getOrDefault(key(field.target(), field.model().name().text(), field.name()), List.of()).stream()
                .filter(other -> other != field)
                .findFirst();
    }

    /**
     * Resolves every relation.
     *
     * @return both sides of each relation and the implicit join tables
     */
    public Relations resolve() {
        List<RelationField> all = relationFields();
        Map<String, List<RelationField>> index = index(all);
        Map<String, Map<String, RelationInfo>> sides = new HashMap<>();
        Map<String, JoinTable> joinTables = new LinkedHashMap<>();
        for (RelationField field : all) {
            Optional<RelationField> back = backField(index, field);
            RelationInfo info = side(field, back);
            sides.computeIfAbsent(field.model().name().text(), k -> new HashMap<>()).put(field.field().name().text(), info);
            if (info.kind() == RelationKind.MANY_TO_MANY && back.isPresent()) {
                joinTables.computeIfAbsent(field.name(), n -> joinTable(field, back.get()));
            }
        }
        List<JoinTable> tables = joinTables.values().stream().sorted(Comparator.comparing(JoinTable::relationName)).toList();
        return new Relations(sides, tables);
    }

    private RelationInfo side(RelationField field, Optional<RelationField> back) {
        Optional<String> backName = back.map(b -> b.field().name().text());
        if (field.list() && back.map(RelationField::list).orElse(false)) {
            return new RelationInfo(field.name(), field.target(), backName, List.of(), List.of(),
                    ReferentialAction.CASCADE, ReferentialAction.CASCADE, Optional.empty(), RelationKind.MANY_TO_MANY);
        }
        boolean holdsKey = !field.fields().isEmpty();
        RelationField keySide = holdsKey ? field : back.filter(b -> !b.fields().isEmpty()).orElse(field);
        ReferentialAction onDelete = declared(keySide, "onDelete").orElse(defaultOnDelete(keySide));
        ReferentialAction onUpdate = declared(keySide, "onUpdate").orElse(ReferentialAction.CASCADE);
        RelationKind kind;
        if (holdsKey) {
            kind = back.isPresent() && !back.get().list() ? RelationKind.ONE_TO_ONE : RelationKind.MANY_TO_ONE;
        } else {
            kind = field.list() ? RelationKind.ONE_TO_MANY : RelationKind.ONE_TO_ONE;
        }
        Optional<String> foreignKey = holdsKey ? Optional.of(foreignKeyName(field)) : Optional.empty();
        return new RelationInfo(field.name(), field.target(), backName, field.fields(), field.references(),
                onDelete, onUpdate, foreignKey, kind,
                holdsKey && declared(field, "onDelete").isPresent(), holdsKey && declared(field, "onUpdate").isPresent());
    }

    private static Optional<ReferentialAction> declared(RelationField field, String argument) {
        return field.relation().flatMap(a -> a.named(argument))
                .flatMap(a -> ArgumentValues.constant(a.value()))
                .map(ReferentialAction::fromPrismaName);
    }

    private static ReferentialAction defaultOnDelete(RelationField keySide) {
        boolean anyOptional = keySide.fields().stream()
                .map(name -> keySide.model().field(name))
                .flatMap(Optional::stream)
                .anyMatch(f -> f.type().arity() == TypeReference.Arity.OPTIONAL);
        return anyOptional ? ReferentialAction.SET_NULL : ReferentialAction.RESTRICT;
    }

    private String foreignKeyName(RelationField field) {
        Optional<String> map = field.relation().flatMap(a -> ArgumentValues.namedString(a, "map"));
        if (map.isPresent()) {
            return map.get();
        }
        List<String> columns = field.fields().stream().map(name -> column(field.model(), name)).toList();
        return constraintNames.foreignKey(names.tableName(field.model()), columns);
    }

    private String column(ModelBlock model, String fieldName) {
        return names.columnName(model, fieldName);
    }

    private static JoinTable joinTable(RelationField one, RelationField other) {
        String modelOne = one.model().name().text();
        String modelOther = other.model().name().text();
        boolean oneFirst = modelOne.compareTo(modelOther) < 0
                || (modelOne.equals(modelOther) && one.field().name().text().compareTo(other.field().name().text()) <= 0);
        RelationField a = oneFirst ? one : other;
        RelationField b = oneFirst ? other : one;
        return new JoinTable(one.name(), "_" + one.name(), a.model().name().text(), a.field().name().text(),
                b.model().name().text(), b.field().name().text());
    }
}
