package dev.plinth.query;

import dev.plinth.schema.model.Field;

/**
 * One key of a list's order, from {@code orderBy=created_at:desc} or {@code orderBy=-created_at}.
 *
 * <p>NULLs sort as larger than every value on both databases: last when ascending, first when
 * descending (PostgreSQL's default; on SQLite the renderer writes {@code NULLS LAST}/{@code NULLS FIRST}).
 *
 * @param field      the column
 * @param kind       its kind (for cursor values)
 * @param descending true for {@code :desc} or a leading {@code -}
 */
public record OrderTerm(Field field, ColumnKind kind, boolean descending) {

    /** Returns the term as the cursor records it, e.g. {@code created_at:desc}. */
    public String shape() {
        return field.columnName() + (descending ? ":desc" : ":asc");
    }
}
