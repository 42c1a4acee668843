package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import java.util.List;
import java.util.Optional;

/**
 * A list request's parameters, parsed and checked against the model: what {@link SqlRenderer} turns into SQL.
 *
 * <p>Built by {@link QueryParser#parse}. Every column here is a served column of {@link #model()},
 * so identifiers reaching SQL come from the schema only.
 *
 * @param model       the model listed
 * @param filter      the filter; an {@link Filter.All} with no parts when the request had none
 * @param order       the total order: the {@code orderBy} terms, then the primary key columns not already
 *                    named (ascending), so that no two rows tie and pages are stable; the primary key
 *                    ascending when no {@code orderBy} was given
 * @param orderShape  the order as written in cursors, e.g. {@code created_at:desc,id:asc}
 * @param selection   the columns to return, in {@code select} order or model order
 * @param pagination  page/per_page or cursor/limit
 * @param count       how the total is counted: {@link CountMode#EXACT} for {@code count=true} (the caller also
 *                    runs {@link SqlRenderer#count}), {@link CountMode#NONE} without it; a {@code Prefer: count=…}
 *                    header sets it through {@link #withCount}
 * @param search      the {@code q} search, on models with {@code @@fulltext}
 * @param withDeleted true for {@code with_deleted=true}: soft-deleted rows are shown
 * @param include     the relation fields of {@code include}
 */
public record ListQuery(
        Model model,
        Filter filter,
        List<OrderTerm> order,
        String orderShape,
        List<Field> selection,
        Pagination pagination,
        CountMode count,
        Optional<FullTextSearch> search,
        boolean withDeleted,
        List<String> include) {

    public ListQuery {
        order = List.copyOf(order);
        selection = List.copyOf(selection);
        include = List.copyOf(include);
    }

    /**
     * Returns the query counted as {@code mode} asks (a {@code Prefer: count=…} header).
     *
     * @param mode how to count
     * @return the query with {@link #count()} set
     */
    public ListQuery withCount(CountMode mode) {
        return new ListQuery(model, filter, order, orderShape, selection, pagination, mode, search, withDeleted, include);
    }

    /**
     * Returns true when no page of rows is read, only (perhaps) the total: {@code per_page=0}.
     */
    public boolean countOnly() {
        return pagination instanceof Pagination.Offset o && o.perPage() == 0;
    }

    /** Returns true when the request had at least one filter parameter (collection PATCH and DELETE require one). */
    public boolean hasFilter() {
        return !(filter instanceof Filter.All all && all.parts().isEmpty());
    }

    /**
     * Returns the soft-delete column ({@code deleted_at}, docs/api.md's column conventions) when the model has
     * one and {@code with_deleted=true} was not given: rows whose value is not NULL are hidden.
     */
    public Optional<Field> hiddenDeletedColumn() {
        return withDeleted ? Optional.empty() : SoftDelete.column(model);
    }
}
