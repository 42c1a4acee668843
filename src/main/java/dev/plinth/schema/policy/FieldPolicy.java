package dev.plinth.schema.policy;

import java.util.List;
import java.util.Optional;

/**
 * The access attributes of one field.
 *
 * @param field       the field's schema name
 * @param rules       its {@code @allow}/{@code @deny} rules (operations create, read, update)
 * @param omit        true for {@code @omit}: never in a response, never in a query
 * @param mask        its {@code @mask}, if any
 * @param authDefault the claim of {@code @default(auth().claim)} ({@code id} is the subject), if any
 */
public record FieldPolicy(String field, List<AccessRule> rules, boolean omit, Optional<FieldMask> mask,
                          Optional<String> authDefault) {
    public FieldPolicy {
        rules = List.copyOf(rules);
    }

    /** Returns true when some rule of the field governs the operation. */
    public boolean governs(Operation op) {
        return rules.stream().anyMatch(r -> r.operations().contains(op));
    }

    /**
     * A {@code @mask}.
     *
     * @param kind   how values are masked
     * @param unless the condition under which the value is shown as stored; empty: always masked
     */
    public record FieldMask(MaskKind kind, Optional<Condition> unless) {
    }
}
