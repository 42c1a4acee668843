package dev.plinth.query;

import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.IndexField;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the queries that fetch the rows related to a page of rows — {@code include}, display labels,
 * nested routes — from key values already read from the database, so they pass through the same
 * parsing, scoping and soft-delete rules as any list.
 */
public final class RelatedRows {

    private RelatedRows() {
    }

    /**
     * A filter matching rows whose {@code columns} equal one of the key tuples.
     *
     * @param model   the model filtered
     * @param columns the key columns of {@code model}
     * @param keys    the key tuples, each value as text in the column's syntax (a JSON number or string as
     *                the API writes it); no tuple may hold a null
     * @param schema  the schema (for enum values)
     * @return {@code col IN (…)} for one column, an OR of ANDs for several
     * @throws QueryException when a value does not parse as its column's type
     * @throws IllegalArgumentException when {@code keys} is empty or a column is not served
     */
    public static Filter keyIn(Model model, List<Field> columns, List<List<String>> keys, Schema schema) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no keys");
        }
        if (columns.size() == 1) {
            Field f = columns.getFirst();
            ColumnKind kind = kind(f);
            List<Object> values = new ArrayList<>(keys.size());
            for (List<String> k : keys) {
                values.add(ColumnValues.parse(k.getFirst(), f, kind, schema, f.columnName()));
            }
            return new Filter.Comparison(f.columnName() + "__in", f, kind, Operator.IN, values);
        }
        List<Filter> any = new ArrayList<>();
        for (List<String> k : keys) {
            any.add(equal(columns, k, schema));
        }
        return new Filter.Any(any);
    }

    /**
     * A filter matching rows whose {@code columns} equal one key tuple.
     *
     * @param columns the key columns
     * @param key     the values as text, one per column
     * @param schema  the schema
     * @return the AND of the equalities
     * @throws QueryException when a value does not parse as its column's type
     */
    public static Filter equal(List<Field> columns, List<String> key, Schema schema) {
        List<Filter> all = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Field f = columns.get(i);
            ColumnKind kind = kind(f);
            all.add(new Filter.Comparison(f.columnName(), f, kind, Operator.EQ,
                    List.of(ColumnValues.parse(key.get(i), f, kind, schema, f.columnName()))));
        }
        return new Filter.All(all);
    }

    /**
     * A query for every served column of the rows a filter matches, in primary-key order, one page of up to
     * {@code rows} rows.
     *
     * @param model  the model
     * @param filter the filter
     * @param rows   the most rows to return (at least 1)
     * @return the query (no search, no includes, soft-deleted rows hidden)
     */
    public static ListQuery query(Model model, Filter filter, int rows) {
        return query(model, filter, rows, model.fields().stream().filter(f -> ColumnKind.of(f).isPresent()).toList());
    }

    /**
     * A query for some columns of the rows a filter matches, in primary-key order, one page of up to
     * {@code rows} rows.
     *
     * @param model     the model
     * @param filter    the filter
     * @param rows      the most rows to return (at least 1)
     * @param selection the served columns to return
     * @return the query
     */
    public static ListQuery query(Model model, Filter filter, int rows, List<Field> selection) {
        return new ListQuery(model, filter, keyOrder(model), "", selection, new Pagination.Offset(1, Math.max(1, rows)),
                CountMode.NONE, Optional.empty(), false, List.of());
    }

    /**
     * Returns the query with a filter ANDed to its own (a nested route's foreign key).
     *
     * @param query the query
     * @param extra the filter to add
     * @return the narrowed query
     */
    public static ListQuery narrowed(ListQuery query, Filter extra) {
        return new ListQuery(query.model(), new Filter.All(List.of(query.filter(), extra)), query.order(), query.orderShape(),
                query.selection(), query.pagination(), query.count(), query.search(), query.withDeleted(), query.include());
    }

    private static List<OrderTerm> keyOrder(Model model) {
        List<OrderTerm> order = new ArrayList<>();
        for (IndexField k : model.primaryKey().map(pk -> pk.fields()).orElse(List.of())) {
            model.fieldByColumn(k.columnName()).flatMap(f -> ColumnKind.of(f).filter(ColumnKind::orderable)
                    .map(kind -> new OrderTerm(f, kind, false))).ifPresent(order::add);
        }
        return order;
    }

    private static ColumnKind kind(Field f) {
        return ColumnKind.of(f).orElseThrow(() -> new IllegalArgumentException("column " + f.columnName() + " is not served"));
    }
}
