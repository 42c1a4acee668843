package dev.plinth.api;

/**
 * The {@code Content-Range} of a counted list answer, as PostgREST writes it (PostgREST docs, "Exact Count";
 * RFC 9110 section 14.4): {@code first-last/total} with 0-based row positions, e.g. {@code 0-24/3573}, or
 * {@code *}{@code /total} when the page holds no row or its position is not known (a cursor page after the
 * first), e.g. {@code *}{@code /0}.
 */
public final class ContentRange {

    private ContentRange() {
    }

    /**
     * Renders the header's value.
     *
     * @param first the 0-based position of the page's first row in the whole ordered result, or -1 when unknown
     * @param rows  the rows on the page, 0 or more
     * @param total the total (exact or estimated), 0 or more
     * @return the value, e.g. {@code 0-24/3573} or {@code *}{@code /0}
     */
    public static String of(long first, int rows, long total) {
        if (first < 0 || rows == 0) {
            return "*/" + total;
        }
        return first + "-" + (first + rows - 1) + "/" + total;
    }
}
