package dev.plinth.query;

import java.util.Collections;
import java.util.List;

/**
 * A SQL statement with {@code ?} placeholders and the values to bind to them, in order.
 *
 * <p>Bind each value with {@link java.sql.PreparedStatement#setObject(int, Object)} at its 1-based
 * position. The values are already converted for the dialect (see {@link SqlRenderer}); a value may be null.
 *
 * @param sql   the statement text; the same text for every request of the same shape
 * @param binds the values, one per placeholder
 */
public record RenderedSql(String sql, List<Object> binds) {

    public RenderedSql {
        binds = Collections.unmodifiableList(binds);
    }
}
