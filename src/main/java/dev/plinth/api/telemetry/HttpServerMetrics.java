package dev.plinth.api.telemetry;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer's standard server timer, {@code http.server.requests} (exported to Prometheus as
 * {@code http_server_requests_seconds_count}, {@code _sum}, {@code _bucket} and {@code _max}), tagged
 * with {@code method}, {@code uri} (the route template, never the raw path, so a million ids make one
 * series), {@code status} and {@code outcome}, with a latency histogram ({@code le} buckets from 0.5 ms to 10 s). The tags and their values follow
 * Micrometer's HTTP server conventions ({@code DefaultServerRequestObservationConvention}): {@code uri}
 * is {@code NOT_FOUND} for a 404 that matched no route and {@code UNKNOWN} for other unmatched requests;
 * a method outside RFC 9110's is {@code UNKNOWN}, so a client cannot grow the series.
 */
public final class HttpServerMetrics {

    /** The meter name, as Micrometer and Spring name it. */
    public static final String NAME = "http.server.requests";


    /**
     * The latency histogram's buckets: Prometheus's default buckets (5 ms to 10 s) with 0.5, 1 and 2.5 ms
     * below them, where most of Plinth's answers fall. Fixed buckets rather than Micrometer's percentile
     * histogram (about 70 buckets per series), so a scrape stays small and recording cheap.
     */
    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private record Key(String method, String uri, int status) {
    }

    private final MeterRegistry registry;
    /** One timer per tag set, found without building a Micrometer id per request. */
    private final ConcurrentMap<Key, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param registry where the timers are registered
     */
    public HttpServerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Records one finished request.
     *
     * @param method      the request method as sent
     * @param route       the matched route template, or null when none matched
     * @param status      the response status
     * @param elapsedNanos the time from the request's arrival to the response's completion, in nanoseconds
     */
    public void record(String method, String route, int status, long elapsedNanos) {
        String uri = route != null ? route : status == 404 ? "NOT_FOUND" : "UNKNOWN";
        Key key = new Key(knownMethod(method), uri, status);
        timers.computeIfAbsent(key, this::timer).record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(Key key) {
        return Timer.builder(NAME)
                .description("HTTP requests answered, by method, route template and status")
                .tags(Tags.of("method", key.method(), "uri", key.uri(), "status", Integer.toString(key.status()),
                        "outcome", Outcome.forStatus(key.status()).name()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    /** Returns the method when it is one of HTTP's (RFC 9110, section 9), else {@code UNKNOWN}: a client's made-up
     * method must not create meters without bound. A switch, because this runs on every request. */
    private static String knownMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT" -> method;
            default -> "UNKNOWN";
        };
    }
}
