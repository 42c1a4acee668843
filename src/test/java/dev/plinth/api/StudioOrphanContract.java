package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.migrate.DestructiveChanges;
import dev.plinth.migrate.HeldChange;
import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

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

/**
 * The orphaned tables as the Studio uses them (docs/api.md, "Orphaned tables"): {@code GET /api/_orphaned} lists
 * them for admins, {@code DELETE /api/_orphaned/<table>?confirm=<table>} drops one — refused without the exact
 * confirmation, for non-admins, for a table that is not orphaned, and while another orphaned table references
 * it — after which it is neither listed, served nor held ({@code /health/ready}), and a restart, even one that
 * refuses destructive changes, finds nothing left to hold. One database per class; the tests run in order.
 * Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class StudioOrphanContract {

    /** A fresh, empty database for the class. */
    abstract DatabaseTarget newTarget() throws Exception;

    /** Drops the database made by {@link #newTarget()}. */
    abstract void dropTarget();

    static final String V1 = """
            model Contact {
              id     Int     @id @default(autoincrement())
              name   String
              visits Visit[]
            }

            model Visit {
              id        Int         @id @default(autoincrement())
              contactId Int
              contact   Contact     @relation(fields: [contactId], references: [id])
              notes     VisitNote[]
            }

            model VisitNote {
              id      Int    @id @default(autoincrement())
              visitId Int
              visit   Visit  @relation(fields: [visitId], references: [id])
              text    String
            }

            model Tag {
              code  String @id
              label String
            }
            """;

    /** V1 without Visit, VisitNote and Tag: three orphaned tables, VisitNote referencing Visit. */
    static final String V2 = """
            model Contact {
              id   Int    @id @default(autoincrement())
              name String
            }
            """;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(TestServer.SECRET.getBytes(StandardCharsets.UTF_8));
    private DatabaseTarget target;
    private ServedApi served;

    @BeforeAll
    void start() throws Exception {
        target = newTarget();
        serve(V1, DestructiveChanges.REFUSE);
        assertThat(send("POST", "/api/contacts", admin(), "{\"name\":\"Ann\"}").status()).isEqualTo(201);
        assertThat(send("POST", "/api/visits", admin(), "{\"contactId\":1}").status()).isEqualTo(201);
        assertThat(send("POST", "/api/visit_notes", admin(), "{\"visitId\":1,\"text\":\"met\"}").status()).isEqualTo(201);
        assertThat(send("POST", "/api/tags", admin(), "{\"code\":\"vip\",\"label\":\"VIP\"}").status()).isEqualTo(201);
        assertThat(send("POST", "/api/tags", admin(), "{\"code\":\"new\",\"label\":\"New\"}").status()).isEqualTo(201);
        serve(V2, DestructiveChanges.HOLD);
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        dropTarget();
    }

    private void serve(String schema, DestructiveChanges mode) throws Exception {
        if (served != null) {
            served.close();
            served = null;
        }
        Authenticator authenticator = new Authenticator(Optional.of(TokenVerifier.create(
                AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, TestServer.SECRET), null, null, false))), false);
        served = ServedApi.start(TestServer.schema(schema), dev.plinth.schema.policy.SchemaPolicy.NONE,
                dev.plinth.api.access.ClaimNames.DEFAULT, target, new StartMigration(mode, "admin",
                        dev.plinth.migrate.MigrationOptions.DEFAULT, dev.plinth.migrate.MigrationListener.NONE), authenticator,
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty(), java.util.OptionalInt.of(2)),
                java.util.function.UnaryOperator.identity());
    }

    private String admin() {
        return issuer.issue("root", Map.of("role", "admin"), Duration.ofHours(1));
    }

    private String member() {
        return issuer.issue("m1", Map.of("role", "member"), Duration.ofHours(1));
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

    private boolean tableExists(String table) throws Exception {
        try (Connection c = target.connect(); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                return r.next();
            }
        } catch (java.sql.SQLException e) {
            return false;
        }
    }

    private List<String> listed() throws Exception {
        TestServer.Answer list = send("GET", "/api/_orphaned", admin(), null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> tables = new ArrayList<>();
        list.json().get("data").forEach(t -> tables.add(t.get("table").asText()));
        return tables;
    }

    private List<String> heldTables() throws Exception {
        JsonNode ready = send("GET", "/health/ready", null, null).json();
        List<String> tables = new ArrayList<>();
        if (ready.has("details")) {
            ready.get("details").get("held").forEach(h -> tables.add(h.get("kind").asText() + " " + h.get("table").asText()));
        }
        return tables;
    }

    @Test
    @Order(1)
    void adminsListTheOrphanedTablesWithRowsColumnsAndWhatKeepsThem() throws Exception {
        TestServer.Answer list = send("GET", "/api/_orphaned", admin(), null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.contentType()).startsWith("application/json");
        JsonNode data = list.json().get("data");
        assertThat(listed()).containsExactly("Tag", "Visit", "VisitNote");
        JsonNode tag = data.get(0);
        assertThat(tag.get("rows").asLong()).isEqualTo(2);
        assertThat(tag.get("columns").get(0).get("name").asText()).isEqualTo("code");
        assertThat(tag.get("columns").get(0).get("nullable").asBoolean()).isFalse();
        assertThat(tag.get("columns").get(1).get("name").asText()).isEqualTo("label");
        assertThat(tag.get("columns").get(1).get("type").asText()).isNotBlank();
        assertThat(tag.get("primary_key").toString()).isEqualTo("[\"code\"]");
        assertThat(tag.get("kept_by").asText()).startsWith("drop table \"Tag\" (held");

        TestServer.Answer anonymous = send("GET", "/api/_orphaned", null, null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        assertThat(send("GET", "/api/_orphaned", member(), null).status()).isEqualTo(403);
        assertThat(send("GET", "/api/_orphaned?page=2", admin(), null).json().get("code").asText()).isEqualTo("invalid_parameter");
    }

    @Test
    @Order(2)
    void aDropNeedsTheAdminRoleAndTheExactNameAndDropsNothingOtherwise() throws Exception {
        for (String query : List.of("", "?confirm=", "?confirm=tag", "?confirm=Tags", "?confirm=Tag&confirm=Tag", "?confirm=Tag&force=true")) {
            TestServer.Answer refused = send("DELETE", "/api/_orphaned/Tag" + query, admin(), null);
            assertThat(refused.status()).as(query + ": " + refused).isEqualTo(400);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("code").asText()).isEqualTo("invalid_parameter");
        }
        assertThat(send("DELETE", "/api/_orphaned/Tag", admin(), null).json().get("detail").asText()).contains("?confirm=Tag");
        assertThat(send("DELETE", "/api/_orphaned/Tag?confirm=Tag", member(), null).status()).isEqualTo(403);
        assertThat(send("DELETE", "/api/_orphaned/Tag?confirm=Tag", null, null).status()).isEqualTo(401);
        assertThat(send("DELETE", "/api/_orphaned/Contact?confirm=Contact", admin(), null).status())
                .as("a served table is not orphaned").isEqualTo(404);
        assertThat(send("DELETE", "/api/_orphaned/Nothing?confirm=Nothing", admin(), null).status()).isEqualTo(404);
        assertThat(tableExists("Tag")).isTrue();
        assertThat(tableExists("Contact")).isTrue();

        // VisitNote references Visit: dropping Visit first is refused, and names the table to drop first
        TestServer.Answer referenced = send("DELETE", "/api/_orphaned/Visit?confirm=Visit", admin(), null);
        assertThat(referenced.status()).as(referenced.toString()).isEqualTo(409);
        assertThat(referenced.json().get("code").asText()).isEqualTo("still_referenced");
        assertThat(referenced.json().get("detail").asText()).contains("VisitNote");
        assertThat(tableExists("Visit")).isTrue();
        assertThat(listed()).containsExactly("Tag", "Visit", "VisitNote");
    }

    @Test
    @Order(3)
    void aDroppedTableIsNeitherListedServedNorHeld() throws Exception {
        assertThat(heldTables()).contains("drop_table Tag");
        TestServer.Answer dropped = send("DELETE", "/api/_orphaned/Tag?confirm=Tag", admin(), null);
        assertThat(dropped.status()).as(dropped.toString()).isEqualTo(204);
        assertThat(tableExists("Tag")).isFalse();
        assertThat(listed()).containsExactly("Visit", "VisitNote");
        assertThat(send("GET", "/api/_orphaned/Tag", admin(), null).status()).isEqualTo(404);
        assertThat(send("GET", "/api/_orphaned/Tag/vip", admin(), null).status()).isEqualTo(404);
        assertThat(send("DELETE", "/api/_orphaned/Tag?confirm=Tag", admin(), null).status()).as("dropped already").isEqualTo(404);
        assertThat(heldTables()).containsExactly("drop_table Visit", "drop_table VisitNote");

        // the referencing table first, then the one it referenced
        assertThat(send("DELETE", "/api/_orphaned/VisitNote?confirm=VisitNote", admin(), null).status()).isEqualTo(204);
        assertThat(send("DELETE", "/api/_orphaned/Visit?confirm=Visit", admin(), null).status()).isEqualTo(204);
        assertThat(listed()).isEmpty();
        assertThat(heldTables()).isEmpty();
        // Visit referenced the contact: with it gone the contact can be deleted
        assertThat(send("DELETE", "/api/contacts/1", admin(), null).status()).isEqualTo(204);
    }

    @Test
    @Order(4)
    void aRestartFindsNothingLeftToHold() throws Exception {
        serve(V2, DestructiveChanges.HOLD);
        assertThat(served.migration().plan().held()).extracting(HeldChange::table).isEmpty();
        assertThat(send("GET", "/api/_orphaned", admin(), null).json().toString()).isEqualTo("{\"data\":[]}");
        assertThat(send("GET", "/health/ready", null, null).json().has("details")).isFalse();
        assertThat(send("GET", "/api/_orphaned/Visit", admin(), null).status()).isEqualTo(404);
        // nothing destructive is left, so a start that refuses destructive changes starts too
        serve(V2, DestructiveChanges.REFUSE);
        assertThat(served.migration().plan().destructiveSteps()).isEmpty();
        assertThat(send("GET", "/api/_orphaned", admin(), null).json().get("data")).isEmpty();
    }
}
