package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The curl session of docs/access-rules.md, request by request, so that the page stays true. */
class RoomsSessionTest {

    @Test
    void theDocumentedSession() throws Exception {
        try (RulesServer s = RulesServer.start(RulesServer.Db.SQLITE, Files.readString(Path.of("examples/rooms/schema.prisma")),
                ClaimNames.DEFAULT)) {
            s.execute("INSERT INTO \"Organization\" (name) VALUES ('Acme'), ('Globex')");
            Who owner = new Who("o1", Map.of("org_id", 1, "role", "owner"));
            Who admin = new Who("a1", Map.of("org_id", 1, "role", "admin"));
            Who member = new Who("m1", Map.of("org_id", 1, "role", "member"));
            Who other = new Who("a2", Map.of("org_id", 2, "role", "admin"));

            Answer mia = s.send(owner, "POST", "/api/members",
                    "{\"account_id\":\"m1\",\"name\":\"Mia\",\"email\":\"mia@acme.test\",\"salary\":4200,\"password_hash\":\"x\"}");
            assertThat(mia.status()).isEqualTo(201);
            JsonNode m = mia.json();
            assertThat(m.get("organization_id").asInt()).isEqualTo(1);
            assertThat(m.get("role").asText()).isEqualTo("member");
            assertThat(m.get("salary").asInt()).isEqualTo(4200);
            assertThat(m.has("password_hash")).isFalse();

            Answer blue = s.send(admin, "POST", "/api/rooms", "{\"name\":\"Blue\",\"capacity\":6,\"code\":\"B1\"}");
            assertThat(blue.status()).isEqualTo(201);
            assertThat(blue.body()).isEqualTo("{\"id\":1,\"organization_id\":1,\"name\":\"Blue\",\"capacity\":6,\"code\":\"B1\",\"deleted_at\":null}");

            assertThat(s.send(member, "POST", "/api/rooms", "{\"name\":\"Red\",\"capacity\":2,\"code\":\"R\"}").status()).isEqualTo(403);
            assertThat(s.send(other, "GET", "/api/rooms/1", null).status()).isEqualTo(404);
            assertThat(s.send(other, "GET", "/api/rooms?count=true", null).body())
                    .isEqualTo("{\"total\":0,\"data\":[],\"page\":1,\"per_page\":50}");

            Answer seen = s.send(admin, "GET", "/api/members/1", null);
            assertThat(seen.json().has("salary")).isFalse();
            assertThat(seen.json().get("email").asText()).isEqualTo("mia@acme.test");
            Answer filter = s.send(admin, "GET", "/api/members?salary__gt=0", null);
            assertThat(filter.status()).isEqualTo(400);
            assertThat(filter.json().get("code").asText()).isEqualTo("unknown_column");

            Answer booking = s.send(member, "POST", "/api/bookings",
                    "{\"room_id\":1,\"title\":\"Standup\",\"starts_at\":\"2026-12-01T09:00:00Z\"}");
            assertThat(booking.status()).isEqualTo(201);
            assertThat(booking.json().get("user_id").asText()).isEqualTo("m1");
            assertThat(booking.json().get("status").asText()).isEqualTo("confirmed");
            Answer status = s.send(member, "PATCH", "/api/bookings/1", "{\"status\":\"cancelled\"}");
            assertThat(status.status()).isEqualTo(403);
            assertThat(status.json().get("detail").asText()).isEqualTo("'status' cannot be updated by this caller");
            Answer code = s.send(admin, "PATCH", "/api/rooms/1", "{\"code\":\"B2\"}");
            assertThat(code.status()).isEqualTo(403);
            assertThat(code.json().get("detail").asText()).isEqualTo("'code' cannot be updated by this caller");
            assertThat(s.send(other, "DELETE", "/api/bookings/1", null).status()).isEqualTo(404);
        }
    }
}
