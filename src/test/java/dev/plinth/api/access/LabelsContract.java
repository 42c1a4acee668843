package dev.plinth.api.access;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Labels on every read (docs/search-and-relations.md, "Labels on every read") on a camelCase schema:
 * {@code labels = "always"} with Quickback's keys ({@code roomTypeId} → {@code roomType_label}), display
 * columns found in either spelling ({@code displayName}, {@code display_name}, {@code fullName}),
 * {@code @@display} winning, system columns (tenant, audit) never labelled, {@code labels=false} and a
 * model's {@code @@labels("on_request")}. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LabelsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            generator plinth {
              provider    = "plinth"
              conventions = "any_spelling"
              labels      = "always"
              label_keys  = "quickback"
            }
            model Organization {
              id    Int    @id
              name  String
              rooms Room[]
            }
            model Member {
              id       String @id
              fullName String
              rooms    Room[]
            }
            model RoomType {
              id          Int     @id @default(autoincrement())
              description String
              displayName String
              rooms       Room[]
            }
            model Floor {
              id           Int    @id @default(autoincrement())
              description  String
              display_name String
              rooms        Room[]
            }
            model Wing {
              id    Int     @id @default(autoincrement())
              name  String
              code  String? @mask("redact")
              rooms Room[]
            }
            model Room {
              id             Int          @id @default(autoincrement())
              number         String
              title          String
              roomTypeId     Int
              roomType       RoomType     @relation(fields: [roomTypeId], references: [id])
              floorId        Int?
              floor          Floor?       @relation(fields: [floorId], references: [id])
              wingId         Int?
              wing           Wing?        @relation(fields: [wingId], references: [id])
              organizationId Int
              organization   Organization @relation(fields: [organizationId], references: [id])
              createdBy      String?
              creator        Member?      @relation(fields: [createdBy], references: [id])
              bookings       Booking[]
              @@display("number")
            }
            model Booking {
              id     Int    @id @default(autoincrement())
              guest  String
              roomId Int
              room   Room   @relation(fields: [roomId], references: [id])
              @@labels("on_request")
            }
            """;

    static final Who ALICE = new Who("alice", Map.of("org_id", 1));

    RulesServer server;
    int room;
    int type;

    abstract RulesServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), SCHEMA, ClaimNames.DEFAULT);
        created(server.send(ALICE, "POST", "/api/organizations", "{\"id\":1,\"name\":\"North\"}"));
        created(server.send(ALICE, "POST", "/api/members", "{\"id\":\"alice\",\"fullName\":\"Alice Liddell\"}"));
        type = created(server.send(ALICE, "POST", "/api/room_types", "{\"displayName\":\"Deluxe\",\"description\":\"big\"}"))
                .get("id").asInt();
        int floor = created(server.send(ALICE, "POST", "/api/floors", "{\"display_name\":\"Ground\",\"description\":\"low\"}"))
                .get("id").asInt();
        int wing = created(server.send(ALICE, "POST", "/api/wings", "{\"name\":\"East\",\"code\":\"E\"}")).get("id").asInt();
        room = created(server.send(ALICE, "POST", "/api/rooms", "{\"number\":\"101\",\"title\":\"Garden room\",\"roomTypeId\":"
                + type + ",\"floorId\":" + floor + ",\"wingId\":" + wing + "}")).get("id").asInt();
        created(server.send(ALICE, "POST", "/api/bookings", "{\"guest\":\"Bob\",\"roomId\":" + room + "}"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode created(Answer a) throws Exception {
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    private static List<String> labelKeys(JsonNode row) {
        List<String> out = new ArrayList<>();
        row.fieldNames().forEachRemaining(n -> {
            if (n.toLowerCase(java.util.Locale.ROOT).endsWith("label")) {
                out.add(n);
            }
        });
        return out;
    }

    @Test
    void everyReadCarriesQuickbackLabelsFoundInEitherSpelling() throws Exception {
        Answer one = server.send(ALICE, "GET", "/api/rooms/" + room, null);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        JsonNode row = one.json();
        assertThat(row.get("roomType_label").asText()).isEqualTo("Deluxe");
        assertThat(row.get("floor_label").asText()).isEqualTo("Ground");
        // the tenant (organizationId) and audit (createdBy) keys are system columns: never labelled
        assertThat(row.get("organizationId").asInt()).isEqualTo(1);
        assertThat(row.get("createdBy").asText()).isEqualTo("alice");
        assertThat(labelKeys(row)).containsExactly("roomType_label", "floor_label", "wing_label");

        Answer list = server.send(ALICE, "GET", "/api/rooms", null);
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        JsonNode first = list.json().get("data").get(0);
        assertThat(first.get("roomType_label").asText()).isEqualTo("Deluxe");
        assertThat(labelKeys(first)).containsExactly("roomType_label", "floor_label", "wing_label");
    }

    @Test
    void nestedListsCarryThemToo() throws Exception {
        Answer nested = server.send(ALICE, "GET", "/api/room_types/" + type + "/rooms", null);
        assertThat(nested.status()).as(nested.toString()).isEqualTo(200);
        JsonNode first = nested.json().get("data").get(0);
        assertThat(first.get("roomType_label").asText()).isEqualTo("Deluxe");
        assertThat(labelKeys(first)).containsExactly("roomType_label", "floor_label", "wing_label");
    }

    @Test
    void aModelMaskedForTheCallerLabelsNothingInsteadOfFailingTheRead() throws Exception {
        // Wing has a masked field: related rows are written in full, so its label stays null
        JsonNode row = server.send(ALICE, "GET", "/api/rooms/" + room, null).json();
        assertThat(row.get("wing_label").isNull()).isTrue();
        assertThat(row.get("wingId").isNull()).isFalse();
        // asking for labels explicitly keeps today's answer: refused, naming the resource
        Answer asked = server.send(ALICE, "GET", "/api/rooms/" + room + "?labels=true", null);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(400);
        assertThat(asked.body()).contains("wings");
    }

    @Test
    void labelsFalseLeavesThemOut() throws Exception {
        JsonNode row = server.send(ALICE, "GET", "/api/rooms/" + room + "?labels=false", null).json();
        assertThat(labelKeys(row)).isEmpty();
        JsonNode page = server.send(ALICE, "GET", "/api/rooms?labels=false", null).json();
        assertThat(labelKeys(page.get("data").get(0))).isEmpty();
    }

    @Test
    void anExportStreamsWithoutTheDefaultLabelsButRefusesAskedOnes() throws Exception {
        Answer all = server.send(ALICE, "GET", "/api/rooms?per_page=all", null);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.body()).contains("\"101\"").doesNotContain("_label");
        assertThat(server.send(ALICE, "GET", "/api/rooms?per_page=all&labels=true", null).status()).isEqualTo(400);
    }

    @Test
    void aModelsOwnLabelsAttributeWinsAndDisplayNamesTheColumn() throws Exception {
        JsonNode plain = server.send(ALICE, "GET", "/api/bookings", null).json().get("data").get(0);
        assertThat(labelKeys(plain)).isEmpty();
        Answer asked = server.send(ALICE, "GET", "/api/bookings?labels=true", null);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        JsonNode row = asked.json().get("data").get(0);
        // @@display("number") beats the title column Quickback's order would pick
        assertThat(row.get("room_label").asText()).isEqualTo("101");
        assertThat(labelKeys(row)).containsExactly("room_label");
    }

    @Test
    void badLabelsValuesAreRefused() throws Exception {
        Answer bad = server.send(ALICE, "GET", "/api/rooms?labels=maybe", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("labels");
    }
}
