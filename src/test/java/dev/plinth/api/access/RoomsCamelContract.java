package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * examples/rooms-camel: the rooms example's access rules written over camelCase fields, stored in snake_case,
 * served with the schema's names under {@code /api/v1} with kebab-case routes. Rules, masks, {@code @omit},
 * {@code @default(auth().org_id)} and soft delete behave as on examples/rooms. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoomsCamelContract {

    RulesServer server;

    abstract RulesServer.Db db();

    static Who who(String role, int org) {
        return new Who(role.charAt(0) + "" + org, Map.of("org_id", org, "role", role));
    }

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), Files.readString(Path.of("examples/rooms-camel/schema.prisma")), ClaimNames.DEFAULT);
        server.execute("INSERT INTO organization (name) VALUES ('Acme')");
        server.execute("INSERT INTO organization (name) VALUES ('Globex')");
        for (int org : List.of(1, 2)) {
            Who owner = who("owner", org);
            for (String role : List.of("owner", "admin", "member")) {
                String sub = role.charAt(0) + "" + org;
                Answer a = server.send(owner, "POST", "/api/v1/members", "{\"accountId\":\"" + sub + "\",\"name\":\"" + role + " " + org
                        + "\",\"email\":\"" + sub + "@org" + org + ".test\",\"role\":\"" + role + "\",\"salary\":" + (1000 * org)
                        + ",\"passwordHash\":\"secret\"}");
                assertThat(a.status()).as(a.toString()).isEqualTo(201);
            }
            Answer room = server.send(owner, "POST", "/api/v1/rooms", "{\"name\":\"R" + org + "\",\"capacity\":4,\"code\":\"C" + org + "\"}");
            assertThat(room.status()).as(room.toString()).isEqualTo(201);
            assertThat(room.json().get("organizationId").asInt()).isEqualTo(org);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void rulesMasksAndOmitWorkOnTheFieldNames() throws Exception {
        Answer members = server.send(who("member", 1), "GET", "/api/v1/members?orderBy=accountId", null);
        assertThat(members.status()).as(members.toString()).isEqualTo(200);
        JsonNode data = members.json().get("data");
        assertThat(data.findValuesAsText("accountId")).containsExactly("a1", "m1", "o1");
        for (JsonNode m : data) {
            assertThat(m.has("salary")).isFalse();
            assertThat(m.has("passwordHash")).isFalse();
            assertThat(m.has("password_hash")).isFalse();
            assertThat(m.get("organizationId").asInt()).isEqualTo(1);
            if (!m.get("accountId").asText().equals("m1")) {
                assertThat(m.get("email").asText()).contains("***");
            } else {
                assertThat(m.get("email").asText()).isEqualTo("m1@org1.test");
            }
        }
        JsonNode ownerView = server.send(who("owner", 1), "GET", "/api/v1/members?accountId=m1", null).json().get("data").get(0);
        assertThat(ownerView.get("salary").asInt()).isEqualTo(1000);
        // the stored names are snake_case
        assertThat(server.dump("member")).hasSize(6);
        // filtering by a hidden field is refused, naming it as sent
        Answer bySalary = server.send(who("member", 1), "GET", "/api/v1/members?salary=1000", null);
        assertThat(bySalary.status()).as(bySalary.toString()).isBetween(400, 404);
    }

    @Test
    void bookingsLiveAtTheKebabRouteWithTheirRules() throws Exception {
        Who member = who("member", 2);
        int room = server.send(member, "GET", "/api/v1/rooms", null).json().get("data").get(0).get("id").asInt();
        Answer made = server.send(member, "POST", "/api/v1/room-bookings",
                "{\"roomId\":" + room + ",\"userId\":\"m2\",\"title\":\"Standup\",\"startsAt\":\"2026-03-01T09:00:00Z\"}");
        assertThat(made.status()).as(made.toString()).isEqualTo(201);
        assertThat(made.json().get("status").asText()).isEqualTo("confirmed");
        assertThat(made.json().get("organizationId").asInt()).isEqualTo(2);
        int id = made.json().get("id").asInt();
        // status is server-managed on create; another user's booking cannot be made
        assertThat(server.send(member, "POST", "/api/v1/room-bookings", "{\"roomId\":" + room
                + ",\"userId\":\"m2\",\"title\":\"X\",\"startsAt\":\"2026-03-01T09:00:00Z\",\"status\":\"cancelled\"}").status()).isEqualTo(403);
        // userId is stored as user_id, the owner convention: the caller's, whatever the body says
        Answer other = server.send(member, "POST", "/api/v1/room-bookings", "{\"roomId\":" + room
                + ",\"userId\":\"o2\",\"title\":\"X\",\"startsAt\":\"2026-03-02T09:00:00Z\"}");
        assertThat(other.status()).as(other.toString()).isEqualTo(201);
        assertThat(other.json().get("userId").asText()).isEqualTo("m2");
        // the other organization sees nothing of it; anonymous callers are refused
        assertThat(server.send(who("owner", 1), "GET", "/api/v1/room-bookings/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(Who.ANONYMOUS, "GET", "/api/v1/room-bookings", null).status()).isIn(401, 403);
        Answer nested = server.send(member, "GET", "/api/v1/rooms/" + room + "/bookings?orderBy=startsAt", null);
        assertThat(nested.status()).as(nested.toString()).isEqualTo(200);
        assertThat(nested.json().get("data").findValuesAsText("title")).containsExactly("Standup", "X");
        // delete is soft (deletedAt → deleted_at)
        assertThat(server.send(member, "DELETE", "/api/v1/room-bookings/" + id, null).status()).isEqualTo(204);
        assertThat(server.dump("room_booking")).hasSize(2).anySatisfy(row -> assertThat(row).contains("Standup"));
        assertThat(server.send(member, "GET", "/api/v1/room-bookings/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(member, "GET", "/api/bookings", null).status()).isEqualTo(404);
    }
}
