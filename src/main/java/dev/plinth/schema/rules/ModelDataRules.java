package dev.plinth.schema.rules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data rules of one model: its fields' transforms and validators and its {@code @@validate} rules.
 *
 * @param model  the model's name
 * @param fields the rules by field schema name (only fields that have some)
 * @param rules  the model rules, in the order written
 */
public record ModelDataRules(String model, Map<String, FieldRules> fields, List<ModelRule> rules) {
    public ModelDataRules {
        fields = Map.copyOf(fields);
        rules = List.copyOf(rules);
    }

    /**
     * Returns a field's rules.
     *
     * @param field the field's schema name
     * @return its rules, or empty when it has none
     */
    public Optional<FieldRules> field(String field) {
        return Optional.ofNullable(fields.get(field));
    }

    /** Returns true when some field has a transform. */
    public boolean hasTransforms() {
        return fields.values().stream().anyMatch(f -> !f.transforms().isEmpty());
    }
}
