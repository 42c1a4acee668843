package dev.plinth.api.access;

import dev.plinth.api.record.Caller;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.AccessRule;
import dev.plinth.schema.policy.Condition;
import dev.plinth.schema.policy.FieldPolicy;
import dev.plinth.schema.policy.Operation;

import java.time.Clock;
import java.util.List;

/**
 * Combines a set of rules for one caller and operation, with ZenStack's semantics
 * (https://zenstack.dev/docs/the-complete-guide/part1/access-policy): allowed when at least one
 * allow rule holds and no deny rule holds. A model with rules but none for the operation denies it; a
 * field without rules for the operation allows it.
 */
final class RuleDecision {

    private final Schema schema;
    private final Clock clock;

    RuleDecision(Schema schema, Clock clock) {
        this.schema = schema;
        this.clock = clock;
    }

    /** The block rules of a model for an operation (FALSE when none governs it). */
    Truth model(Model model, List<AccessRule> rules, Caller caller, Operation op) {
        return combine(model, rules, caller, op, Truth.FALSE);
    }

    /** The rules of a field for an operation (TRUE when none governs it). */
    Truth field(Model model, FieldPolicy field, Caller caller, Operation op) {
        if (!field.governs(op)) {
            return Truth.TRUE;
        }
        boolean allows = field.rules().stream().anyMatch(r -> r.allow() && r.operations().contains(op));
        return combine(model, field.rules(), caller, op, allows ? Truth.FALSE : Truth.TRUE);
    }

    /** One condition for a caller. */
    Truth condition(Model model, Condition condition, Caller caller) {
        return new ConditionEvaluator(schema, model, caller, clock.instant()).eval(condition);
    }

    private Truth combine(Model model, List<AccessRule> rules, Caller caller, Operation op, Truth allowWithoutRules) {
        ConditionEvaluator eval = new ConditionEvaluator(schema, model, caller, clock.instant());
        Truth allow = allowWithoutRules;
        Truth deny = Truth.FALSE;
        for (AccessRule r : rules) {
            if (!r.operations().contains(op)) {
                continue;
            }
            if (r.allow()) {
                allow = Truth.or(allow, eval.eval(r.condition()));
            } else {
                deny = Truth.or(deny, eval.eval(r.condition()));
            }
        }
        return Truth.and(allow, Truth.not(deny));
    }
}
