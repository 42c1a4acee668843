package dev.plinth.schema.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The data rules of one field: its transforms, applied in the order written, then its validators.
 *
 * @param field      the field's schema name
 * @param transforms {@code @trim}, {@code @lower}, {@code @upper}, in the order written
 * @param validators the validators, in the order written
 */
public record FieldRules(String field, List<Transform> transforms, List<FieldValidator> validators) {
    public FieldRules {
        transforms = List.copyOf(transforms);
        validators = List.copyOf(validators);
    }

    /**
     * Applies the transforms to a text value.
     *
     * @param value the text sent
     * @return the transformed text
     */
    public String transform(String value) {
        String out = value;
        for (Transform t : transforms) {
            out = t.apply(out);
        }
        return out;
    }

    /**
     * Runs every validator on a value.
     *
     * @param apiName the name failures carry (the field's API name)
     * @param value   the value in the evaluation domain ({@link RowValues}); null passes
     * @return one failure per failed validator, in the order written
     */
    public List<RuleFailure> check(String apiName, Object value) {
        if (value == null || validators.isEmpty()) {
            return List.of();
        }
        List<RuleFailure> out = new ArrayList<>(1);
        for (FieldValidator v : validators) {
            Optional<FieldValidator.Failure> f = v.check(value);
            f.ifPresent(x -> out.add(new RuleFailure(apiName, x.code(), x.message())));
        }
        return out;
    }
}
