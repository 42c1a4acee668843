package dev.plinth.api;

import io.javalin.http.Context;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of one request, answered in the {@code X-Request-Id} header and written on every log line
 * about the request, so that an answer a client reports can be found in the log (where the database's
 * own error text goes, never into the answer). An incoming {@code X-Request-Id} set by a proxy or the
 * client is kept when it is sane (1 to 128 characters of letters, digits and {@code . _ ~ : + / = @ -});
 * otherwise a random UUID is generated.
 */
final class RequestId {

    /** The header carrying the id, in both directions. */
    static final String HEADER = "X-Request-Id";

    private static final String ATTRIBUTE = "plinth.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._~:+/=@-]{1,128}");

    private RequestId() {
    }

    /**
     * Gives the request its id (kept or generated) and answers it as a header.
     *
     * @param ctx the request
     */
    static void assign(Context ctx) {
        String incoming = ctx.header(HEADER);
        String id = incoming != null && SANE.matcher(incoming).matches() ? incoming : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /**
     * Returns the request's id.
     *
     * @param ctx the request
     * @return the id, or {@code "-"} before {@link #assign} ran
     */
    static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
