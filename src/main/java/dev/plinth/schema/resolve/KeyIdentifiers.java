package dev.plinth.schema.resolve;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.IdStrategy;
import dev.plinth.schema.model.KeyNormalization;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.PlinthSettings;
import dev.plinth.schema.model.RelationInfo;
import dev.plinth.schema.model.ScalarType;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.syntax.Argument;
import dev.plinth.schema.syntax.Expression;
import dev.plinth.schema.syntax.ModelBlock;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Completes the keys of a resolved schema with Plinth's identifier settings (docs/schema.md, "Identifiers"):
 * the default {@code id_strategy} gives a key without {@code @default}, and the {@code @@normalizeKey(…)} of a
 * model on its String key fields and on the foreign keys that reference them. A schema without either is
 * returned unchanged.
 */
public final class KeyIdentifiers {

    /** The model attribute naming the key's normalization. */
    public static final String NORMALIZE_KEY = "normalizeKey";

    private KeyIdentifiers() {
    }

    /**
     * Applies the settings.
     *
     * @param schema the resolved schema
     * @param names  the schema's blocks by name (for {@code @@normalizeKey})
     * @return the schema with completed keys; {@code schema} itself when nothing applies
     */
    public static Schema apply(Schema schema, SchemaNames names) {
        Optional<IdStrategy> strategy = IdStrategy.of(PlinthSettings.of(schema));
        boolean changed = false;
        Map<String, Model> models = new LinkedHashMap<>();
        for (Model model : schema.models()) {
            KeyNormalization normalization = names.model(model.name()).map(KeyIdentifiers::normalization)
                    .orElse(KeyNormalization.NONE);
            Optional<Field> generated = strategy.flatMap(s -> generatedKey(model, s));
            List<Field> fields = new ArrayList<>();
            for (Field f : model.fields()) {
                Field out = f;
                if (!normalization.isNone() && keyField(model, f) && f.scalarType().orElse(null) == ScalarType.STRING) {
                    out = out.withNormalization(normalization);
                }
                if (generated.isPresent() && generated.get().name().equals(f.name())) {
                    out = out.withDefault(strategy.get().defaultFor(model.name()).orElseThrow());
                }
                fields.add(out);
            }
            changed |= !fields.equals(model.fields());
            models.put(model.name(), fields.equals(model.fields()) ? model : model.withFields(fields));
        }
        changed |= propagate(models);
        if (!changed) {
            return schema;
        }
        return new Schema(schema.datasource(), schema.generators(), List.copyOf(models.values()), schema.enums(),
                schema.joinTables(), schema.types());
    }

    /**
     * The key field a strategy gives a default: the single field of the primary key of a served model,
     * of a type the strategy makes, without {@code @default} and not itself a foreign key (a one-to-one
     * child sharing its parent's key takes the parent's value).
     *
     * @param model    the model
     * @param strategy the schema's strategy
     * @return the field, or empty when the strategy leaves the model's key alone
     */
    public static Optional<Field> generatedKey(Model model, IdStrategy strategy) {
        if (strategy == IdStrategy.FALSE || model.view() || model.ignored() || model.primaryKey().isEmpty()
                || model.primaryKey().get().fields().size() != 1) {
            return Optional.empty();
        }
        Optional<Field> key = model.field(model.primaryKey().get().fieldNames().getFirst());
        return key.filter(f -> f.defaultValue().isEmpty() && !foreignKey(model, f.name())
                && f.scalarType().map(strategy::fits).orElse(false));
    }

    /**
     * Reads a model's {@code @@normalizeKey(trim)} or {@code @@normalizeKey([trim, lower])}.
     *
     * @param block the model's block
     * @return the steps the validator accepted, in order; {@link KeyNormalization#NONE} without the attribute
     */
    public static KeyNormalization normalization(ModelBlock block) {
        return block.attribute(NORMALIZE_KEY).flatMap(a -> a.namedOrFirst("steps")).map(Argument::value)
                .map(KeyIdentifiers::steps).orElse(KeyNormalization.NONE);
    }

    private static KeyNormalization steps(Expression value) {
        List<Expression> elements = value instanceof Expression.ArrayValue a ? a.elements() : List.of(value);
        List<KeyNormalization.Step> steps = new ArrayList<>();
        for (Expression e : elements) {
            ArgumentValues.constant(e).flatMap(KeyNormalization.Step::of).ifPresent(steps::add);
        }
        return new KeyNormalization(steps);
    }

    private static boolean keyField(Model model, Field field) {
        return model.primaryKey().map(pk -> pk.fieldNames().contains(field.name())).orElse(false);
    }

    private static boolean foreignKey(Model model, String fieldName) {
        return model.relationFields().stream().map(f -> f.relation().orElse(null))
                .anyMatch(r -> r != null && r.fields().contains(fieldName));
    }

    /**
     * Gives each String foreign key the normalization of the key it references, so a body's
     * {@code roomId: " A-12 "} finds the room stored as {@code a-12}.
     *
     * @return true when a field changed
     */
    private static boolean propagate(Map<String, Model> models) {
        boolean changed = false;
        for (Model model : List.copyOf(models.values())) {
            Map<String, KeyNormalization> byField = new LinkedHashMap<>();
            for (Field relationField : model.relationFields()) {
                RelationInfo r = relationField.relation().orElse(null);
                Model target = r == null ? null : models.get(r.targetModel());
                if (target == null || !r.holdsForeignKey()) {
                    continue;
                }
                for (int i = 0; i < r.fields().size() && i < r.references().size(); i++) {
                    KeyNormalization n = target.field(r.references().get(i)).map(Field::normalization).orElse(KeyNormalization.NONE);
                    if (!n.isNone()) {
                        byField.putIfAbsent(r.fields().get(i), n);
                    }
                }
            }
            if (byField.isEmpty()) {
                continue;
            }
            List<Field> fields = model.fields().stream().map(f -> byField.containsKey(f.name()) && f.normalization().isNone()
                    && f.scalarType().orElse(null) == ScalarType.STRING ? f.withNormalization(byField.get(f.name())) : f).toList();
            if (!fields.equals(model.fields())) {
                models.put(model.name(), model.withFields(fields));
                changed = true;
            }
        }
        return changed;
    }
}
