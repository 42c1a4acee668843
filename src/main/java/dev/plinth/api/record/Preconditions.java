package dev.plinth.api.record;

import java.time.Instant;
import java.util.Optional;

/**
 * The optimistic-concurrency expectations of a PATCH or DELETE.
 *
 * @param ifMatch           the {@code If-Match} header (RFC 9110 section 13.1.1), or empty
 * @param expectedUpdatedAt the body's {@code _expected_updated_at}, or empty
 */
public record Preconditions(Optional<String> ifMatch, Optional<Instant> expectedUpdatedAt) {

    /** No expectations. */
    public static final Preconditions NONE = new Preconditions(Optional.empty(), Optional.empty());

    /**
     * Tells whether an {@code If-Match} header matches an entity tag, by RFC 9110's strong comparison:
     * {@code *} matches any existing row; weak tags never match.
     *
     * @param header the header value (a comma-separated list of entity tags, or {@code *})
     * @param etag   the row's current strong entity tag, quotes included
     * @return true when it matches
     */
    public static boolean matches(String header, String etag) {
        if (header.trim().equals("*")) {
            return true;
        }
        for (String tag : header.split(",")) {
            if (tag.trim().equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
