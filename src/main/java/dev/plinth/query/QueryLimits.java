package dev.plinth.query;

/**
 * The bounds {@link QueryParser} enforces on a list request, so that one request cannot ask the
 * database for unbounded work.
 *
 * @param defaultPageSize   rows per page when neither {@code per_page} nor {@code limit} is given
 * @param maxPageSize       the largest {@code per_page} and {@code limit} accepted
 * @param maxListValues     the most values in all {@code __in}/{@code __nin} lists of one request
 * @param maxConditions     the most column comparisons in one request, all groups included
 * @param maxGroupDepth     how deeply {@code or}/{@code and}/{@code not} groups may nest
 */
public record QueryLimits(int defaultPageSize, int maxPageSize, int maxListValues, int maxConditions, int maxGroupDepth) {

    /**
     * Plinth's documented defaults: 50 rows per page, at most 10,000 (and {@code per_page=all}); 500 list
     * values per request; 100 conditions; depth 8.
     */
    public static final QueryLimits DEFAULT = new QueryLimits(50, 10_000, 500, 100, 8);

    public QueryLimits {
        if (defaultPageSize < 1 || maxPageSize < defaultPageSize || maxListValues < 1 || maxConditions < 1 || maxGroupDepth < 1) {
            throw new IllegalArgumentException("query limits must be positive, with default page size <= maximum");
        }
    }
}
