package dev.plinth.api.store;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * A HikariCP pool's state as Micrometer gauges under the names HikariCP's own Micrometer tracker uses
 * ({@code hikaricp.connections.active}, {@code .idle}, {@code .pending}, {@code hikaricp.connections},
 * {@code .max}, {@code .min}, tagged {@code pool}), so its dashboards work, but read from the pool's
 * {@link HikariPoolMXBean} when scraped: nothing is recorded per borrowed connection, where the tracker
 * records two timers (docs/benchmarks.md, finding 15).
 */
final class PoolGauges {

    private PoolGauges() {
    }

    /**
     * Registers the gauges of a started pool.
     *
     * @param pool     the pool (started: its MXBean exists)
     * @param registry the server's registry
     */
    static void bind(HikariDataSource pool, MeterRegistry registry) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        Tags tags = Tags.of("pool", pool.getPoolName());
        Gauge.builder("hikaricp.connections.active", bean, HikariPoolMXBean::getActiveConnections).tags(tags)
                .description("Connections in use").register(registry);
        Gauge.builder("hikaricp.connections.idle", bean, HikariPoolMXBean::getIdleConnections).tags(tags)
                .description("Connections idle in the pool").register(registry);
        Gauge.builder("hikaricp.connections.pending", bean, HikariPoolMXBean::getThreadsAwaitingConnection).tags(tags)
                .description("Requests waiting for a connection").register(registry);
        Gauge.builder("hikaricp.connections", bean, HikariPoolMXBean::getTotalConnections).tags(tags)
                .description("Connections open").register(registry);
        Gauge.builder("hikaricp.connections.max", pool, HikariDataSource::getMaximumPoolSize).tags(tags)
                .description("Most connections the pool opens").register(registry);
        Gauge.builder("hikaricp.connections.min", pool, HikariDataSource::getMinimumIdle).tags(tags)
                .description("Fewest idle connections the pool keeps").register(registry);
    }
}
