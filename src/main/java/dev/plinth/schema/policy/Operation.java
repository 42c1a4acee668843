package dev.plinth.schema.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * An operation an access rule governs (ZenStack's policy operations,
 * https://zenstack.dev/docs/reference/zmodel-language#access-policy); {@code all} in a rule stands for
 * every one of them.
 */
public enum Operation {
    CREATE, READ, UPDATE, DELETE;

    /** Returns the name as written in rules, e.g. {@code read}. */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads an operation name as written in a rule.
     *
     * @param name {@code create}, {@code read}, {@code update} or {@code delete}
     * @return the operation, or empty for any other text ({@code all} included)
     */
    public static Optional<Operation> of(String name) {
        for (Operation op : values()) {
            if (op.ruleName().equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
