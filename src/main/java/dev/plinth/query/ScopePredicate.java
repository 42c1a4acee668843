package dev.plinth.query;

import dev.plinth.schema.model.Field;

/**
 * A condition the server adds to a request's filter, whatever the client asked: owner scoping
 * ({@code user_id = ?}), tenant scoping, or a row's key. Rendered ANDed with the filter.
 */
public sealed interface ScopePredicate {

    /** Returns the column the condition is on (a column of the queried model). */
    Field field();

    /**
     * The column equals a value.
     *
     * @param field the column
     * @param value the value in the column's Java type (see {@link ColumnKind}), e.g. the caller's user
     *              id as a {@link String}, {@link Integer} or {@link Long}; never null (use {@link IsNull})
     */
    record Equals(Field field, Object value) implements ScopePredicate {
        public Equals {
            if (value == null) {
                throw new IllegalArgumentException("a scope value cannot be null; use IsNull");
            }
        }
    }

    /**
     * The column is NULL.
     *
     * @param field the column
     */
    record IsNull(Field field) implements ScopePredicate {
    }
}
