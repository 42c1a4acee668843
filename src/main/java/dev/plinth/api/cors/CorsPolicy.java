package dev.plinth.api.cors;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which browser origins may call the API across origins ({@code plinth serve --cors-origin}), and the
 * headers of the CORS protocol (Fetch Standard, "CORS protocol", https://fetch.spec.whatwg.org/#http-cors-protocol).
 *
 * @param origins    the allowed origins, normalized ({@code scheme://host[:port]}, lower case, no default port)
 * @param anyOrigin  true for {@code *}: every origin (for development)
 */
public record CorsPolicy(Set<String> origins, boolean anyOrigin) {

    /** No cross-origin access: no CORS header is ever answered. */
    public static final CorsPolicy NONE = new CorsPolicy(Set.of(), false);

    /** The request headers a browser may send: the token, the body's type, the precondition, preferences and the request id. */
    public static final String ALLOWED_HEADERS = "Authorization, Content-Type, If-Match, If-None-Match, Prefer, X-Request-Id";
    /** The answer headers a script may read beyond the CORS-safelisted ones. */
    public static final String EXPOSED_HEADERS = "ETag, Location, X-Request-Id, Retry-After, Preference-Applied, Plinth-Upsert, Content-Range, Plinth-Count";
    /**
     * How long a browser may keep a preflight's answer, in seconds: 2 hours, the most Chromium keeps
     * (Firefox keeps up to 24 hours).
     */
    public static final int MAX_AGE_SECONDS = 7200;

    public CorsPolicy {
        origins = Set.copyOf(origins);
    }

    /**
     * Builds the policy from the configured origins.
     *
     * @param configured {@code *}, or origins such as {@code https://app.example.com} or {@code http://localhost:5173}
     * @return the policy; {@link #NONE} when the list is empty
     * @throws IllegalArgumentException when an entry is not {@code *} nor an http(s) origin (a path, a query,
     *                                  user info or a wildcard host), naming it
     */
    public static CorsPolicy of(List<String> configured) {
        Set<String> origins = new LinkedHashSet<>();
        boolean any = false;
        for (String entry : configured) {
            String value = entry.strip();
            if (value.equals("*")) {
                any = true;
            } else if (!value.isEmpty()) {
                origins.add(normalize(value).orElseThrow(() -> new IllegalArgumentException("--cors-origin " + entry
                        + " is not an origin: give scheme://host[:port] (e.g. https://app.example.com), or * for any origin")));
            }
        }
        return any || !origins.isEmpty() ? new CorsPolicy(origins, any) : NONE;
    }

    /** Returns true when some origin may call the API across origins. */
    public boolean enabled() {
        return anyOrigin || !origins.isEmpty();
    }

    /**
     * Returns the {@code Access-Control-Allow-Origin} value for a request's {@code Origin}.
     *
     * @param origin the request's {@code Origin} header, or null
     * @return {@code *} with any origin allowed, the origin itself when it is allowed, else empty
     */
    public Optional<String> allowOrigin(String origin) {
        if (origin == null || !enabled()) {
            return Optional.empty();
        }
        if (anyOrigin) {
            return Optional.of("*");
        }
        return normalize(origin).filter(origins::contains).map(o -> origin);
    }

    /**
     * Returns the CORS headers of an answer to a request from {@code origin}, for every answer (errors
     * included): {@code Vary: Origin} whenever the answer depends on the origin (a list of origins, not
     * {@code *}), and for an allowed origin {@code Access-Control-Allow-Origin} and
     * {@code Access-Control-Expose-Headers}. A disallowed origin gets no CORS header, so the browser
     * withholds the answer from the page.
     *
     * @param origin the request's {@code Origin} header, or null
     * @return header names and values, in order; empty when CORS is off
     */
    public Map<String, String> answerHeaders(String origin) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (enabled() && !anyOrigin) {
            headers.put("Vary", "Origin");
        }
        allowOrigin(origin).ifPresent(allowed -> {
            headers.put("Access-Control-Allow-Origin", allowed);
            headers.put("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        });
        return headers;
    }

    /**
     * Returns the headers that answer a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method})
     * from an allowed origin, beside {@link #answerHeaders}.
     *
     * @param origin  the request's {@code Origin}
     * @param methods the methods served on the requested path, e.g. {@code GET, HEAD, POST}
     * @return the {@code Access-Control-Allow-Methods}, {@code -Allow-Headers} and {@code -Max-Age} headers;
     *         empty for a disallowed origin
     */
    public Map<String, String> preflightHeaders(String origin, String methods) {
        if (allowOrigin(origin).isEmpty()) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Access-Control-Allow-Methods", methods);
        headers.put("Access-Control-Allow-Headers", ALLOWED_HEADERS);
        headers.put("Access-Control-Max-Age", Integer.toString(MAX_AGE_SECONDS));
        return headers;
    }

    /**
     * Normalizes an origin as a browser serializes it (RFC 6454 section 6.1): scheme and host in lower
     * case, the scheme's default port left out, no trailing slash.
     *
     * @param origin text such as {@code HTTPS://App.Example.com:443/}
     * @return the origin, or empty when the text is not an http or https origin
     */
    static Optional<String> normalize(String origin) {
        try {
            URI uri = new URI(origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
                    || !uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return Optional.empty();
            }
            int port = uri.getPort();
            boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
