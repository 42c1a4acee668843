package dev.plinth.query;

import java.util.Optional;

/** How a list is cut into pages: by page number ({@code page}/{@code per_page}) or by keyset ({@code cursor}/{@code limit}). */
public sealed interface Pagination {

    /** Returns the most rows one page shows. */
    int pageSize();

    /**
     * Offset pagination: rows {@code (page-1)*perPage + 1} to {@code page*perPage}.
     *
     * @param page    1-based page number
     * @param perPage rows per page, 1 to the parser's maximum, or {@link #ALL}
     */
    record Offset(int page, int perPage) implements Pagination {

        /** {@code per_page=all}: every matching row on page 1 (an export, streamed). */
        public static final int ALL = Integer.MAX_VALUE;

        /** Returns true for {@code per_page=all}. */
        public boolean all() {
            return perPage == ALL;
        }

        @Override
        public int pageSize() {
            return perPage;
        }

        /** Returns the number of rows skipped. */
        public long offset() {
            return (long) (page - 1) * perPage;
        }
    }

    /**
     * Keyset pagination: the rows after a position in the (total) order.
     *
     * @param limit rows per page, 1 to the parser's maximum
     * @param after the position after which the page starts (decoded from {@code cursor}), or empty for the first page
     */
    record Keyset(int limit, Optional<KeysetPosition> after) implements Pagination {
        @Override
        public int pageSize() {
            return limit;
        }
    }
}
