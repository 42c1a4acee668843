package dev.plinth.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.plinth.api.record.ConstraintTranslator;
import dev.plinth.api.record.ListService;
import dev.plinth.api.record.RecordService;
import dev.plinth.api.resource.Resource;
import dev.plinth.api.resource.ResourceCatalog;
import dev.plinth.api.store.Database;
import dev.plinth.api.store.SqliteTimeFormats;
import dev.plinth.query.DateTimeStorage;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.query.CursorCodec;
import dev.plinth.query.QueryError;
import dev.plinth.query.QueryException;
import dev.plinth.query.QueryParser;
import dev.plinth.query.SqlRenderer;
import dev.plinth.schema.model.Schema;
import dev.plinth.schema.policy.SchemaPolicy;
import dev.plinth.api.access.AccessControl;
import dev.plinth.api.access.ClaimNames;
import dev.plinth.api.orphan.HeldState;
import dev.plinth.api.orphan.OrphanedTableRoutes;
import dev.plinth.api.telemetry.AccessLog;
import dev.plinth.api.telemetry.RequestId;
import dev.plinth.api.telemetry.RequestRecord;
import dev.plinth.api.telemetry.RequestTelemetry;
import dev.plinth.api.telemetry.ServerMetrics;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import org.jooq.SQLDialect;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP server: Javalin 7 on Jetty 12 with virtual threads, one set of routes per served model
 * (docs/api.md, "Routes"), every error answered as {@code application/problem+json}
 * (RFC 9457). {@link #start()} listens; {@link #routes()} lists what is served.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    /** Largest request line plus headers read, in bytes (Jetty's default is 8 KiB). */
    private static final int MAX_REQUEST_HEAD_BYTES = 32 * 1024;
    /** The {@code Retry-After} of a 503: a pool or a lock held by other work frees within about a second. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ApiSettings settings;
    private final ApiContext api;
    private final ProblemWriter problems;
    private final dev.plinth.api.record.RelationService relations;
    /** Creates with related rows nested in the body (docs/api.md, "Nested writes"); empty for a schema without relations. */
    private final Optional<dev.plinth.api.record.NestedWrites> nested;
    private final List<String> routes = new ArrayList<>();
    private final dev.plinth.api.health.Health health;
    /** The orphaned tables' routes ({@code --hold-destructive}): the list always, a table's rows and drop when held. */
    private final OrphanedTableRoutes orphaned;
    /** True when the start held an orphaned table, so that the routes of a table are served. */
    private final boolean orphanedAtStart;
    private final dev.plinth.api.cors.CrossOrigin cors;
    private final Javalin app;
    /**
     * The OpenAPI document of what is served (docs/api.md, "OpenAPI"; empty when it could not be built), built once,
     * as the schema is fixed while serving, and by the first request that needs it rather
     * than at start: a 30-model schema's document took a fifth of a second of start-up on one core
     * (docs/benchmarks.md, "Start-up"). A FutureTask runs once; requests arriving meanwhile wait for that run.
     */
    private final java.util.concurrent.FutureTask<Optional<byte[]>> openApi;
    /** The server's meters, answered by {@code GET /metrics}; empty when metrics are off. */
    private final Optional<ServerMetrics> metrics;

    /**
     * Prepares the server (nothing listens until {@link #start()}).
     *
     * @param schema        the served schema
     * @param database      the database (already migrated)
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @param clock         the clock for timestamps the server maintains
     */
    public ApiServer(Schema schema, Database database, Authenticator authenticator, ApiSettings settings, Clock clock) {
        this(schema, SchemaPolicy.NONE, ClaimNames.DEFAULT, database, authenticator, settings, clock);
    }

    /**
     * Prepares the server with the schema's access rules (docs/access-rules.md).
     *
     * @param schema        the served schema
     * @param policy        its compiled access policies ({@link SchemaPolicy#of})
     * @param claims        the claims the organization and team conventions read
     * @param database      the database (already migrated)
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @param clock         the clock for timestamps the server maintains and {@code now()} in rules
     */
    public ApiServer(Schema schema, SchemaPolicy policy, ClaimNames claims, Database database, Authenticator authenticator,
                     ApiSettings settings, Clock clock) {
        this(schema, policy, claims, database, authenticator, settings, clock, HeldState.NONE);
    }

    /**
     * Prepares the server with access rules, after a migration that held destructive changes
     * ({@code --hold-destructive}; docs/migrations.md, "Held destructive changes and orphaned tables"): the
     * held changes are listed by {@code GET /health/ready} and the orphaned tables served read-only to admins
     * under {@code /api/_orphaned/<table>}, listed by {@code GET /api/_orphaned}, and each dropped by an admin's
     * {@code DELETE /api/_orphaned/<table>?confirm=<table>} (docs/api.md, "Orphaned tables").
     *
     * @param schema        the served schema
     * @param policy        its compiled access policies ({@link SchemaPolicy#of})
     * @param claims        the claims the organization and team conventions read
     * @param database      the database (already migrated)
     * @param authenticator verifies bearer tokens
     * @param settings      port, body limit, cursor key
     * @param clock         the clock for timestamps the server maintains and {@code now()} in rules
     * @param held          what the migration held, and the admin role ({@link HeldState#NONE} for nothing)
     */
    public ApiServer(Schema schema, SchemaPolicy policy, ClaimNames claims, Database database, Authenticator authenticator,
                     ApiSettings settings, Clock clock, HeldState held) {
        this.settings = settings;
        // Every request runs on a new virtual thread, so Jackson's default per-thread buffer pool never
        // hands a buffer back: a pool shared across threads reuses them (JsonRecyclerPools, Jackson 2.16+).
        JsonFactory factory = JsonFactory.builder().recyclerPool(JsonRecyclerPools.sharedConcurrentDequePool()).build();
        ObjectMapper mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        JsonFactory json = mapper.getFactory();
        DateTimeStorage storage = database.kind() == DatabaseKind.SQLITE ? timeFormats(schema, database) : DateTimeStorage.ISO_TEXT;
        ResourceCatalog catalog = ResourceCatalog.of(schema, database.kind(), mapper, storage,
                policy == null ? dev.plinth.schema.rules.DataRules.NONE : policy.data());
        byte[] secret = settings.cursorSecret().orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        SqlRenderer renderer = new SqlRenderer(database.kind() == DatabaseKind.SQLITE ? SQLDialect.SQLITE : SQLDialect.POSTGRES, schema, storage);
        RecordService records = new RecordService(database.kind(), json, clock,
                new AccessControl(schema, policy, renderer, claims, clock), catalog,
                dev.plinth.api.record.SoftDeleteCascade.of(schema, catalog));
        ListService lists = new ListService(schema, new QueryParser(new CursorCodec(secret)), renderer,
                new CursorCodec(secret), records, clock, catalog);
        this.api = new ApiContext(catalog, database, records, lists, new ConstraintTranslator(database),
                new RequestBody(mapper, settings.maxBodyBytes()), authenticator, json,
                new dev.plinth.api.record.PageRelations(mapper,
                        new dev.plinth.api.record.IncludeLoader(schema, catalog, renderer, records, mapper),
                        new dev.plinth.api.record.LabelLoader(schema, catalog, renderer, records, mapper)),
                NumberForms.of(schema, catalog, json));
        this.relations = new dev.plinth.api.record.RelationService(schema, catalog, records, mapper, database.kind());
        this.nested = dev.plinth.api.record.NestedWrites.of(schema, catalog, records, api.translator(), mapper, database.kind());
        this.problems = new ProblemWriter(json);
        this.openApi = new java.util.concurrent.FutureTask<>(() -> Optional.ofNullable(openApiDocument(schema, policy, catalog, authenticator, mapper)));
        dev.plinth.api.orphan.HeldNow heldNow = new dev.plinth.api.orphan.HeldNow(held.held());
        this.health = new dev.plinth.api.health.Health(database, mapper, dev.plinth.api.health.Health.CHECK_TIMEOUT, heldNow::held);
        this.orphanedAtStart = !held.orphanedTables().isEmpty();
        this.orphaned = new OrphanedTableRoutes(held, heldNow, database, authenticator, json, mapper);
        this.cors = new dev.plinth.api.cors.CrossOrigin(settings.cors(), this::methodsOf);
        this.metrics = settings.observability().metrics() ? Optional.of(new ServerMetrics()) : Optional.empty();
        metrics.ifPresent(m -> database.bindMetrics(m.registry()));
        this.app = Javalin.create(this::configure);
    }

    private static DateTimeStorage timeFormats(Schema schema, Database database) {
        try {
            return SqliteTimeFormats.probe(schema, database);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot read the database's DateTime formats: " + e.getMessage(), e);
        }
    }

    private void configure(JavalinConfig config) {
        config.concurrency.useVirtualThreads = true;
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jetty.host = settings.host();
        config.jetty.port = settings.port();
        // Room for a request line with a long filter or search (a 10 KB q is refused by Plinth with a
        // precise 400, not by Jetty); what Jetty still refuses is answered as problem+json.
        config.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(MAX_REQUEST_HEAD_BYTES));
        // a client that reads nothing of its answer (or sends nothing) is dropped after this long; the
        // connector exists only once Javalin starts the server
        config.jetty.modifyServer(server -> server.addEventListener(new org.eclipse.jetty.util.component.LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(org.eclipse.jetty.util.component.LifeCycle event) {
                for (org.eclipse.jetty.server.Connector c : server.getConnectors()) {
                    if (c instanceof org.eclipse.jetty.server.AbstractConnector connector) {
                        connector.setIdleTimeout(settings.idleTimeout().toMillis());
                    }
                }
            }
        }));
        config.jetty.modifyServer(server -> server.setErrorHandler(new HttpProblemErrorHandler(problems, settings.cors())));
        // A stop lets requests in flight finish (bounded by --shutdown-timeout) and answers new ones 503
        // (Jetty's GracefulHandler; Server.doStop waits for it before closing the connectors).
        config.jetty.modifyServer(server -> {
            server.insertHandler(new org.eclipse.jetty.server.handler.GracefulHandler());
            server.setStopTimeout(settings.shutdownTimeout().toMillis());
            // outermost, so that every answer (a graceful stop's 503 too) has a request id, is timed and logged
            RequestTelemetry telemetry = new RequestTelemetry(metrics.map(ServerMetrics::requests),
                    settings.observability().accessLog()
                            ? Optional.of(new AccessLog(settings.observability().accessFields())) : Optional.empty());
            server.insertHandler(telemetry);
            if (telemetry.logsRequests()) {
                server.setRequestLog(telemetry);
            }
        });
        config.http.maxRequestSize = settings.maxBodyBytes();
        config.router.ignoreTrailingSlashes = true;
        config.http.prefer405over404 = true;
        RecordWrites writes = new RecordWrites(api, nested);
        for (Resource r : api.catalog().resources()) {
            RecordHandlers h = new RecordHandlers(api, r, writes);
            String base = r.path();
            route(config, HandlerType.GET, base, h::list);
            route(config, HandlerType.POST, base, r.readOnly() ? h::readOnly : h::create);
            route(config, HandlerType.PATCH, base, r.readOnly() ? h::readOnly : h::updateAll);
            route(config, HandlerType.DELETE, base, r.readOnly() ? h::readOnly : h::deleteAll);
            if (r.addressable()) {
                String item = base + "/{key}";
                route(config, HandlerType.GET, item, h::get);
                route(config, HandlerType.PATCH, item, r.readOnly() ? h::readOnly : h::update);
                route(config, HandlerType.PUT, item, r.readOnly() ? h::readOnly : h::put);
                route(config, HandlerType.DELETE, item, r.readOnly() ? h::readOnly : h::delete);
                if (r.deletedAt().isPresent() && !r.readOnly()) {
                    route(config, HandlerType.POST, item + "/restore", h::restore);
                }
                nestedRoutes(config, r, item);
            }
        }
        route(config, HandlerType.GET, "/health/live", health::live);
        route(config, HandlerType.GET, "/health/ready", health::ready);
        orphanedRoutes(config, orphaned);
        if (metrics.isPresent()) {
            route(config, HandlerType.GET, "/metrics", this::metrics);
        }
        config.routes.addHttpHandler(HandlerType.OPTIONS, "*", ctx -> {
            if (!cors.options(ctx)) {
                throw ApiProblem.NOT_FOUND.with("no route OPTIONS " + ctx.path());
            }
        });
        BatchHandler batch = new BatchHandler(api, problems, writes);
        route(config, HandlerType.POST, api.catalog().prefix() + "/batch", batch::handle);
        route(config, HandlerType.GET, "/openapi.json", this::openApi);
        new dev.plinth.docs.ReferencePage().register(config);
        if (settings.studio().enabled()) {
            studioRoutes(config);
        }
        // Every request gets an id first; a query string that does not decode exactly stops the
        // request before any handler reads it (a lenient decoder would drop the broken filter).
        config.routes.before(ctx -> {
            ctx.header(RequestId.HEADER, RequestRecord.of(ctx).id());
            cors.before(ctx);
            QueryString.checkPath(ctx.req().getRequestURI());
            QueryString.parse(ctx.queryString());
        });
        config.routes.exception(ProblemException.class, (e, ctx) -> problem(ctx, e));
        config.routes.exception(QueryException.class, (e, ctx) -> problem(ctx, queryProblem(e)));
        config.routes.exception(java.sql.SQLException.class, (e, ctx) -> problem(ctx, databaseProblem(ctx, e)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            java.sql.SQLException database = databaseCause(e);
            if (database != null) {
                problem(ctx, databaseProblem(ctx, database));
                return;
            }
            LOG.error("request {}: {} {} failed", RequestRecord.of(ctx).id(), ctx.method(), ctx.path(), e);
            problem(ctx, ApiProblem.INTERNAL.with("the request failed inside Plinth; nothing was changed"));
        });
        config.routes.error(404, "*", ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, ApiProblem.NOT_FOUND.with("no route " + ctx.method() + " " + ctx.path()));
            }
        });
        config.routes.error(405, "*", ctx -> {
            if (!isProblem(ctx) && methodsOf(ctx.path()).isEmpty()) {
                // only the OPTIONS route matched: the path is not served at all
                problem(ctx, ApiProblem.NOT_FOUND.with("no route " + ctx.method() + " " + ctx.path()));
            } else if (!isProblem(ctx)) {
                ctx.header("Allow", String.join(", ", methodsOf(ctx.path())) + ", OPTIONS"); // RFC 9110 section 15.5.6
                problem(ctx, ApiProblem.METHOD_NOT_ALLOWED.with(ctx.method() + " is not served on " + ctx.path()));
            }
        });
        config.routes.error(413, "*", ctx -> {
            if (!isProblem(ctx)) {
                problem(ctx, ApiProblem.BODY_TOO_LARGE.with("the body is larger than " + settings.maxBodyBytes() + " bytes"));
            }
        });
    }

    /**
     * Plinth Studio (docs/studio.md): its page and files, the schema endpoint, and the development sign-in only
     * when the server may offer it ({@link dev.plinth.studio.StudioSettings#signInOffered}); a Studio that is off
     * registers nothing, so all of it answers the 404 problem.
     */
    private void studioRoutes(JavalinConfig config) {
        new dev.plinth.studio.StudioPage().register(config);
        dev.plinth.studio.StudioApi studio = new dev.plinth.studio.StudioApi(settings.studio(), api.database(),
                api.authenticator(), api.bodies(), api.bodies().mapper());
        studioRoute(config, HandlerType.GET, dev.plinth.studio.StudioApi.SCHEMA, studio::schema);
        if (settings.studio().signInOffered(settings.host())) {
            studioRoute(config, HandlerType.GET, dev.plinth.studio.StudioApi.SIGN_IN, studio::signInAvailable);
            studioRoute(config, HandlerType.POST, dev.plinth.studio.StudioApi.SIGN_IN, studio::signIn);
        }
    }

    /**
     * A Studio endpoint: timed and logged under its template as every route, but not one of {@link #routes()} —
     * like the Studio's page it serves the admin, not the schema's API, so it stays out of the route list and
     * the OpenAPI document.
     */
    private static void studioRoute(JavalinConfig config, HandlerType type, String path, Handler handler) {
        Handler tracked = ctx -> {
            RequestRecord.of(ctx).route(path);
            handler.handle(ctx);
        };
        config.routes.addHttpHandler(type, path, tracked);
        if (type == HandlerType.GET) {
            config.routes.addHttpHandler(HandlerType.HEAD, path, tracked);
        }
    }

    /**
     * {@code GET /api/_orphaned} (the list, empty when nothing is orphaned), and while a table is orphaned
     * {@code /api/_orphaned/{table}} (GET, and DELETE to drop it) and {@code /api/_orphaned/{table}/{key}} (GET);
     * other methods answer 405 with {@code Allow}.
     */
    private void orphanedRoutes(JavalinConfig config, OrphanedTableRoutes o) {
        route(config, HandlerType.GET, api.catalog().prefix() + OrphanedTableRoutes.SEGMENT, o::index);
        if (!orphanedAtStart) {
            return;
        }
        String base = api.catalog().prefix() + OrphanedTableRoutes.SEGMENT + "/{table}";
        route(config, HandlerType.GET, base, o::list);
        route(config, HandlerType.DELETE, base, o::drop);
        // no other write handlers: POST, PUT, PATCH get the 405 problem with Allow (below)
        route(config, HandlerType.GET, base + "/{key}", o::get);
    }

    /** The routes of a resource's to-many and many-to-many relations (docs/search-and-relations.md). */
    private void nestedRoutes(JavalinConfig config, Resource r, String item) {
        for (dev.plinth.api.record.RelationLink link : relations.nestedLinks(r)) {
            String name = link.field().name();
            if (name.equals("restore")) {
                continue;
            }
            RelationHandlers h = new RelationHandlers(api, relations, r, link);
            String path = item + "/" + name;
            route(config, HandlerType.GET, path, h::list);
            if (link.manyToMany()) {
                route(config, HandlerType.PUT, path + "/{other}", h::connect);
                route(config, HandlerType.DELETE, path + "/{other}", h::disconnect);
            } else if (!link.target().readOnly()) {
                route(config, HandlerType.POST, path, h::create);
            }
        }
    }

    private static byte[] openApiDocument(Schema schema, SchemaPolicy policy, ResourceCatalog catalog,
                                          Authenticator authenticator, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsBytes(dev.plinth.openapi.OpenApiDocument.of(schema, catalog, policy,
                    new dev.plinth.openapi.Access(authenticator.verifier().isPresent(), authenticator.anonymousReads())));
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            // the API itself does not depend on its description: serve it, and answer /openapi.json with the fault
            LOG.error("cannot build the OpenAPI document; GET /openapi.json will answer 500", e);
            return null;
        }
    }

    /** {@code GET /openapi.json}: open (it describes the API, not its data) unless {@code --openapi-token} is set. */
    private void openApi(Context ctx) {
        new BearerSecret(settings.openApiToken(), "--openapi-token").require(ctx, "the OpenAPI document");
        openApi.run(); // builds it the first time only
        Optional<byte[]> document;
        try {
            document = openApi.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiProblem.INTERNAL.with("interrupted while the OpenAPI document was built");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause()); // openApiDocument catches what it can throw
        }
        if (document.isEmpty()) {
            throw ApiProblem.INTERNAL.with("the OpenAPI document could not be built; the server log says why");
        }
        ctx.status(200);
        ctx.contentType("application/json");
        ctx.result(document.get());
    }

    /**
     * {@code GET /metrics}: every meter in Prometheus's text format (OpenMetrics when the scraper asks),
     * open unless {@code --metrics-token} is set.
     */
    private void metrics(Context ctx) {
        new BearerSecret(settings.observability().metricsToken(), "--metrics-token").require(ctx, "the metrics");
        ServerMetrics.Scrape scrape = metrics.orElseThrow().scrape(ctx.header("Accept"));
        ctx.status(200);
        ctx.contentType(scrape.contentType());
        ctx.result(scrape.text());
    }

    private void route(JavalinConfig config, HandlerType type, String path, Handler handler) {
        // the route template, for the access log and http.server.requests (never the raw path: one series per route)
        Handler tracked = ctx -> {
            RequestRecord.of(ctx).route(path);
            handler.handle(ctx);
        };
        config.routes.addHttpHandler(type, path, tracked);
        if (type == HandlerType.GET) {
            // HEAD answers what GET would, without the body (RFC 9110 section 9.3.2): the GET handler
            // runs (token, scope, row look-up) and Jetty sends its status and headers only.
            config.routes.addHttpHandler(HandlerType.HEAD, path, tracked);
        }
        routes.add(String.format("%-6s %s", type.name(), path));
    }

    /** The methods served on a request path, in a fixed order; OPTIONS answers them in {@code Allow}. */
    private List<String> methodsOf(String path) {
        List<String> methods = new ArrayList<>();
        for (HandlerType type : List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.POST, HandlerType.PUT,
                HandlerType.PATCH, HandlerType.DELETE)) {
            if (!app.unsafe.internalRouter.findHttpHandlerEntries(type, path).isEmpty()) {
                methods.add(type.name());
            }
        }
        return methods;
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith(ProblemWriter.MEDIA_TYPE);
    }

    /**
     * The answer to a database failure: a connection that did not come free within the pool's wait
     * (HikariCP's {@code connectionTimeout}, or an export's turn) is 503 with a message of its own;
     * everything else is mapped by {@link dev.plinth.api.record.DatabaseFailures}.
     */
    private ProblemException databaseProblem(Context ctx, java.sql.SQLException e) {
        if (e instanceof java.sql.SQLTransientConnectionException) {
            LOG.warn("request {}: {} {}: {}", RequestRecord.of(ctx).id(), ctx.method(), ctx.path(), e.getMessage());
            return ApiProblem.UNAVAILABLE.with("every database connection stayed busy for "
                    + settings.connectionWait().toMillis() + " ms; nothing was changed, retry");
        }
        return dev.plinth.api.record.DatabaseFailures.explain(e);
    }

    private void problem(Context ctx, ProblemException e) {
        logDatabaseError(ctx, e);
        if (e.problem() == ApiProblem.UNAVAILABLE) {
            // RFC 9110 section 10.2.3: when to try again
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        ctx.status(e.problem().status());
        ctx.contentType(ProblemWriter.MEDIA_TYPE);
        ctx.result(problems.render(e, ctx.path(), -1, RequestRecord.of(ctx).id()));
    }

    /** Returns the database error a wrapped failure carries (a driver or jOOQ wrapper), or null. */
    private static java.sql.SQLException databaseCause(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    /**
     * Logs the database's own error behind a problem (its text is never answered) with the request id.
     *
     * @param ctx the request
     * @param e   the problem answered
     */
    static void logDatabaseError(Context ctx, ProblemException e) {
        e.databaseError().ifPresent(cause -> {
            if (e.problem().status() >= 500 && e.problem() != ApiProblem.UNAVAILABLE) {
                LOG.error("request {}: {} {} answered {}: the database said", RequestRecord.of(ctx).id(), ctx.method(), ctx.path(),
                        e.problem().code(), cause);
            } else {
                LOG.warn("request {}: {} {} answered {}: the database said [SQLSTATE {}] {}", RequestRecord.of(ctx).id(), ctx.method(),
                        ctx.path(), e.problem().code(), cause.getSQLState(), cause.getMessage());
            }
        });
    }

    /**
     * Turns a refused list parameter into the catalog's 400 problem.
     *
     * @param e the query package's refusal
     * @return the problem, with the parameter as the bad field
     */
    static ProblemException queryProblem(QueryException e) {
        QueryError error = e.error();
        ApiProblem problem = switch (error.code()) {
            case UNKNOWN_COLUMN -> ApiProblem.UNKNOWN_COLUMN;
            case INVALID_VALUE -> ApiProblem.INVALID_VALUE;
            case NOT_SUPPORTED -> ApiProblem.NOT_SUPPORTED;
            case INVALID_PARAMETER -> ApiProblem.INVALID_PARAMETER;
        };
        String hint = error.validValues().isEmpty() ? "" : "; valid: " + String.join(", ", error.validValues());
        return ProblemException.fields(problem, error.message(),
                List.of(new FieldError(error.parameter(), problem.code(), error.message() + (error.message().contains("valid") ? "" : hint))));
    }

    /** Starts listening. */
    public ApiServer start() {
        app.start();
        return this;
    }

    /** Returns the port listened on (the free port chosen for port 0). */
    public int port() {
        return app.port();
    }

    /** Returns the routes, one {@code METHOD /path} line each, in registration order. */
    public List<String> routes() {
        return List.copyOf(routes);
    }

    /** Returns the server's metrics registry and meters; empty when metrics are off ({@code --no-metrics}). */
    public Optional<ServerMetrics> metrics() {
        return metrics;
    }

    /** Returns the served resources. */
    public ResourceCatalog catalog() {
        return api.catalog();
    }

    /** Turns readiness off ({@code GET /health/ready} answers 503) while serving on; a stop does it first. */
    public void drain() {
        health.drain();
    }

    /**
     * Stops gracefully: readiness turns 503, the connectors stop accepting, requests in flight finish
     * (new requests on open connections are answered 503) for up to the shutdown timeout, then the
     * connections close.
     */
    @Override
    public void close() {
        health.drain();
        app.stop();
    }
}
