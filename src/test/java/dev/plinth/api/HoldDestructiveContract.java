package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.migrate.HeldChange;
import dev.plinth.migrate.MigrationRefusedException;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code plinth serve --hold-destructive} end to end (docs/migrations.md, "Held destructive changes and orphaned
 * tables"; docs/api.md, "Orphaned tables"): a server is started on a schema and given rows, then restarted on the
 * same database with a schema lacking a field and two models. The additive steps apply, the removed column stays
 * with its values while inserts keep working, the removed models' tables are served read-only to admins under
 * {@code /api/_orphaned/<table>}, {@code /health/ready} lists what is held; a type change still refuses to start;
 * {@code --force} drops what was held. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class HoldDestructiveContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget newTarget() throws Exception;

    /** Drops the database made by {@link #newTarget()}. */
    abstract void dropTarget();

    static final String V1 = """
            model Contact {
              id        Int      @id @default(autoincrement())
              name      String
              phone     String
              nickname  String?
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id])
              visits    Visit[]
            }

            model Visit {
              id        Int     @id @default(autoincrement())
              contactId Int
              contact   Contact @relation(fields: [contactId], references: [id])
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String
              founded  DateTime?
              active   Boolean   @default(true)
              score    Float?
              revenue  Decimal?
              data     Json?
              logo     Bytes?
              contacts Contact[]
            }

            model Tag {
              code  String @id
              label String
            }
            """;

    /** V1 without Contact.phone and nickname, the Company model (and the relation to it), the Tag and Visit models. */
    static final String V2 = """
            model Contact {
              id        Int     @id @default(autoincrement())
              name      String
              companyId Int?
              email     String?
            }
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8));
    private final List<ServedApi> started = new ArrayList<>();
    private DatabaseTarget target;
    private ServedApi served;

    @BeforeEach
    void createDatabase() throws Exception {
        target = newTarget();
    }

    @AfterEach
    void stop() {
        started.forEach(ServedApi::close);
        dropTarget();
    }

    /** Starts a server over the test's database, stopping the one before. */
    private ServedApi serve(String schema, DestructiveChanges mode, String adminRole) throws Exception {
        if (served != null) {
            served.close();
            started.remove(served);
            served = null;
        }
        Authenticator authenticator = new Authenticator(Optional.of(TokenVerifier.create(
                AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, TestServer.SECRET), null, null, false))), false);
        served = ServedApi.start(TestServer.schema(schema), dev.plinth.schema.policy.SchemaPolicy.NONE,
                dev.plinth.api.access.ClaimNames.DEFAULT, target, new StartMigration(mode, adminRole,
                        dev.plinth.migrate.MigrationOptions.DEFAULT, dev.plinth.migrate.MigrationListener.NONE), authenticator,
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty(), java.util.OptionalInt.of(2)),
                java.util.function.UnaryOperator.identity());
        started.add(served);
        return served;
    }

    private String token(String subject, Map<String, Object> claims) {
        return issuer.issue(subject, claims, Duration.ofHours(1));
    }

    private String admin() {
        return token("root", Map.of("role", "admin"));
    }

    private TestServer.Answer send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Answer(r.statusCode(), r.headers().map(), r.body());
    }

    private List<String> values(String query) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = target.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                out.add(r.getString(1));
            }
        }
        return out;
    }

    /** Serves V1 and writes a company, a tag and a contact of that company through the API. */
    private void v1WithRows() throws Exception {
        serve(V1, DestructiveChanges.REFUSE, "admin");
        assertThat(send("POST", "/api/companies", admin(), """
                {"name":"Acme","founded":"2020-01-02T03:04:05.000Z","score":1.5,"revenue":12.5,"data":{"a":[1,2]},"logo":"AQID"}
                """).status()).isEqualTo(201);
        assertThat(send("POST", "/api/tags", admin(), "{\"code\":\"vip\",\"label\":\"VIP\"}").status()).isEqualTo(201);
        assertThat(send("POST", "/api/contacts", admin(), "{\"name\":\"Ann\",\"phone\":\"555\",\"nickname\":\"A\",\"companyId\":1}")
                .status()).isEqualTo(201);
        assertThat(send("POST", "/api/visits", admin(), "{\"contactId\":1}").status()).isEqualTo(201);
    }

    @Test
    void heldChangesKeepTheDataAndTheOrphanedTablesAreServedReadOnlyToAdmins() throws Exception {
        v1WithRows();
        ServedApi held = serve(V2, DestructiveChanges.HOLD, "admin");
        assertThat(held.migration().applied()).as("the additive steps").isNotEmpty();
        assertThat(held.migration().plan().held()).extracting(HeldChange::kind, HeldChange::table).containsExactly(
                org.assertj.core.groups.Tuple.tuple("drop_column", "Contact"), org.assertj.core.groups.Tuple.tuple("drop_column", "Contact"),
                org.assertj.core.groups.Tuple.tuple("drop_table", "Company"), org.assertj.core.groups.Tuple.tuple("drop_table", "Tag"),
                org.assertj.core.groups.Tuple.tuple("drop_table", "Visit"));

        // the removed field's column stays with its value, is no longer served, and inserts without it work
        TestServer.Answer created = send("POST", "/api/contacts", admin(), "{\"name\":\"Bob\",\"email\":\"bob@example.com\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().has("phone")).isFalse();
        JsonNode ann = send("GET", "/api/contacts/1", admin(), null).json();
        assertThat(ann.get("name").asText()).isEqualTo("Ann");
        assertThat(ann.has("phone")).isFalse();
        assertThat(ann.has("nickname")).isFalse();
        assertThat(values("SELECT \"phone\" FROM \"Contact\" ORDER BY \"id\"")).containsExactly("555", null);
        assertThat(send("GET", "/api/contacts?phone=555", admin(), null).status()).isEqualTo(400);

        // an orphaned table, for admins: a page of rows with every column as the database holds it
        TestServer.Answer page = send("GET", "/api/_orphaned/Company?count=true", admin(), null);
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("application/json");
        JsonNode acme = page.json().get("data").get(0);
        assertThat(page.json().get("data")).hasSize(1);
        assertThat(page.json().get("page").asInt()).isEqualTo(1);
        assertThat(page.json().get("per_page").asInt()).isEqualTo(50);
        assertThat(page.json().get("total").asLong()).isEqualTo(1);
        assertThat(acme.get("id").asInt()).isEqualTo(1);
        assertThat(acme.get("name").asText()).isEqualTo("Acme");
        assertThat(acme.get("founded").asText()).isEqualTo("2020-01-02T03:04:05.000Z");
        assertThat(acme.get("active").isBoolean()).as(acme.toString()).isTrue();
        assertThat(acme.get("active").asBoolean()).isTrue();
        assertThat(acme.get("score").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(acme.get("revenue").decimalValue()).isEqualByComparingTo(new BigDecimal("12.5"));
        assertThat(acme.get("data").toString()).isEqualTo("{\"a\":[1,2]}");
        assertThat(acme.get("logo").asText()).isEqualTo("AQID");
        assertThat(send("GET", "/api/_orphaned/Company?page=2&per_page=1", admin(), null).json().get("data")).isEmpty();
        assertThat(send("GET", "/api/_orphaned/Company?per_page=0&count=true", admin(), null).json().toString())
                .isEqualTo("{\"data\":[],\"page\":1,\"per_page\":0,\"total\":1}");

        // by primary key
        TestServer.Answer one = send("GET", "/api/_orphaned/Company/1", admin(), null);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json()).isEqualTo(acme);
        assertThat(send("GET", "/api/_orphaned/Tag/vip", admin(), null).json().toString()).isEqualTo("{\"code\":\"vip\",\"label\":\"VIP\"}");
        TestServer.Answer missing = send("GET", "/api/_orphaned/Company/2", admin(), null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(send("GET", "/api/_orphaned/Company/abc", admin(), null).json().get("code").asText()).isEqualTo("invalid_key");
        assertThat(send("GET", "/api/_orphaned/Company/1,2", admin(), null).status()).isEqualTo(400);
        assertThat(send("GET", "/api/_orphaned/Company?sort=name", admin(), null).json().get("code").asText()).isEqualTo("invalid_parameter");
        assertThat(send("GET", "/api/_orphaned/Company?per_page=10001", admin(), null).status()).isEqualTo(400);
        assertThat(send("GET", "/api/_orphaned/Nothing", admin(), null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/_orphaned/Contact", admin(), null).status()).as("a served table is not orphaned").isEqualTo(404);
        assertThat(send("HEAD", "/api/_orphaned/Company", admin(), null).status()).isEqualTo(200);

        // only for admins: the role claim, or the roles array
        TestServer.Answer anonymous = send("GET", "/api/_orphaned/Company", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        TestServer.Answer member = send("GET", "/api/_orphaned/Company/1", token("m1", Map.of("role", "member")), null);
        assertThat(member.status()).isEqualTo(403);
        assertThat(member.json().get("code").asText()).isEqualTo("forbidden");
        assertThat(send("GET", "/api/_orphaned/Nothing", token("m1", Map.of()), null).status()).as("no leak of what exists").isEqualTo(403);
        assertThat(send("GET", "/api/_orphaned/Company", token("r2", Map.of("roles", List.of("ops", "admin"))), null).status())
                .isEqualTo(200);

        // read-only: every write answers 405 naming the methods served, and changes nothing (DELETE of the
        // table itself drops it: StudioOrphanContract)
        for (String method : List.of("POST", "PATCH", "PUT", "DELETE")) {
            for (String path : List.of("/api/_orphaned/Company", "/api/_orphaned/Company/1")) {
                if (method.equals("DELETE") && path.equals("/api/_orphaned/Company")) {
                    continue;
                }
                TestServer.Answer write = send(method, path, admin(), method.equals("DELETE") ? null : "{\"name\":\"X\"}");
                assertThat(write.status()).as(method + " " + path).isEqualTo(405);
                assertThat(write.header("Allow")).contains(path.endsWith("/1") ? "GET, HEAD, OPTIONS" : "GET, HEAD, DELETE, OPTIONS");
                assertThat(write.contentType()).startsWith("application/problem+json");
            }
        }
        assertThat(values("SELECT \"name\" FROM \"Company\"")).containsExactly("Acme");

        // an orphaned table keeps its foreign keys: the contact its visit references cannot be deleted
        TestServer.Answer referenced = send("DELETE", "/api/contacts/1", admin(), null);
        assertThat(referenced.status()).as(referenced.toString()).isEqualTo(409);
        assertThat(referenced.json().get("code").asText()).isEqualTo("still_referenced");
        assertThat(referenced.json().get("detail").asText()).startsWith("rows of a table outside the schema still reference");
        assertThat(send("DELETE", "/api/contacts/2", admin(), null).status()).isEqualTo(204);

        // the readiness probe lists what is held
        TestServer.Answer ready = send("GET", "/health/ready", null, null);
        assertThat(ready.status()).isEqualTo(200);
        JsonNode list = ready.json().get("details").get("held");
        assertThat(list).hasSize(5);
        assertThat(list.get(0).get("kind").asText()).isEqualTo("drop_column");
        assertThat(list.get(0).get("column").asText()).isEqualTo("phone");
        assertThat(list.get(0).get("description").asText()).contains("made optional");
        assertThat(list.get(2).toString()).contains("\"kind\":\"drop_table\"", "\"table\":\"Company\"", "1 row");
        assertThat(held.server().routes()).contains("GET    /api/_orphaned/{table}", "GET    /api/_orphaned/{table}/{key}");
    }

    @Test
    void laterStartsHoldTheSameChangesAndTheAdminRoleIsConfigurable() throws Exception {
        v1WithRows();
        serve(V2, DestructiveChanges.HOLD, "admin");
        ServedApi again = serve(V2, DestructiveChanges.HOLD, "ops");
        assertThat(again.migration().applied()).as("nothing is planned again").isEmpty();
        assertThat(again.migration().plan().held()).hasSize(5);
        assertThat(send("GET", "/api/_orphaned/Company", admin(), null).status()).isEqualTo(403);
        assertThat(send("GET", "/api/_orphaned/Tag", token("o", Map.of("role", "ops")), null).json().get("data").get(0).get("label")
                .asText()).isEqualTo("VIP");
        assertThat(send("GET", "/health/ready", null, null).json().get("details").get("held")).hasSize(5);
    }

    @Test
    void aTypeChangeStillRefusesToStartAndForceDropsWhatWasHeld() throws Exception {
        v1WithRows();
        serve(V2, DestructiveChanges.HOLD, "admin");
        served.close();
        started.remove(served);
        served = null;
        String typeChanged = V2.replace("name      String", "name      Int");
        assertThatThrownBy(() -> serve(typeChanged, DestructiveChanges.HOLD, "admin")).isInstanceOf(MigrationRefusedException.class)
                .satisfies(e -> assertThat(((MigrationRefusedException) e).plan().destructiveSteps())
                        .isNotEmpty().allSatisfy(s -> assertThat(s.description()).contains("\"name\"")));
        assertThat(values("SELECT \"name\" FROM \"Contact\" ORDER BY \"id\"")).containsExactly("Ann");
        assertThatThrownBy(() -> serve(V2, DestructiveChanges.REFUSE, "admin")).isInstanceOf(MigrationRefusedException.class);

        ServedApi forced = serve(V2, DestructiveChanges.FORCE, "admin");
        assertThat(forced.migration().plan().held()).isEmpty();
        assertThat(send("GET", "/api/_orphaned/Company", admin(), null).status()).isEqualTo(404);
        assertThat(send("GET", "/health/ready", null, null).json().has("details")).isFalse();
        assertThatThrownBy(() -> values("SELECT * FROM \"Company\"")).isInstanceOf(java.sql.SQLException.class);
        assertThat(send("GET", "/api/contacts/1", admin(), null).json().get("name").asText()).isEqualTo("Ann");
    }
}
