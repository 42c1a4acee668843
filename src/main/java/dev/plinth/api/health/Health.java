package dev.plinth.api.health;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plinth.api.store.Database;
import dev.plinth.migrate.HeldChange;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The probes an orchestrator or load balancer calls, without a token (docs/api.md, "Health"):
 * {@code GET /health/live} answers 200 {@code {"status":"ok"}} while the process answers at all;
 * {@code GET /health/ready} answers 200 when the database answers {@code SELECT 1} within the check's
 * timeout, the schema was migrated and the server is not draining, else 503 with the failing checks,
 * e.g. {@code {"status":"unavailable","checks":{"database":"ok","schema":"ok","serving":"draining"}}}.
 * A server started with {@code --hold-destructive} that held changes lists them under {@code details.held}
 * (docs/migrations.md, "Held destructive changes and orphaned tables"); they do not make it unready.
 */
public final class Health {

    /** The longest a readiness probe waits for the database (a pooled connection and {@code SELECT 1}). */
    public static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(Health.class);
    private static final String OK = "ok";

    private final Database database;
    private final ObjectMapper mapper;
    private final Duration timeout;
    private final java.util.function.Supplier<List<HeldChange>> held;
    private volatile boolean draining;

    /**
     * @param database the served database; the server is built only after its migration, so the schema is migrated
     * @param mapper   writes the JSON bodies
     * @param timeout  the longest wait for the database check
     */
    public Health(Database database, ObjectMapper mapper, Duration timeout) {
        this(database, mapper, timeout, List.of());
    }

    /**
     * @param database the served database; the server is built only after its migration, so the schema is migrated
     * @param mapper   writes the JSON bodies
     * @param timeout  the longest wait for the database check
     * @param held     the destructive changes the start's migration held, listed by the readiness probe as
     *                 {@code {"kind":"drop_column","table":…,"description":…}}
     */
    public Health(Database database, ObjectMapper mapper, Duration timeout, List<HeldChange> held) {
        this(database, mapper, timeout, () -> held);
    }

    /**
     * @param database the served database; the server is built only after its migration, so the schema is migrated
     * @param mapper   writes the JSON bodies
     * @param timeout  the longest wait for the database check
     * @param held     what is held now, read on every readiness probe (an admin may drop an orphaned table
     *                 while the server runs: {@code DELETE /api/_orphaned/<table>})
     */
    public Health(Database database, ObjectMapper mapper, Duration timeout, java.util.function.Supplier<List<HeldChange>> held) {
        this.database = database;
        this.mapper = mapper;
        this.timeout = timeout;
        this.held = held;
    }

    private static List<Map<String, String>> describe(List<HeldChange> held) {
        return held.stream().map(h -> {
            Map<String, String> item = new LinkedHashMap<>();
            item.put("kind", h.kind());
            item.put("table", h.table());
            if (h instanceof HeldChange.DroppedColumn column) {
                item.put("column", column.column());
            }
            item.put("description", h.description());
            return java.util.Collections.unmodifiableMap(item);
        }).toList();
    }

    /** Turns readiness off for good: the server is stopping and lets requests in flight finish. */
    public void drain() {
        draining = true;
    }

    /**
     * Answers the liveness probe: 200 {@code {"status":"ok"}}.
     *
     * @param ctx the request
     */
    public void live(Context ctx) {
        answer(ctx, 200, Map.of("status", OK));
    }

    /**
     * Answers the readiness probe: 200 when every check is {@code ok}, else 503 {@code unavailable}.
     *
     * @param ctx the request
     */
    public void ready(Context ctx) {
        Map<String, String> checks = checks();
        boolean ready = checks.values().stream().allMatch(OK::equals);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? OK : "unavailable");
        body.put("checks", checks);
        List<HeldChange> now = held.get();
        if (!now.isEmpty()) {
            body.put("details", Map.of("held", describe(now)));
        }
        if (!ready) {
            ctx.header("Retry-After", "1");
        }
        answer(ctx, ready ? 200 : 503, body);
    }

    /**
     * Runs the readiness checks.
     *
     * @return {@code database} ({@code ok}, {@code timeout} or {@code unreachable}), {@code schema}
     *         ({@code ok}: migrated before the server started) and {@code serving} ({@code ok} or {@code draining})
     */
    Map<String, String> checks() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("database", databaseCheck());
        checks.put("schema", OK);
        checks.put("serving", draining ? "draining" : OK);
        return checks;
    }

    private String databaseCheck() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // On its own thread so that a pool with no free connection cannot hold the probe past the timeout.
        Thread.ofVirtual().name("plinth-ready-check").start(() -> {
            try {
                database.read(c -> {
                    try (Statement s = c.createStatement()) {
                        s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
                        s.execute("SELECT 1");
                    }
                    return null;
                });
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return OK;
        } catch (TimeoutException e) {
            LOG.warn("readiness: the database did not answer SELECT 1 within {} ms", timeout.toMillis());
            return "timeout";
        } catch (ExecutionException e) {
            LOG.warn("readiness: the database is unreachable: {}", e.getCause().toString());
            return "unreachable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "timeout";
        }
    }

    private void answer(Context ctx, int status, Map<String, ?> body) {
        try {
            ctx.status(status).header("Cache-Control", "no-store").contentType("application/json")
                    .result(mapper.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
