package dev.plinth.schema.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The compiled access policy of one model: its block rules and its fields' access attributes.
 *
 * @param model  the model's name
 * @param rules  the {@code @@allow}/{@code @@deny} rules in declaration order
 * @param fields the field policies by field name (only fields with access attributes)
 */
public record ModelPolicy(String model, List<AccessRule> rules, Map<String, FieldPolicy> fields) {
    public ModelPolicy {
        rules = List.copyOf(rules);
        fields = Map.copyOf(fields);
    }

    /**
     * Returns true when the model has block rules: every operation is then governed by them
     * (an operation without a rule is denied) and the owner and tenant conventions are off.
     */
    public boolean hasRules() {
        return !rules.isEmpty();
    }

    /**
     * Returns a field's policy.
     *
     * @param fieldName the field's schema name
     * @return the policy, or empty when the field has no access attributes
     */
    public Optional<FieldPolicy> field(String fieldName) {
        return Optional.ofNullable(fields.get(fieldName));
    }
}
