package dev.plinth.api;

import dev.plinth.api.store.Database;
import dev.plinth.api.cors.CorsPolicy;
import dev.plinth.studio.StudioSettings;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How the API is served.
 *
 * @param host          the interface to listen on ({@code 0.0.0.0} for all)
 * @param port          the TCP port; 0 picks a free one
 * @param maxBodyBytes  the largest request body accepted (413 above it); 1 MiB unless {@code --max-body-size} says otherwise
 * @param cursorSecret  the key that signs keyset cursors (at least 16 bytes); the same on every instance
 *                      behind a load balancer; empty for a random per-process key
 * @param poolSize      the most PostgreSQL connections; empty for a pool sized to the machine
 *                      ({@link ServedApi#postgresPoolSize}); on SQLite the read connections (empty: 8)
 * @param connectionWait the longest wait for a pooled connection (or an export's turn) before a 503
 *                      {@code unavailable} with {@code Retry-After}; at least 250 ms (HikariCP's floor)
 * @param idleTimeout   how long a connection may make no progress (a client that sends nothing or reads
 *                      nothing of its answer) before Jetty closes it
 * @param openApiToken  a secret {@code GET /openapi.json} requires as {@code Authorization: Bearer …}
 *                      ({@code --openapi-token}); empty to serve the document to anyone
 * @param cors          the browser origins allowed to call the API ({@code --cors-origin}; {@link CorsPolicy#NONE} for none)
 * @param shutdownTimeout how long a stop waits for requests in flight ({@code --shutdown-timeout})
 * @param observability whether {@code GET /metrics} and the access log are on, and the metrics token
 * @param studio        whether Plinth Studio is served, its development sign-in and schema text
 *                      (docs/studio.md; {@link StudioSettings#DEFAULT} unless given)
 * @throws IllegalArgumentException when {@code poolSize} is below 1, a duration is too short or the shutdown
 *                                  timeout negative
 */
public record ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize,
                          Duration connectionWait, Duration idleTimeout, Optional<String> openApiToken,
                          CorsPolicy cors, Duration shutdownTimeout, Observability observability, StudioSettings studio) {

    /** The default wait for a pooled connection: {@link Database#DEFAULT_CONNECTION_WAIT}, 5 s. */
    public static final Duration DEFAULT_CONNECTION_WAIT = Database.DEFAULT_CONNECTION_WAIT;
    /** The default idle timeout of a connection: 30 s, Jetty's own default, stated so it is documented. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
    /** The default wait for requests in flight at a stop: 10 s. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    public ApiSettings {
        if (poolSize.isPresent() && poolSize.getAsInt() < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, not " + poolSize.getAsInt());
        }
        if (connectionWait.toMillis() < 250 || idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("the connection wait must be at least 250 ms and the idle timeout positive");
        }
        java.util.Objects.requireNonNull(studio, "studio");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout cannot be negative");
        }
    }

    /**
     * Settings with the default connection wait and idle timeout; parameters as for the record.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize) {
        this(host, port, maxBodyBytes, cursorSecret, poolSize, DEFAULT_CONNECTION_WAIT, DEFAULT_IDLE_TIMEOUT, Optional.empty(),
                CorsPolicy.NONE, DEFAULT_SHUTDOWN_TIMEOUT, Observability.DEFAULT, StudioSettings.DEFAULT);
    }

    /**
     * Settings whose OpenAPI document needs no token; parameters as for the record.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize,
                       Duration connectionWait, Duration idleTimeout) {
        this(host, port, maxBodyBytes, cursorSecret, poolSize, connectionWait, idleTimeout, Optional.empty(),
                CorsPolicy.NONE, DEFAULT_SHUTDOWN_TIMEOUT, Observability.DEFAULT, StudioSettings.DEFAULT);
    }

    /**
     * Settings with the default connection wait and idle timeout and the given OpenAPI token; parameters as
     * for the record.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize,
                       Optional<String> openApiToken) {
        this(host, port, maxBodyBytes, cursorSecret, poolSize, DEFAULT_CONNECTION_WAIT, DEFAULT_IDLE_TIMEOUT, openApiToken,
                CorsPolicy.NONE, DEFAULT_SHUTDOWN_TIMEOUT, Observability.DEFAULT, StudioSettings.DEFAULT);
    }

    /**
     * Returns these settings with other allowed origins.
     *
     * @param policy the origins
     * @return the settings
     */
    public ApiSettings withCors(CorsPolicy policy) {
        return new ApiSettings(host, port, maxBodyBytes, cursorSecret, poolSize, connectionWait, idleTimeout, openApiToken,
                policy, shutdownTimeout, observability, studio);
    }

    /**
     * Returns these settings with metrics and access log switched as given.
     *
     * @param switches whether metrics and the access log are on, and the metrics token
     * @return the settings
     */
    public ApiSettings withObservability(Observability switches) {
        return new ApiSettings(host, port, maxBodyBytes, cursorSecret, poolSize, connectionWait, idleTimeout, openApiToken,
                cors, shutdownTimeout, switches, studio);
    }

    /**
     * Returns these settings with the Studio switched and configured as given.
     *
     * @param settings whether the Studio is served, its sign-in and schema text
     * @return the settings
     */
    public ApiSettings withStudio(StudioSettings settings) {
        return new ApiSettings(host, port, maxBodyBytes, cursorSecret, poolSize, connectionWait, idleTimeout, openApiToken,
                cors, shutdownTimeout, observability, settings);
    }

    /**
     * Settings as the record's, with the Studio as {@link StudioSettings#DEFAULT}.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize,
                       Duration connectionWait, Duration idleTimeout, Optional<String> openApiToken,
                       CorsPolicy cors, Duration shutdownTimeout, Observability observability) {
        this(host, port, maxBodyBytes, cursorSecret, poolSize, connectionWait, idleTimeout, openApiToken, cors, shutdownTimeout,
                observability, StudioSettings.DEFAULT);
    }

    /**
     * What the server reports about itself (docs/api.md, "Health and metrics").
     *
     * @param metrics      true to serve {@code GET /metrics} and keep its meters ({@code --metrics}, on by default)
     * @param metricsToken a secret {@code GET /metrics} requires as {@code Authorization: Bearer …}
     *                     ({@code --metrics-token}); empty to answer any scraper
     * @param accessLog    true to write one line per request on the logger {@code plinth.access}
     *                     ({@code --access-log}, off by default: docs/benchmarks.md, "Metrics, request ids and the
     *                     access log")
     * @param accessFields true to attach the access line's values as key-value pairs, for structured
     *                     logs ({@code --log-format json})
     */
    public record Observability(boolean metrics, Optional<String> metricsToken, boolean accessLog, boolean accessFields) {

        /**
         * Switches without key-value pairs on the access line (text logs); parameters as for the record.
         */
        public Observability(boolean metrics, Optional<String> metricsToken, boolean accessLog) {
            this(metrics, metricsToken, accessLog, false);
        }

        /** Metrics on, access log off, no token: what {@code plinth serve} does unless told otherwise. */
        public static final Observability DEFAULT = new Observability(true, Optional.empty(), false);

        /** Neither metrics nor access log (request ids stay: they are part of every answer). */
        public static final Observability OFF = new Observability(false, Optional.empty(), false);
    }

    /**
     * Settings with a pool sized to the machine; parameters as for the record.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret) {
        this(host, port, maxBodyBytes, cursorSecret, OptionalInt.empty());
    }

    /** The default body limit: 1 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    /**
     * Settings with the defaults for everything but the port.
     *
     * @param port the TCP port; 0 picks a free one
     * @return the settings
     */
    public static ApiSettings onPort(int port) {
        return new ApiSettings("0.0.0.0", port, DEFAULT_MAX_BODY_BYTES, Optional.empty());
    }
}
