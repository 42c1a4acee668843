package dev.plinth.api.access;

import dev.plinth.query.Filter;

/**
 * A rule condition evaluated for one caller: decided already (the condition does not depend on the
 * row, or the caller's claims settle it), or a filter on the row left for SQL.
 */
public sealed interface Truth {

    /** Always true. */
    Truth TRUE = new Known(true);
    /** Always false. */
    Truth FALSE = new Known(false);

    /** A condition whose value is known without looking at a row. */
    record Known(boolean value) implements Truth {
    }

    /** A condition on the row's columns. */
    record Rows(Filter filter) implements Truth {
    }

    /** Returns true when the condition is known to hold. */
    default boolean isTrue() {
        return this instanceof Known k && k.value();
    }

    /** Returns true when the condition is known to fail. */
    default boolean isFalse() {
        return this instanceof Known k && !k.value();
    }

    /** Returns {@code a && b}, folding known values. */
    static Truth and(Truth a, Truth b) {
        if (a.isFalse() || b.isFalse()) {
            return FALSE;
        }
        if (a.isTrue()) {
            return b;
        }
        if (b.isTrue()) {
            return a;
        }
        return new Rows(new Filter.All(java.util.List.of(((Rows) a).filter(), ((Rows) b).filter())));
    }

    /** Returns {@code a || b}, folding known values. */
    static Truth or(Truth a, Truth b) {
        if (a.isTrue() || b.isTrue()) {
            return TRUE;
        }
        if (a.isFalse()) {
            return b;
        }
        if (b.isFalse()) {
            return a;
        }
        return new Rows(new Filter.Any(java.util.List.of(((Rows) a).filter(), ((Rows) b).filter())));
    }

    /** Returns {@code !a}, folding known values. */
    static Truth not(Truth a) {
        return switch (a) {
            case Known k -> new Known(!k.value());
            case Rows r -> new Rows(new Filter.Not(r.filter()));
        };
    }
}
