package dev.plinth.api.record;

import dev.plinth.query.Filter;
import dev.plinth.query.RenderedSql;

import java.util.Optional;

/**
 * Which rows a request may see, and how it sees them: the owner's rows on an owner-scoped table,
 * the rows the access rules or tenant conventions let through (docs/access-rules.md), soft-deleted
 * rows only when asked for, and the caller's view of a row (fields hidden or masked).
 *
 * @param owner          the caller's {@code user_id} bind value on an owner-scoped table, else empty
 * @param includeDeleted true to see soft-deleted rows ({@code with_deleted=true}, restore)
 * @param rows           the access condition on rows, as a filter for list statements, else empty
 * @param rowsSql        the same condition rendered as SQL for single-row statements
 * @param writer         the caller's row writer when fields are hidden or masked for it, else empty
 */
public record Scope(Optional<Object> owner, boolean includeDeleted, Optional<Filter> rows,
                    Optional<RenderedSql> rowsSql, Optional<RowWriter> writer) {

    /**
     * A scope without access conditions.
     *
     * @param owner          the owner bind value, or empty
     * @param includeDeleted true to see soft-deleted rows
     */
    public Scope(Optional<Object> owner, boolean includeDeleted) {
        this(owner, includeDeleted, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Returns this scope seeing soft-deleted rows too. */
    public Scope withDeleted() {
        return new Scope(owner, true, rows, rowsSql, writer);
    }
}
