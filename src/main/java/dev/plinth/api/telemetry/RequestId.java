package dev.plinth.api.telemetry;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id of one request, answered in the {@code X-Request-Id} header, written in every problem body
 * ({@code request_id}) and on every log line about the request, so that an answer a client reports can
 * be found in the log (where the database's own error text goes, never into the answer). An incoming
 * {@code X-Request-Id} set by a proxy or the client is kept when it is sane (1 to 128 characters of
 * letters, digits and {@code . _ ~ : + / = @ -}); otherwise a random UUID is generated.
 */
public final class RequestId {

    /** The header carrying the id, in both directions. */
    public static final String HEADER = "X-Request-Id";

    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._~:+/=@-]{1,128}");

    private RequestId() {
    }

    /**
     * Chooses the id of a request.
     *
     * @param incoming the request's {@code X-Request-Id} header, or null
     * @return the incoming id when it is sane, else a new one ({@link #generate()})
     */
    public static String choose(String incoming) {
        return incoming != null && SANE.matcher(incoming).matches() ? incoming : generate();
    }

    /**
     * Generates a request id: a version-4 UUID (RFC 9562 section 5.4) from {@link ThreadLocalRandom}.
     * An id must be unique, not unpredictable, and {@link UUID#randomUUID()} draws from the shared
     * {@code SecureRandom}, whose lock every request contended for (docs/benchmarks.md, finding 14).
     *
     * @return a new id, 36 characters
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }
}
