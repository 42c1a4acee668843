package dev.plinth.schema.rules;

import java.util.Map;
import java.util.Optional;

/**
 * The compiled data rules of a schema, by model name (docs/schema.md, "Validators and model rules").
 * Models without validators, transforms or {@code @@validate} have no entry, so writing them costs nothing.
 *
 * @param models the rules by model name
 */
public record DataRules(Map<String, ModelDataRules> models) {

    /** A schema without data rules. */
    public static final DataRules NONE = new DataRules(Map.of());

    public DataRules {
        models = Map.copyOf(models);
    }

    /**
     * Returns a model's rules.
     *
     * @param model the model's name
     * @return its rules, or empty when it has none
     */
    public Optional<ModelDataRules> model(String model) {
        return Optional.ofNullable(models.get(model));
    }

    /** Returns true when no model has data rules. */
    public boolean isEmpty() {
        return models.isEmpty();
    }
}
