package dev.plinth.auth;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.RateLimitedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An identity provider's JSON Web Key Set (RFC 7517 §5) at its {@code jwks_uri} (OpenID Connect
 * Discovery 1.0 §3), kept as long as the response's {@code Cache-Control: max-age} allows (RFC 9111
 * §5.2.2.1; {@code no-store}/{@code no-cache} keep it for no time; five minutes without the header, at
 * most a day). A token whose {@code kid} is not in the set makes nimbus's
 * {@link com.nimbusds.jose.jwk.source.JWKSetBasedJWKSource} ask for a fresh set; nimbus's
 * {@link RateLimitedJWKSetSource} lets at most two fetches through per 30 seconds, so tokens with
 * made-up key ids cannot make Plinth hammer the provider — while limited, the set in hand is used.
 * While the URL cannot be fetched, the set in hand serves up to an hour past its freshness.
 * Thread-safe.
 */
final class JwksEndpoint implements JWKSetSource<SecurityContext> {

    /** How long a set is kept when the response says nothing (nimbus's default time to live). */
    static final Duration DEFAULT_MAX_AGE = Duration.ofMillis(JWKSourceBuilder.DEFAULT_CACHE_TIME_TO_LIVE);
    private static final Duration LONGEST_MAX_AGE = Duration.ofDays(1);
    /** How long past its freshness the set in hand still serves while the URL cannot be fetched. */
    private static final Duration OUTAGE_TOLERANCE = Duration.ofHours(1);
    private static final int MAX_BYTES = JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT;
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern MAX_AGE = Pattern.compile("(?:^|,)\\s*max-age\\s*=\\s*\"?(\\d+)\"?\\s*(?:,|$)");

    private record Cached(JWKSet keys, long expiresAtMillis) {
    }

    private final URI url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final JWKSetSource<SecurityContext> limitedFetch;
    private final ReentrantLock lock = new ReentrantLock();
    private Cached cached;

    /**
     * @param url the key set's URL: {@code https}, or {@code http} on a loopback address
     * @throws IllegalArgumentException when the URL is neither
     */
    JwksEndpoint(URI url) {
        if (!"https".equalsIgnoreCase(url.getScheme())
                && !("http".equalsIgnoreCase(url.getScheme()) && LoopbackAddress.is(url.getHost()))) {
            throw new IllegalArgumentException("--jwks-url must be an https URL (http only on 127.0.0.1 or localhost): " + url);
        }
        this.url = url;
        this.limitedFetch = new RateLimitedJWKSetSource<>(new Fetch(), JWKSourceBuilder.DEFAULT_RATE_LIMIT_MIN_INTERVAL, null);
    }

    /**
     * Returns the key set: the kept one while it is fresh and the caller does not ask for a refresh,
     * else a fetched one (or the kept one while the rate limit holds).
     *
     * @throws KeySourceException when no set is in hand and the URL cannot be fetched or parsed
     */
    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
            throws KeySourceException {
        lock.lock();
        try {
            Cached kept = cached;
            if (kept != null && currentTime < kept.expiresAtMillis() && !refresh.requiresRefresh(kept.keys())) {
                return kept.keys();
            }
            try {
                return limitedFetch.getJWKSet(refresh, currentTime, context);
            } catch (RateLimitReachedException e) {
                if (kept != null) {
                    return kept.keys();
                }
                throw e;
            } catch (KeySourceException e) {
                // A provider outage does not lock every caller out at once: the set in hand serves for a while.
                if (kept != null && currentTime < kept.expiresAtMillis() + OUTAGE_TOLERANCE.toMillis()) {
                    return kept.keys();
                }
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** One GET of the URL, keeping what it answered; behind the rate limit. */
    private final class Fetch implements JWKSetSource<SecurityContext> {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
                throws KeySourceException {
            return fetch(currentTime);
        }

        @Override
        public void close() {
            // the client is closed with the endpoint
        }
    }

    private JWKSet fetch(long currentTime) throws KeySourceException {
        HttpResponse<InputStream> response;
        String body;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(TIMEOUT)
                    .header("Accept", "application/jwk-set+json, application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new JWKSetUnavailableException("the JWK Set at " + url + " is larger than " + MAX_BYTES + " bytes", null);
                }
                body = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new JWKSetUnavailableException("cannot fetch the JWK Set at " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JWKSetUnavailableException("interrupted while fetching the JWK Set at " + url, e);
        }
        if (response.statusCode() != 200) {
            throw new JWKSetUnavailableException("the JWK Set at " + url + " answered HTTP " + response.statusCode(), null);
        }
        JWKSet keys;
        try {
            keys = JWKSet.parse(body).toPublicJWKSet();
        } catch (ParseException e) {
            throw new JWKSetUnavailableException(url + " is not a JSON Web Key Set: " + e.getMessage(), e);
        }
        Duration maxAge = maxAge(response.headers().allValues("Cache-Control"));
        cached = new Cached(keys, currentTime + maxAge.toMillis());
        return keys;
    }

    /**
     * Reads how long a response may be kept from its {@code Cache-Control} header values (RFC 9111
     * §5.2.2.1 {@code max-age}; {@code no-store} and {@code no-cache} count as zero).
     *
     * @param cacheControl the header's values, possibly none
     * @return the time to keep the set, between zero and a day; five minutes when no value says
     */
    static Duration maxAge(java.util.List<String> cacheControl) {
        String directives = String.join(",", cacheControl).toLowerCase(Locale.ROOT);
        if (directives.matches("(?:^|.*[,\\s])(no-store|no-cache)(?:[,\\s=].*|$)")) {
            return Duration.ZERO;
        }
        Matcher m = MAX_AGE.matcher(directives);
        if (!m.find()) {
            return DEFAULT_MAX_AGE;
        }
        String digits = m.group(1);
        return digits.length() > 6 ? LONGEST_MAX_AGE
                : Duration.ofSeconds(Math.min(Long.parseLong(digits), LONGEST_MAX_AGE.toSeconds()));
    }

    @Override
    public void close() {
        http.close();
    }
}
