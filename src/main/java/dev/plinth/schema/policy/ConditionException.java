package dev.plinth.schema.policy;

import dev.plinth.schema.model.Span;

/** A rule condition that cannot be read or compiled, with where it goes wrong. */
public final class ConditionException extends Exception {

    private final transient Span span;

    /**
     * @param message what is wrong
     * @param span    where
     */
    public ConditionException(String message, Span span) {
        super(message);
        this.span = span;
    }

    /** Returns where the problem is. */
    public Span span() {
        return span;
    }
}
