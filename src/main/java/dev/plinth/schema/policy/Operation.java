package dev.plinth.schema.policy;

import java.util.Locale;
import java.util.Optional;

/**
 * An operation an access rule governs (ZenStack's policy operations,
 * https://zenstack.dev/docs/reference/zmodel-language#access-policy); {@code all} in a rule stands for
 * every one of them. {@code list} and {@code get} are Quickback's finer read operations
 * (docs/access-rules.md, "list and get"): {@code list} governs the collection route
 * ({@code GET /api/{resource}}), {@code get} every other read (one row, includes, related rows, the
 * read part of writes), and {@code read} is their union. The compiler expands a rule's operations so
 * that a {@code read} rule also holds {@code LIST} and {@code GET}, and a {@code get} rule holds
 * {@code READ} (the operation every read other than the collection route is decided by).
 */
public enum Operation {
    CREATE, READ, UPDATE, DELETE, LIST, GET;

    /** Returns the name as written in rules, e.g. {@code read}. */
    public String ruleName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads an operation name as written in a rule.
     *
     * @param name {@code create}, {@code read}, {@code update}, {@code delete}, {@code list} or {@code get}
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
