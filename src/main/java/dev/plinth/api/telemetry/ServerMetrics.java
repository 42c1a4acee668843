package dev.plinth.api.telemetry;

import dev.plinth.migrate.MigrationResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The metrics of one server, kept in a Micrometer Prometheus registry and answered by {@code GET /metrics}
 * (docs/api.md, "Health and metrics"): {@code http.server.requests} ({@link HttpServerMetrics}), the
 * database's pools and SQLite's group commits ({@link dev.plinth.api.store.Database#bindMetrics}), the
 * migration applied at start ({@link #bindMigration}), and the JVM's memory, threads, processor and uptime
 * from Micrometer's own binders. The registry belongs to the server, not to a global: two servers in one
 * process (the tests) keep apart.
 */
public final class ServerMetrics {

    /** Prometheus's text format 0.0.4, what a scraper gets unless it asks for OpenMetrics. */
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    /** OpenMetrics 1.0, answered to a scraper whose {@code Accept} names it. */
    public static final String OPENMETRICS_TEXT = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpServerMetrics requests = new HttpServerMetrics(registry);

    /** Creates the registry with the JVM's meters bound. */
    public ServerMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Returns the registry, for binding more meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Returns the request timer. */
    public HttpServerMetrics requests() {
        return requests;
    }

    /**
     * Records what the migration at start did: {@code plinth_migration_steps_applied} (steps run at this
     * start), {@code plinth_migration_duration_seconds} and {@code plinth_migration_info{checksum}} (always
     * 1; the schema checksum recorded in {@code _plinth_migrations}, so a dashboard sees which schema
     * every instance runs).
     *
     * @param migration what the migration at start applied
     */
    public void bindMigration(MigrationResult migration) {
        Gauge.builder("plinth.migration.steps.applied", migration, m -> m.applied().size())
                .description("Migration steps applied when this server started").register(registry);
        Gauge.builder("plinth.migration.duration", migration, m -> m.elapsed().toNanos() / 1e9).baseUnit("seconds")
                .description("Time the migration at start took").register(registry);
        Gauge.builder("plinth.migration.info", () -> 1).tag("checksum", migration.checksum())
                .description("The schema checksum this server migrated to (value always 1)").register(registry);
    }

    /**
     * Renders every meter for a scrape.
     *
     * @param accept the scraper's {@code Accept} header, or null
     * @return the content type answered ({@link #OPENMETRICS_TEXT} when asked for, else {@link #PROMETHEUS_TEXT})
     *         and the text
     */
    public Scrape scrape(String accept) {
        String type = accept != null && accept.contains("application/openmetrics-text") ? OPENMETRICS_TEXT : PROMETHEUS_TEXT;
        return new Scrape(type, registry.scrape(type));
    }

    /**
     * One scrape's answer.
     *
     * @param contentType its media type
     * @param text        the exposition text
     */
    public record Scrape(String contentType, String text) {
    }
}
