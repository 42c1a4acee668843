package dev.plinth.cli;

import dev.plinth.api.ApiSettings;
import dev.plinth.api.CursorSecret;
import dev.plinth.api.Authenticator;
import dev.plinth.api.ServedApi;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.LoopbackAddress;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.migrate.MigrationRefusedException;
import dev.plinth.migrate.MigrationStep;
import dev.plinth.schema.Diagnostic;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code plinth serve schema.prisma [--database-url URL] [--port 8080]}: migrates the database
 * (additive steps only, unless {@code --force}) and serves the REST API for every model, printing the
 * database and the routes at start.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Migrate the database (additive steps only) and serve the REST API of a Prisma schema.",
        footer = {"%nWithout a token key Plinth listens on 127.0.0.1 only, since anonymous callers",
                "may read and write every table without user_id; --allow-anonymous with --host",
                "serves that on other interfaces."})
public final class ServeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCHEMA", description = "The schema.prisma file.")
    Path schemaFile;

    @Option(names = "--database-url", description = "file:./dev.db or postgresql://user@host:5432/db (default: the datasource's url).")
    String databaseUrl;

    @Option(names = "--port", defaultValue = "8080", description = "The TCP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", description = "The interface to listen on (default: 0.0.0.0 when a token key is configured,"
            + " else 127.0.0.1; another interface without a key needs --allow-anonymous).")
    String host;

    @Option(names = "--allow-anonymous", description = "Serve without a token key on interfaces other than 127.0.0.1"
            + " (with --host): anyone who reaches the port can read and write every table without user_id.")
    boolean allowAnonymous;

    @Option(names = {"--force", "--accept-data-loss"}, description = "Apply destructive migration steps too.")
    boolean force;

    @Option(names = "--max-body-size", defaultValue = "1048576", paramLabel = "BYTES",
            description = "The largest request body accepted, in bytes (default ${DEFAULT-VALUE}, 1 MiB).")
    long maxBodyBytes;

    @Option(names = "--jwt-public-key", paramLabel = "PEM", description = "Verify RS256/ES256 tokens with this PEM public key"
            + " (-----BEGIN PUBLIC KEY-----); a token's kid is not matched against it.")
    Path publicKey;

    @Option(names = "--jwks-file", paramLabel = "JSON", description = "Verify RS256/ES256 tokens with this JSON Web Key Set file"
            + " (keys matched by kid).")
    Path jwksFile;

    @Option(names = "--jwks-url", paramLabel = "URL", description = "Verify RS256/ES256 tokens with the identity provider's"
            + " JSON Web Key Set at this URL (the jwks_uri of its OpenID configuration); https,"
            + " or http on 127.0.0.1. Fetched at start, kept as its Cache-Control max-age says (5 minutes without),"
            + " fetched again for an unknown kid (at most twice per 30 seconds).")
    java.net.URI jwksUrl;

    @Option(names = "--jwt-issuer", paramLabel = "ISS", description = "Accept public-key tokens only with this iss claim"
            + " (the provider's issuer URL). Tokens signed with PLINTH_JWT_SECRET are not checked.")
    String issuer;

    @Option(names = "--jwt-audience", paramLabel = "AUD", description = "Accept public-key tokens only when their aud claim"
            + " holds this value (the API identifier or client id the provider puts there).")
    String audience;

    @Option(names = "--org-claim", defaultValue = "org_id", paramLabel = "CLAIM",
            description = "The token claim compared with organization_id columns (default ${DEFAULT-VALUE}).")
    String orgClaim;

    @Option(names = "--teams-claim", defaultValue = "team_ids", paramLabel = "CLAIM",
            description = "The token claim (an array) compared with team_id columns (default ${DEFAULT-VALUE}).")
    String teamsClaim;

    @Option(names = "--anonymous-reads", description = "Let requests without a token read tables that have no user_id.")
    boolean anonymousReads;

    @Option(names = "--pool-size", paramLabel = "N",
            description = "The most PostgreSQL connections (default: cores × 2 + 1, at least 5); on SQLite the read connections (default 8).")
    Integer poolSize;

    @Option(names = "--pool-timeout", defaultValue = "5", paramLabel = "SECONDS",
            description = "How long a request waits for a database connection before a 503 with Retry-After (default ${DEFAULT-VALUE}).")
    double poolTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long a client may send or read nothing before its connection is closed (default ${DEFAULT-VALUE}).")
    double idleTimeout;

    @Option(names = "--openapi-token", paramLabel = "TOKEN",
            description = "Require Authorization: Bearer TOKEN for GET /openapi.json (default: no token needed).")
    String openApiToken;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", split = "\\s*,\\s*",
            description = "Let browser pages from this origin (scheme://host[:port]) call the API; repeatable or"
                    + " comma-separated; * allows any origin (for development). Default: none.")
    List<String> corsOrigins = List.of();

    @Option(names = "--metrics", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Serve GET /metrics (Prometheus text: requests by route, pools, SQLite group commits, migration)"
                    + "; --no-metrics turns it off (default on).")
    boolean metrics;

    @Option(names = "--metrics-token", paramLabel = "TOKEN",
            description = "Require Authorization: Bearer TOKEN for GET /metrics (default: no token needed).")
    String metricsToken;

    @Option(names = "--access-log", negatable = true, defaultValue = "false", fallbackValue = "true",
            description = "Log one line per request (method, route, status, duration, bytes, request id, subject) on the"
                    + " logger plinth.access (default off: a line costs the fastest reads about a tenth of their throughput).")
    boolean accessLog;

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "The log on stderr: text, or json (one JSON object per line, for log shippers) (default ${DEFAULT-VALUE}).")
    String logFormat;

    @Option(names = "--studio", negatable = true, fallbackValue = "true", converter = EnvironmentFlag.class, paramLabel = "true|false",
            description = "Serve Plinth Studio, the web admin, at /studio; --no-studio turns it off. Default: on when the"
                    + " server listens on loopback only (127.0.0.1, ::1, localhost), off on other interfaces.")
    Boolean studio;

    @Option(names = "--shutdown-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "On SIGTERM, how long requests in flight may take to finish before the server stops (default ${DEFAULT-VALUE}).")
    int shutdownSeconds;

    // ---- held destructive changes (docs/migrations.md, "Held destructive changes and orphaned tables") ----

    @Option(names = "--hold-destructive", converter = EnvironmentFlag.class, fallbackValue = "true", arity = "0..1",
            paramLabel = "true|false",
            description = "Apply the additive migration steps and hold the destructive ones: a removed field's column"
                    + " stays (made optional when it was required without default), a removed model's table stays and is"
                    + " served read-only to admins under /api/_orphaned/<table>. Other destructive steps still refuse to"
                    + " start. Default: refuse any destructive step.")
    boolean holdDestructive;

    @Option(names = "--admin-role", defaultValue = "admin", paramLabel = "ROLE",
            description = "The role (token claim role or roles) that may read and drop orphaned tables (default ${DEFAULT-VALUE}).")
    String adminRole;

    // ---- renames and index builds of the start-up migration (docs/migrations.md) ----

    @picocli.CommandLine.Mixin
    RenameOptions renameOptions = new RenameOptions();

    @Option(names = "--concurrent-indexes", description = "PostgreSQL: build indexes on existing tables with CREATE INDEX"
            + " CONCURRENTLY after the other migration steps commit (ignored on SQLite).")
    boolean concurrentIndexes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    // ---- migration files (docs/migrations.md, "Migration files: review and deploy") ----
    @Option(names = "--migrations", defaultValue = "auto", paramLabel = "MODE", converter = MigrationsMode.Converter.class,
            description = "auto (default, development): migrate the database at start; files (production): never change it,"
                    + " refuse to start unless every migration file is applied and the database matches the schema.")
    MigrationsMode migrations;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    /** Creates the command reading the process environment and writing to the standard streams. */
    public ServeCommand() {
        this(System.getenv(), System.out, System.err);
    }

    /**
     * @param environment where {@code PLINTH_JWT_SECRET}, {@code PLINTH_CURSOR_SECRET} and {@code DATABASE_URL} are read
     * @param out         where the banner is printed
     * @param err         where problems are reported
     */
    ServeCommand(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Optional<ServedApi> served = open();
        if (served.isEmpty()) {
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                served.get().close();
            } finally {
                LogSetup.flush();
                stopped.countDown();
            }
        }));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Loads the schema, migrates and starts serving, printing the banner; reports problems on {@code err}.
     *
     * @return the running API, or empty when it could not start (the reason was printed)
     * @throws CommandFailure when the schema file cannot be read, or the database or the port cannot be used
     */
    Optional<ServedApi> open() {
        LogSetup logs;
        try {
            logs = LogSetup.of(logFormat);
        } catch (IllegalArgumentException e) {
            err.println("plinth: " + e.getMessage());
            return Optional.empty();
        }
        logs.apply();
        SchemaResult result = SchemaFile.load(schemaFile);
        for (Diagnostic d : result.diagnostics()) {
            err.println(d.severity().label() + ": " + d.message() + " (" + d.span().location() + ")");
        }
        if (result.schema().isEmpty()) {
            err.println("plinth: " + schemaFile + " has errors; nothing was served");
            return Optional.empty();
        }
        Schema schema = result.schema().get();
        dev.plinth.migrate.ExplicitRenames renames = renameOptions.renames(schema, spec.commandLine());
        dev.plinth.schema.policy.SchemaPolicy policy = dev.plinth.schema.policy.SchemaPolicy.of(result);
        Authenticator authenticator;
        DatabaseTarget target;
        CursorSecret cursors;
        dev.plinth.api.cors.CorsPolicy cors;
        AuthConfig auth;
        try {
            target = DatabaseTarget.resolve(schema, schemaFile, Optional.ofNullable(databaseUrl), environment);
            auth = AuthConfig.from(environment, publicKey, jwksFile, jwksUrl, issuer, audience, anonymousReads);
            authenticator = new Authenticator(auth.enabled() ? Optional.of(TokenVerifier.create(auth)) : Optional.empty(),
                    anonymousReads);
            cursors = CursorSecret.from(environment);
            cors = dev.plinth.api.cors.CorsPolicy.of(corsOrigins);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        // dbgenerated("…") expressions of another database that have no equivalent here (docs/schema.md)
        dev.plinth.sql.DbGeneratedDefault.warnings(schema, target.kind()).forEach(w -> err.println("warning: " + w));
        if (shutdownSeconds < 0) {
            err.println("plinth: --shutdown-timeout cannot be negative");
            return Optional.empty();
        }
        if (poolSize != null && poolSize < 1) {
            err.println("plinth: --pool-size must be at least 1");
            return Optional.empty();
        }
        boolean keyed = authenticator.verifier().isPresent();
        String listen = host != null ? host : keyed ? "0.0.0.0" : "127.0.0.1";
        if (!keyed && !allowAnonymous && !LoopbackAddress.is(listen)) {
            err.println("plinth: no token key is configured, so anyone reaching " + listen + " could read and write every"
                    + " table without user_id; set PLINTH_JWT_SECRET (or --jwt-public-key, --jwks-file, --jwks-url),"
                    + " or add --allow-anonymous to serve anonymous access there");
            return Optional.empty();
        }
        if (!(poolTimeout >= 0.25 && idleTimeout > 0)) {
            err.println("plinth: --pool-timeout must be at least 0.25 seconds and --idle-timeout above 0");
            return Optional.empty();
        }
        if (adminRole == null || adminRole.isBlank()) {
            err.println("plinth: --admin-role cannot be empty");
            return Optional.empty();
        }
        if (concurrentIndexes && target.kind() == dev.plinth.sql.DatabaseKind.SQLITE) {
            err.println("note: --concurrent-indexes is ignored on SQLite: an index is built inside the migration's transaction");
        }
        dev.plinth.migrate.MigrationOptions migration = new dev.plinth.migrate.MigrationOptions(renames, concurrentIndexes,
                target.kind() == dev.plinth.sql.DatabaseKind.SQLITE ? Optional.empty() : Optional.of(target::connect));
        if (migrations == MigrationsMode.FILES) {
            MigrationsMode.ignoredOptions(force, holdDestructive, !renames.requests().isEmpty(), concurrentIndexes).ifPresent(err::println);
            List<String> notReady;
            try {
                notReady = MigrationsMode.notReady(schema, schemaFile, target);
            } catch (SQLException e) {
                throw new CommandFailure(StartFailure.database(e, target), e);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new CommandFailure(e.getMessage(), e);
            }
            if (!notReady.isEmpty()) {
                err.println("plinth: --migrations files: the database is not ready for this schema, and serve never changes it; refusing to start:");
                notReady.forEach(reason -> err.println("  - " + reason));
                return Optional.empty();
            }
        }
        // the Studio's default follows the interface (StudioSettings.onByDefault); its sign-in needs the HS256 secret
        dev.plinth.studio.StudioSettings studioSettings = (studio != null ? studio : dev.plinth.studio.StudioSettings.onByDefault(listen))
                ? new dev.plinth.studio.StudioSettings(true, auth.hmacSecret().map(dev.plinth.auth.TokenIssuer::new), Optional.of(
                        new dev.plinth.studio.StudioSettings.SchemaSource(schemaFile.getFileName().toString(), result.source())))
                : dev.plinth.studio.StudioSettings.OFF;
        ServedApi served;
        try {
            served = ServedApi.start(schema, policy,
                    new dev.plinth.api.access.ClaimNames(orgClaim, teamsClaim), target,
                    new dev.plinth.api.StartMigration(migrations == MigrationsMode.FILES
                            ? dev.plinth.migrate.DestructiveChanges.REFUSE : dev.plinth.migrate.DestructiveChanges.of(force, holdDestructive), adminRole,
                            migration, new ProgressReporter(new java.io.PrintWriter(out, true, java.nio.charset.StandardCharsets.UTF_8),
                                    ProgressReporter.isTerminal(), target.kind())),
                    authenticator,
                    new ApiSettings(listen, port, maxBodyBytes, cursors.key(),
                            poolSize == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(poolSize),
                            java.time.Duration.ofMillis(Math.round(poolTimeout * 1000)),
                            java.time.Duration.ofMillis(Math.round(idleTimeout * 1000)),
                            Optional.ofNullable(openApiToken), cors, java.time.Duration.ofSeconds(shutdownSeconds),
                            new ApiSettings.Observability(metrics, Optional.ofNullable(metricsToken), accessLog,
                                    logs == LogSetup.JSON)).withStudio(studioSettings),
                    java.util.function.UnaryOperator.identity());
        } catch (MigrationRefusedException e) {
            if (holdDestructive) {
                List<String> lines = HeldReport.cannotBeHeld(e.plan());
                err.println("plinth: " + lines.getFirst());
                lines.subList(1, lines.size()).forEach(err::println);
                return Optional.empty();
            }
            err.println("plinth: the database differs from the schema in ways that lose data; refusing to start:");
            for (MigrationStep step : e.plan().destructiveSteps()) {
                err.println("  - " + step.description() + step.dataLoss().map(l -> " (loses " + l + ")").orElse(""));
            }
            e.plan().renameHints().forEach(h -> err.println("Hint: " + h.message()));
            err.println("Run with --force to apply these steps anyway, or with --hold-destructive to apply the additive"
                    + " steps and keep removed columns and tables (docs/migrations.md).");
            return Optional.empty();
        } catch (dev.plinth.migrate.MigrationFailedException | SQLException | RuntimeException e) {
            throw new CommandFailure(StartFailure.serving(e, target, host, port), e);
        }
        out.println("Plinth serving " + schemaFile + " from " + served.database().describe());
        if (!served.migration().applied().isEmpty()) {
            out.println("Migrated: " + served.migration().applied().size() + " step(s) applied");
        }
        HeldReport.held(served.migration().plan()).forEach(out::println);
        served.missingViews().forEach(v -> err.println("warning: " + dev.plinth.migrate.MissingViews.warning(v)));
        out.println("Authentication: " + (keyed ? "bearer tokens" : "off (set PLINTH_JWT_SECRET to enable)"));
        if (!keyed) {
            out.println((LoopbackAddress.is(listen) ? "Listening on " + listen + " only: " : "Warning: ")
                    + "without a token key anonymous callers may read and write every table without user_id");
        }
        out.println(cursors.describe());
        List<String> scoped = served.server().catalog().resources().stream().filter(r -> r.owner().isPresent()).map(r -> r.name()).toList();
        if (!served.migration().plan().orphanedTables().isEmpty() && !keyed) {
            out.println("Warning: orphaned tables are served to callers with the role " + adminRole
                    + " only, so they answer 401 until a token key is configured");
        }
        if (!scoped.isEmpty() && authenticator.verifier().isEmpty()) {
            out.println("Warning: " + String.join(", ", scoped) + " are owner-scoped and answer 401 until a token key is configured");
        }
        List<String> conventions = ConventionReport.lines(served.server().catalog().resources());
        if (!conventions.isEmpty()) {
            out.println("Conventions (docs/schema.md):");
            conventions.forEach(line -> out.println("  " + line));
        }
        List<String> governed = policy.models().values().stream().filter(dev.plinth.schema.policy.ModelPolicy::hasRules)
                .map(dev.plinth.schema.policy.ModelPolicy::model).sorted().toList();
        if (!governed.isEmpty()) {
            out.println("Access rules: " + String.join(", ", governed) + " (docs/access-rules.md)");
        }
        if (cors.enabled()) {
            out.println("CORS: " + (cors.anyOrigin() ? "any origin (*)" : String.join(", ", new java.util.TreeSet<>(cors.origins()))));
        }
        out.println("Routes:");
        for (String route : served.server().routes()) {
            out.println("  " + route);
        }
        out.println("Listening on http://" + listen + ":" + served.server().port());
        if (studioSettings.enabled()) {
            out.println("Studio: " + dev.plinth.studio.StudioSettings.url(listen, served.server().port())
                    + (studioSettings.signInOffered(listen) ? " (development sign-in on: PLINTH_JWT_SECRET, loopback only)" : ""));
        }
        out.flush();
        return Optional.of(served);
    }
}
