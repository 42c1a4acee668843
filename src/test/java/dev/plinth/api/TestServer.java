package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.DeserializationFeature;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real Plinth server on a free port for end-to-end tests, over a fresh SQLite file or a fresh
 * PostgreSQL database, with HS256 tokens enabled; plus an HTTP client speaking to it.
 */
final class TestServer implements AutoCloseable {

    static final String SECRET = "plinth-test-secret-0123456789abcdef-0123456789";

    /** The databases the e2e tests run on. */
    enum Db { SQLITE, POSTGRESQL }

    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final ServedApi served;
    private final PostgresTestDatabase pg;
    private final Path dir;
    private final DatabaseTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8));

    private TestServer(ServedApi served, PostgresTestDatabase pg, Path dir, DatabaseTarget target) {
        this.served = served;
        this.pg = pg;
        this.dir = dir;
        this.target = target;
    }

    static Schema schema(String text) {
        SchemaResult r = SchemaLoader.parse("schema.prisma", text);
        if (r.schema().isEmpty()) {
            throw new IllegalArgumentException("test schema rejected: " + r.errors());
        }
        return r.schema().get();
    }

    static TestServer start(Db db, String schemaText) throws Exception {
        return start(db, schemaText, java.util.function.UnaryOperator.identity());
    }

    /**
     * The Studio as {@code plinth serve} on 127.0.0.1 with {@code PLINTH_JWT_SECRET} sets it up: on, with the
     * schema's text for {@code /studio/api/schema} and the development sign-in signing with {@link #SECRET}.
     */
    static ApiSettings studio(ApiSettings settings, String schemaText) {
        return settings.withStudio(dev.plinth.studio.StudioSettings.DEFAULT.withSource("schema.prisma", schemaText)
                .withSignIn(new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8))));
    }

    static TestServer start(Db db, Schema schema, boolean auth, boolean anonymousReads, long maxBody) throws Exception {
        return start(db, schema, auth, anonymousReads, maxBody, List.of());
    }

    /** Starts a server after running {@code postgresSetup} on a PostgreSQL database (ignored on SQLite). */
    static TestServer start(Db db, Schema schema, boolean auth, boolean anonymousReads, long maxBody,
                            List<String> postgresSetup) throws Exception {
        return start(db, schema, auth, anonymousReads, postgresSetup,
                new ApiSettings("127.0.0.1", 0, maxBody, Optional.of(SECRET.getBytes(StandardCharsets.UTF_8))));
    }

    /** Starts a server with tokens enabled and the given settings (their cursor secret should be {@link #SECRET}). */
    static TestServer start(Db db, Schema schema, ApiSettings settings) throws Exception {
        return start(db, schema, true, false, List.of(), settings);
    }

    /** Starts a server with tokens and the default body limit, its settings changed by {@code settings} (e.g. CORS). */
    static TestServer start(Db db, String schemaText, java.util.function.UnaryOperator<ApiSettings> settings) throws Exception {
        return start(db, schema(schemaText), true, false, List.of(), settings.apply(studio(
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.of(SECRET.getBytes(StandardCharsets.UTF_8))),
                schemaText)));
    }

    /** Starts a server with tokens and the schema's access and data rules ({@code @@allow}, {@code @length}, …) enforced. */
    static TestServer startWithRules(Db db, String schemaText) throws Exception {
        SchemaResult r = SchemaLoader.parse("schema.prisma", schemaText);
        if (r.schema().isEmpty()) {
            throw new IllegalArgumentException("test schema rejected: " + r.errors());
        }
        return start(db, r.schema().get(), true, false, List.of(), studio(new ApiSettings("127.0.0.1", 0,
                ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.of(SECRET.getBytes(StandardCharsets.UTF_8))), schemaText),
                dev.plinth.schema.policy.SchemaPolicy.of(r));
    }

    private static TestServer start(Db db, Schema schema, boolean auth, boolean anonymousReads, List<String> postgresSetup,
                                    ApiSettings settings) throws Exception {
        return start(db, schema, auth, anonymousReads, postgresSetup, settings, dev.plinth.schema.policy.SchemaPolicy.NONE);
    }

    private static TestServer start(Db db, Schema schema, boolean auth, boolean anonymousReads, List<String> postgresSetup,
                                    ApiSettings settings, dev.plinth.schema.policy.SchemaPolicy policy) throws Exception {
        Path dir = Files.createTempDirectory("plinth-e2e");
        PostgresTestDatabase pg = db == Db.POSTGRESQL ? PostgresTestDatabase.create() : null;
        if (pg != null && !postgresSetup.isEmpty()) {
            try (Connection c = pg.connect(); Statement s = c.createStatement()) {
                for (String sql : postgresSetup) {
                    s.execute(sql);
                }
            }
        }
        DatabaseTarget target = db == Db.POSTGRESQL ? DatabaseTarget.parse(pg.url(), dir)
                : DatabaseTarget.parse("file:" + dir.resolve("test.db"), dir);
        Optional<TokenVerifier> verifier = auth
                ? Optional.of(TokenVerifier.create(AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, SECRET), null, null, anonymousReads)))
                : Optional.empty();
        try {
            ServedApi served = ServedApi.start(schema, policy,
                    dev.plinth.api.access.ClaimNames.DEFAULT, target, false, new Authenticator(verifier, anonymousReads),
                    settings, dev.plinth.api.store.CountingDatabase::new);
            return new TestServer(served, pg, dir, target);
        } catch (Exception e) {
            if (pg != null) {
                pg.close();
            }
            throw e;
        }
    }

    ServedApi served() {
        return served;
    }

    /** Returns the number of SQL statements the API has executed since the last call (and starts counting anew). */
    long statements() {
        dev.plinth.api.store.CountingDatabase counting = (dev.plinth.api.store.CountingDatabase) served.database();
        long n = counting.statements();
        counting.reset();
        return n;
    }

    /** Starts or stops keeping the queries the API runs ({@link #recordedQueries()}). */
    void recordQueries(boolean on) {
        ((dev.plinth.api.store.CountingDatabase) served.database()).record(on);
    }

    /** Returns the queries the API ran since the last call, with their binds, and forgets them. */
    List<dev.plinth.query.RenderedSql> recordedQueries() {
        return ((dev.plinth.api.store.CountingDatabase) served.database()).takeRecorded();
    }

    String token(String subject) {
        return issuer.issue(subject, Map.of(), Duration.ofHours(1));
    }

    /** A token of {@code subject} with further claims (e.g. {@code role}, {@code org_id}). */
    String token(String subject, Map<String, Object> claims) {
        return issuer.issue(subject, claims, Duration.ofHours(1));
    }

    String base() {
        return served.baseUrl();
    }

    /** One HTTP answer, with its body parsed when it is JSON. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String contentType() {
            return header("content-type").orElse("");
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
        boolean hasType = false;
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
            hasType |= headers[i].equalsIgnoreCase("Content-Type");
        }
        if (body != null && !hasType) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.headers().map(), r.body());
    }

    /** Sends with a bearer token of {@code user} (null: no token). */
    Answer as(String user, String method, String path, String body, String... headers) throws IOException, InterruptedException {
        if (user == null) {
            return send(method, path, body, headers);
        }
        String[] all = new String[headers.length + 2];
        all[0] = "Authorization";
        all[1] = "Bearer " + token(user);
        System.arraycopy(headers, 0, all, 2, headers.length);
        return send(method, path, body, all);
    }

    /** Returns every stored row of a table, as text, ordered by its first column: for "nothing changed" checks. */
    List<String> dump(String table) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
            return TableSnapshot.rows(rs);
        }
    }

    Connection connect() throws SQLException {
        return pg != null ? pg.connect() : DriverManager.getConnection(target.jdbcUrl());
    }

    @Override
    public void close() {
        served.close();
        if (pg != null) {
            pg.close();
        }
    }
}
