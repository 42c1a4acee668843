package dev.plinth.query;

import dev.plinth.schema.model.Field;
import java.util.List;

/**
 * A parsed filter: a tree of column comparisons joined by {@code and}, {@code or} and {@code not}.
 *
 * <p>Top-level list parameters are joined by {@link All}; {@code or=(…)}, {@code and=(…)} and
 * {@code not=(…)} groups become {@link Any}, {@link All} and {@link Not} (a {@code not} group with
 * several items negates their conjunction).
 */
public sealed interface Filter {

    /**
     * One lookup on one column, e.g. {@code created_at__gte=2026-01-01}.
     *
     * @param parameter the key as the client wrote it ({@code created_at__gte}), for messages
     * @param field     the column, resolved in the model
     * @param kind      how the column's values are typed
     * @param operator  the lookup
     * @param values    the parsed values in the column's Java type (see {@link ColumnKind}): one for a
     *                  scalar lookup, one or more for {@code in}/{@code nin}, one {@link Boolean} for
     *                  {@code isnull}, one {@link String} for the text lookups
     */
    record Comparison(String parameter, Field field, ColumnKind kind, Operator operator, List<Object> values)
            implements Filter {
        public Comparison {
            values = List.copyOf(values);
        }
    }

    /** Every part holds; an empty list holds always. */
    record All(List<Filter> parts) implements Filter {
        public All {
            parts = List.copyOf(parts);
        }
    }

    /** At least one part holds. */
    record Any(List<Filter> parts) implements Filter {
        public Any {
            parts = List.copyOf(parts);
        }
    }

    /** The part does not hold (a comparison with NULL is unknown, so neither it nor its negation holds). */
    record Not(Filter part) implements Filter {
    }
}
