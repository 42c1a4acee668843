package dev.plinth.query;

import dev.plinth.schema.model.Field;
import java.util.Optional;

/**
 * One key of a list's order, from {@code orderBy=created_at:desc}, {@code orderBy=-created_at} or, inside
 * a Json field, {@code orderBy=meta.score:desc}.
 *
 * <p>NULLs sort as larger than every value on both databases: last when ascending, first when
 * descending (PostgreSQL's default; on SQLite the renderer writes {@code NULLS LAST}/{@code NULLS FIRST}).
 * A path orders numbers first (by value), then texts (by code point), then everything else (missing,
 * JSON null, booleans, objects, arrays) as NULL; descending reverses it.
 *
 * @param field      the column
 * @param kind       its kind (for cursor values)
 * @param descending true for {@code :desc} or a leading {@code -}
 * @param path       the path inside a Json field, when ordering by one
 */
public record OrderTerm(Field field, ColumnKind kind, boolean descending, Optional<JsonPath> path) {

    /** A term on a whole column. */
    public OrderTerm(Field field, ColumnKind kind, boolean descending) {
        this(field, kind, descending, Optional.empty());
    }

    /** Returns the term as the cursor records it, e.g. {@code created_at:desc} or {@code meta.score:asc}. */
    public String shape() {
        return field.columnName() + path.map(p -> "." + p.dotted()).orElse("") + (descending ? ":desc" : ":asc");
    }

    /** Returns true when the term may sort NULLs: a nullable column, or any path. */
    public boolean nullable() {
        return path.isPresent() || field.optional();
    }
}
