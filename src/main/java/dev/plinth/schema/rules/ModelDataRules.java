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
 * @param enumStoredNames for each enum field, its enum's stored value names by value name ({@code @map} of a
 *               value, else its name), so that a rule sees an enum {@code @default} as the API does
 */
public record ModelDataRules(String model, Map<String, FieldRules> fields, List<ModelRule> rules,
                             Map<String, Map<String, String>> enumStoredNames) {
    public ModelDataRules {
        fields = Map.copyOf(fields);
        rules = List.copyOf(rules);
        enumStoredNames = Map.copyOf(enumStoredNames);
    }

    /**
     * Rules without enum fields to map.
     *
     * @param model  the model's name
     * @param fields the rules by field schema name
     * @param rules  the model rules
     */
    public ModelDataRules(String model, Map<String, FieldRules> fields, List<ModelRule> rules) {
        this(model, fields, rules, Map.of());
    }

    /**
     * Returns the stored name of a value of an enum field.
     *
     * @param field the field's schema name
     * @param value the value's name in the schema
     * @return its stored name (the value itself when the field is not an enum or the value is unknown)
     */
    public String storedEnumValue(String field, String value) {
        return enumStoredNames.getOrDefault(field, Map.of()).getOrDefault(value, value);
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
