package dev.plinth.schema.rules;

import dev.plinth.schema.model.Span;
import dev.plinth.schema.policy.Condition;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code @@validate(condition, "message"?, path: [...]?)} of a model, type-checked: enum values in
 * the condition are already their stored names.
 *
 * @param condition the condition every written row must meet (SQL's rule: it fails only when false)
 * @param text      the condition as written, for the default message
 * @param message   the custom message, when given
 * @param path      ZenStack's {@code path}: where the failure is reported (joined with {@code .}); empty
 *                  reports it on the row as a whole
 * @param fields    the schema names of the fields the condition reads
 * @param patterns  the compiled patterns of the condition's {@code regex()} calls, by their text
 * @param span      where the attribute is written
 */
public record ModelRule(Condition condition, String text, Optional<String> message, List<String> path,
                        List<String> fields, Map<String, Pattern> patterns, Span span) {
    public ModelRule {
        path = List.copyOf(path);
        fields = List.copyOf(fields);
        patterns = Map.copyOf(patterns);
    }

    /** Returns the message of a failure: the custom one, or one quoting the condition. */
    public String failureMessage() {
        return message.orElse("the row does not meet the rule " + text);
    }
}
