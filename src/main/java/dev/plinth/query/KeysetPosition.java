package dev.plinth.query;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A position in a list's total order: the sort values of the last row of a page, one per
 * {@link ListQuery#order()} term, in the terms' Java types (a value may be null for a nullable column).
 *
 * @param values the last row's value of each order term, in order
 */
public record KeysetPosition(List<Object> values) {

    public KeysetPosition {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }
}
