package dev.plinth.api;

import dev.plinth.api.cors.CorsPolicy;

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
 *                      ({@link ServedApi#postgresPoolSize}); ignored on SQLite
 * @param cors          the browser origins allowed to call the API ({@code --cors-origin}; {@link CorsPolicy#NONE} for none)
 * @param shutdownTimeout how long a stop waits for requests in flight ({@code --shutdown-timeout})
 * @throws IllegalArgumentException when {@code poolSize} is below 1 or the shutdown timeout is negative
 */
public record ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize,
                          CorsPolicy cors, Duration shutdownTimeout) {

    /** The default wait for requests in flight at a stop: 10 s. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    public ApiSettings {
        if (poolSize.isPresent() && poolSize.getAsInt() < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1, not " + poolSize.getAsInt());
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("the shutdown timeout cannot be negative");
        }
    }

    /**
     * Settings without CORS and with the default shutdown timeout; parameters as for the record.
     */
    public ApiSettings(String host, int port, long maxBodyBytes, Optional<byte[]> cursorSecret, OptionalInt poolSize) {
        this(host, port, maxBodyBytes, cursorSecret, poolSize, CorsPolicy.NONE, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Returns these settings with other allowed origins.
     *
     * @param policy the origins
     * @return the settings
     */
    public ApiSettings withCors(CorsPolicy policy) {
        return new ApiSettings(host, port, maxBodyBytes, cursorSecret, poolSize, policy, shutdownTimeout);
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
