package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;

import java.util.Set;

/**
 * One {@code @@allow}/{@code @@deny} (model) or {@code @allow}/{@code @deny} (field) rule.
 *
 * @param allow      true for allow, false for deny
 * @param operations the operations it governs ({@code all} expanded)
 * @param condition  the checked condition
 * @param span       the attribute's span
 */
public record AccessRule(boolean allow, Set<Operation> operations, Condition condition, Span span) {
    public AccessRule {
        operations = Set.copyOf(operations);
    }
}
