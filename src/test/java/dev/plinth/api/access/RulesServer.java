package dev.plinth.api.access;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.plinth.api.ApiSettings;
import dev.plinth.api.Authenticator;
import dev.plinth.api.ServedApi;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
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

/** A real server on a free port serving a schema with access rules, on SQLite or PostgreSQL, with tokens per caller. */
final class RulesServer implements AutoCloseable {

    static final String SECRET = "plinth-rules-secret-0123456789abcdef-0123456789";
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    /** The databases. */
    enum Db { SQLITE, POSTGRESQL }

    /** A caller: subject and claims (null subject: anonymous). */
    record Who(String sub, Map<String, Object> claims) {
        static final Who ANONYMOUS = new Who(null, Map.of());

        @Override
        public String toString() {
            return sub == null ? "anonymous" : sub + claims;
        }
    }

    /** An answer. */
    record Answer(int status, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final ServedApi served;
    private final PostgresTestDatabase pg;
    private final DatabaseTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8));

    private RulesServer(ServedApi served, PostgresTestDatabase pg, DatabaseTarget target) {
        this.served = served;
        this.pg = pg;
        this.target = target;
    }

    static RulesServer start(Db db, String schemaText, ClaimNames claims) throws Exception {
        SchemaResult r = SchemaLoader.parse("schema.prisma", schemaText);
        if (r.schema().isEmpty()) {
            throw new IllegalArgumentException("test schema rejected: " + r.errors());
        }
        Path dir = Files.createTempDirectory("plinth-rules");
        PostgresTestDatabase pg = db == Db.POSTGRESQL ? PostgresTestDatabase.create() : null;
        DatabaseTarget target = db == Db.POSTGRESQL ? DatabaseTarget.parse(pg.url(), dir)
                : DatabaseTarget.parse("file:" + dir.resolve("test.db"), dir);
        Optional<TokenVerifier> verifier = Optional.of(TokenVerifier.create(
                AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, SECRET), null, null, false)));
        ServedApi served = ServedApi.start(r.schema().get(), SchemaPolicy.of(r), claims, target, false,
                new Authenticator(verifier, false),
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.of(SECRET.getBytes(StandardCharsets.UTF_8))),
                java.util.function.UnaryOperator.identity());
        return new RulesServer(served, pg, target);
    }

    Answer send(Who who, String method, String path, String body) throws IOException, InterruptedException {
        return send(who, method, path, body, new String[0]);
    }

    /** Sends with extra headers, given as name, value, name, value, … */
    Answer send(Who who, String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        if (who.sub() != null) {
            b.header("Authorization", "Bearer " + issuer.issue(who.sub(), who.claims(), Duration.ofHours(1)));
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body());
    }

    /** Every stored row of a table as text, ordered by its first column. */
    List<String> dump(String table) throws SQLException {
        try (Connection c = pg != null ? pg.connect() : DriverManager.getConnection(target.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** Runs SQL directly (seeding rows no API caller may create). */
    void execute(String sql) throws SQLException {
        try (Connection c = pg != null ? pg.connect() : DriverManager.getConnection(target.jdbcUrl());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Override
    public void close() {
        served.close();
        if (pg != null) {
            pg.close();
        }
    }
}
