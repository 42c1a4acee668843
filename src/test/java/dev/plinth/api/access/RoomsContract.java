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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access-rule matrix on examples/rooms/schema.prisma: three roles in two organizations, every
 * operation on every endpoint, with the expected status, the exact rows and fields of reads, and no
 * change after a denied write. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RoomsContract {

    static final List<String> ROLES = List.of("owner", "admin", "member");
    static final List<Integer> ORGS = List.of(1, 2);

    RulesServer server;

    abstract RulesServer.Db db();

    static Who who(String role, int org) {
        return new Who(role.charAt(0) + "" + org, Map.of("org_id", org, "role", role));
    }

    static boolean manager(String role) {
        return role.equals("owner") || role.equals("admin");
    }

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), Files.readString(Path.of("examples/rooms/schema.prisma")), ClaimNames.DEFAULT);
        server.execute("INSERT INTO \"Organization\" (name) VALUES ('Acme')");
        server.execute("INSERT INTO \"Organization\" (name) VALUES ('Globex')");
        for (int org : ORGS) {
            Who owner = who("owner", org);
            for (String role : ROLES) {
                String sub = role.charAt(0) + "" + org;
                String body = "{\"account_id\":\"" + sub + "\",\"name\":\"" + role + " " + org + "\",\"email\":\"" + sub
                        + "@org" + org + ".test\",\"role\":\"" + role + "\",\"salary\":" + (1000 * org + ROLES.indexOf(role))
                        + ",\"password_hash\":\"secret\"}";
                assertThat(server.send(owner, "POST", "/api/members", body).status()).isEqualTo(201);
            }
            for (String room : List.of("a", "b")) {
                assertThat(server.send(owner, "POST", "/api/rooms",
                        "{\"name\":\"R" + org + room + "\",\"capacity\":" + (4 + org) + ",\"code\":\"C" + org + room + "\"}").status())
                        .isEqualTo(201);
            }
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<String> names(JsonNode rows) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    private int roomId(String name) throws Exception {
        int org = name.charAt(1) - '0';
        JsonNode rows = server.send(who("owner", org), "GET", "/api/rooms?name=" + name, null).json().get("data");
        return rows.get(0).get("id").asInt();
    }

    /** A fresh room of an organization, made by its owner, for one write case. */
    private int freshRoom(int org, String name) throws Exception {
        Answer a = server.send(who("owner", org), "POST", "/api/rooms", "{\"name\":\"" + name + "\",\"capacity\":3,\"code\":\"X\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asInt();
    }

    private Map<String, List<String>> snapshot() throws Exception {
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String t : List.of("Organization", "Member", "Room", "Booking")) {
            all.put(t, server.dump(t));
        }
        return all;
    }

    @Test
    void relationsKeepTheTargetsRules() throws Exception {
        Who member = who("member", 1);
        // Nested route: the members of the caller's organization, in the caller's view of them.
        Answer nested = server.send(member, "GET", "/api/organizations/1/members?orderBy=account_id", null);
        assertThat(nested.status()).as(nested.toString()).isEqualTo(200);
        assertThat(nested.json().get("data")).hasSize(3);
        for (JsonNode m : nested.json().get("data")) {
            assertThat(m.has("salary")).as("salary is the owner's alone").isFalse();
            assertThat(m.has("password_hash")).as("@omit").isFalse();
            if (!m.get("account_id").asText().equals("m1")) {
                assertThat(m.get("email").asText()).as("others' e-mail is masked").contains("***");
            }
        }
        // Under another organization, nothing: the parent is not readable.
        assertThat(server.send(member, "GET", "/api/organizations/2/members", null).status()).isEqualTo(404);
        // Embedding rows whose fields are hidden or masked for the caller is refused, not leaked.
        Answer embed = server.send(member, "GET", "/api/organizations/1?include=members", null);
        assertThat(embed.status()).as(embed.toString()).isEqualTo(400);
        assertThat(embed.json().get("code").asText()).isEqualTo("not_supported");
        // A to-one include of a governed model holds only rows its rules let the caller read.
        Answer rooms = server.send(member, "GET", "/api/rooms?include=organization", null);
        assertThat(rooms.status()).as(rooms.toString()).isEqualTo(200);
        for (JsonNode r : rooms.json().get("data")) {
            assertThat(r.get("organization").get("id").asInt()).isEqualTo(1);
        }
        // Filters across a relation to a model seen only in part are refused.
        Answer across = server.send(member, "GET", "/api/bookings?room.name=R1a", null);
        assertThat(across.status()).as(across.toString()).isEqualTo(400);
        assertThat(across.json().get("code").asText()).isEqualTo("not_supported");
    }

    @Test
    void readsSeeExactlyTheCallersOrganization() throws Exception {
        for (int org : ORGS) {
            for (String role : ROLES) {
                Who w = who(role, org);
                List<String> own = List.of("R" + org + "a", "R" + org + "b");
                Answer list = server.send(w, "GET", "/api/rooms?name__startswith=R&orderBy=name", null);
                assertThat(list.status()).isEqualTo(200);
                assertThat(names(list.json().get("data"))).as(w + " list").isEqualTo(own);
                Answer count = server.send(w, "GET", "/api/rooms?name__startswith=R" + "&count=true&per_page=1", null);
                assertThat(count.json().get("total").asInt()).as(w + " count").isEqualTo(2);
                List<String> paged = new ArrayList<>();
                String cursor = null;
                do {
                    Answer page = server.send(w, "GET", "/api/rooms?name__startswith=R&orderBy=name&limit=1"
                            + (cursor == null ? "" : "&cursor=" + cursor), null);
                    assertThat(page.status()).isEqualTo(200);
                    paged.addAll(names(page.json().get("data")));
                    cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
                } while (cursor != null);
                assertThat(paged).as(w + " cursor pages").isEqualTo(own);
                for (int target : ORGS) {
                    int id = roomId("R" + target + "a");
                    Answer get = server.send(w, "GET", "/api/rooms/" + id, null);
                    assertThat(get.status()).as(w + " get room of org " + target).isEqualTo(target == org ? 200 : 404);
                }
                Answer orgs = server.send(w, "GET", "/api/organizations?count=true", null);
                assertThat(orgs.json().get("total").asInt()).isEqualTo(1);
                assertThat(orgs.json().get("data").get(0).get("id").asInt()).isEqualTo(org);
            }
        }
        assertThat(server.send(Who.ANONYMOUS, "GET", "/api/rooms", null).status()).isEqualTo(401);
    }

    @Test
    void noReadReturnsOrCountsAnotherOrganizationsRows() throws Exception {
        Who author = who("member", 1);
        int room = roomId("R1b");
        assertThat(server.send(author, "POST", "/api/bookings",
                "{\"room_id\":" + room + ",\"title\":\"probe\",\"starts_at\":\"2026-12-03T10:00:00Z\"}").status()).isEqualTo(201);
        Map<String, String> resources = Map.of("organizations", "id", "members", "organization_id", "rooms", "organization_id",
                "bookings", "organization_id");
        Map<String, String> tables = Map.of("organizations", "Organization", "members", "Member", "rooms", "Room", "bookings", "Booking");
        for (int org : ORGS) {
            for (String role : ROLES) {
                Who w = who(role, org);
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    Answer page = server.send(w, "GET", "/api/" + r.getKey() + "?per_page=1000&count=true", null);
                    assertThat(page.status()).isEqualTo(200);
                    for (JsonNode row : page.json().get("data")) {
                        assertThat(row.get(r.getValue()).asInt()).as(w + " " + r.getKey()).isEqualTo(org);
                    }
                    long own = countOwn(tables.get(r.getKey()), r.getValue(), org);
                    assertThat(page.json().get("total").asLong()).as(w + " count of " + r.getKey()).isEqualTo(own);
                    assertThat(page.json().get("data").size()).isEqualTo((int) own);
                }
            }
        }
    }

    /** Live rows of one organization, counted in the database itself (id or organization_id is the first or second column; deleted_at the last). */
    private long countOwn(String table, String column, int org) throws Exception {
        List<String> rows = server.dump(table);
        return rows.stream().filter(line -> {
            String[] cells = line.split("\\|", -1);
            boolean live = !(table.equals("Room") || table.equals("Booking")) || cells[cells.length - 2].equals("null");
            int at = table.equals("Organization") ? 0 : 1;
            return live && cells[at].equals(String.valueOf(org));
        }).count();
    }

    @Test
    void fieldsAreHiddenMaskedOrShownByRole() throws Exception {
        for (int org : ORGS) {
            for (String role : ROLES) {
                Who w = who(role, org);
                JsonNode rows = server.send(w, "GET", "/api/members?orderBy=id", null).json().get("data");
                assertThat(rows.size()).isEqualTo(3);
                for (JsonNode row : rows) {
                    assertThat(row.has("password_hash")).isFalse();
                    assertThat(row.has("salary")).as(w + " salary").isEqualTo(role.equals("owner"));
                    String account = row.get("account_id").asText();
                    String email = row.get("email").asText();
                    boolean clear = manager(role) || account.equals(w.sub());
                    assertThat(email).as(w + " email of " + account)
                            .isEqualTo(clear ? account + "@org" + org + ".test" : account.charAt(0) + "***@org" + org + ".test");
                    assertThat(row.get("organization_id").asInt()).isEqualTo(org);
                }
                Answer selected = server.send(w, "GET", "/api/members?select=id,email&orderBy=id", null);
                assertThat(selected.status()).as(w + " select of a field masked for the caller").isEqualTo(manager(role) ? 200 : 400);
                if (manager(role)) {
                    selected.json().get("data").forEach(row -> assertThat(row.size()).isEqualTo(2));
                }
                int id = rows.get(0).get("id").asInt();
                JsonNode one = server.send(w, "GET", "/api/members/" + id, null).json();
                assertThat(one.has("salary")).isEqualTo(role.equals("owner"));
                assertThat(one.has("password_hash")).isFalse();
                int salaryFilter = server.send(w, "GET", "/api/members?salary__gt=0", null).status();
                assertThat(salaryFilter).as(w + " salary filter").isEqualTo(role.equals("owner") ? 200 : 400);
                assertThat(server.send(w, "GET", "/api/members?orderBy=salary", null).status()).isEqualTo(role.equals("owner") ? 200 : 400);
                assertThat(server.send(w, "GET", "/api/members?select=id,salary", null).status()).isEqualTo(role.equals("owner") ? 200 : 400);
                assertThat(server.send(w, "GET", "/api/members?password_hash=secret", null).status()).isEqualTo(400);
                assertThat(server.send(w, "GET", "/api/members?email__startswith=o", null).status()).isEqualTo(manager(role) ? 200 : 400);
            }
        }
    }

    @Test
    void roomWritesFollowRoleAndOrganization() throws Exception {
        int n = 0;
        for (int org : ORGS) {
            for (String role : ROLES) {
                Who w = who(role, org);
                for (int target : ORGS) {
                    boolean same = target == org;
                    boolean may = same && manager(role);
                    String tag = w + " on org " + target;
                    // create
                    Map<String, List<String>> before = snapshot();
                    Answer create = server.send(w, "POST", "/api/rooms",
                            "{\"name\":\"N" + (n++) + "\",\"capacity\":2,\"code\":\"K\",\"organization_id\":" + target + "}");
                    // another organization's row is referenced as if it did not exist (docs/api.md, "Keys, references and what a body may hold")
                    assertThat(create.status()).as(tag + " create " + create).isEqualTo(may ? 201 : same || !manager(role) ? 403 : 422);
                    if (may) {
                        assertThat(create.json().get("organization_id").asInt()).isEqualTo(org);
                    } else {
                        assertThat(snapshot()).as(tag + " denied create changes nothing").isEqualTo(before);
                    }
                    // PATCH
                    int id = freshRoom(target, "P" + (n++));
                    before = snapshot();
                    Answer patch = server.send(w, "PATCH", "/api/rooms/" + id, "{\"capacity\":9}");
                    assertThat(patch.status()).as(tag + " patch " + patch).isEqualTo(may ? 200 : same ? 403 : 404);
                    if (!may) {
                        assertThat(snapshot()).as(tag + " denied patch").isEqualTo(before);
                    }
                    Answer code = server.send(w, "PATCH", "/api/rooms/" + id, "{\"code\":\"Y\"}");
                    assertThat(code.status()).as(tag + " create-only field").isEqualTo(same ? 403 : 404);
                    if (same) {
                        assertThat(code.body()).contains("code");
                    }
                    Answer move = server.send(w, "PATCH", "/api/rooms/" + id, "{\"organization_id\":" + (3 - target) + "}");
                    assertThat(move.status()).as(tag + " moving a row to another organization").isEqualTo(same ? 403 : 404);
                    // DELETE, then restore
                    before = snapshot();
                    Answer delete = server.send(w, "DELETE", "/api/rooms/" + id, null);
                    assertThat(delete.status()).as(tag + " delete " + delete).isEqualTo(may ? 204 : same ? 403 : 404);
                    if (!may) {
                        assertThat(snapshot()).as(tag + " denied delete").isEqualTo(before);
                        assertThat(server.send(who("owner", target), "DELETE", "/api/rooms/" + id, null).status()).isEqualTo(204);
                    }
                    before = snapshot();
                    Answer restore = server.send(w, "POST", "/api/rooms/" + id + "/restore", null);
                    assertThat(restore.status()).as(tag + " restore " + restore).isEqualTo(may ? 200 : same ? 403 : 404);
                    if (!may) {
                        assertThat(snapshot()).as(tag + " denied restore").isEqualTo(before);
                    }
                    // batch: one allowed-looking change of the target's room, then nothing applied when denied
                    int other = freshRoom(target, "B" + (n++));
                    before = snapshot();
                    Answer batch = server.send(w, "POST", "/api/batch",
                            "[{\"method\":\"PATCH\",\"path\":\"/api/rooms/" + other + "\",\"body\":{\"capacity\":7}},"
                                    + "{\"method\":\"GET\",\"path\":\"/api/rooms/" + other + "\"}]");
                    if (may) {
                        assertThat(batch.status()).as(tag + " batch " + batch).isEqualTo(200);
                        assertThat(batch.json().get(1).get("body").get("capacity").asInt()).isEqualTo(7);
                    } else {
                        assertThat(batch.status()).as(tag + " batch " + batch).isEqualTo(same ? 403 : 404);
                        assertThat(snapshot()).as(tag + " denied batch").isEqualTo(before);
                    }
                    server.send(who("owner", target), "DELETE", "/api/rooms/" + other, null);
                }
            }
        }
    }

    @Test
    void collectionWritesNeverReachAnotherOrganization() throws Exception {
        for (int org : ORGS) {
            for (String role : ROLES) {
                Who w = who(role, org);
                List<String> otherRooms = server.dump("Room").stream().filter(r -> r.contains("|" + (3 - org) + "|")).toList();
                Answer patch = server.send(w, "PATCH", "/api/rooms?name__startswith=R", "{\"capacity\":" + (10 + org) + "}");
                assertThat(patch.status()).isEqualTo(200);
                assertThat(patch.json().get("count").asInt()).as(w + " collection patch").isEqualTo(manager(role) ? 2 : 0);
                Answer del = server.send(w, "DELETE", "/api/rooms?name=nothing-" + org, null);
                assertThat(del.json().get("count").asInt()).isZero();
                assertThat(server.dump("Room").stream().filter(r -> r.contains("|" + (3 - org) + "|")).toList())
                        .as(w + " never changes the other organization").isEqualTo(otherRooms);
            }
        }
    }

    @Test
    void collectionDeleteAndBatchCreateStayWithinTheRules() throws Exception {
        for (int org : ORGS) {
            freshRoom(org, "D" + org);
        }
        for (int org : ORGS) {
            Map<String, List<String>> before = snapshot();
            Answer foreign = server.send(who("admin", 3 - org), "DELETE", "/api/rooms?name=D" + org, null);
            assertThat(foreign.json().get("count").asInt()).isZero();
            Answer member = server.send(who("member", org), "DELETE", "/api/rooms?name=D" + org, null);
            assertThat(member.json().get("count").asInt()).isZero();
            assertThat(snapshot()).isEqualTo(before);
            Answer admin = server.send(who("admin", org), "DELETE", "/api/rooms?name=D" + org, null);
            assertThat(admin.json().get("count").asInt()).isEqualTo(1);
            assertThat(server.send(who("owner", org), "GET", "/api/rooms?name=D" + org + "&count=true", null).json().get("total").asInt()).isZero();

            before = snapshot();
            Answer batch = server.send(who("admin", org), "POST", "/api/batch",
                    "[{\"method\":\"POST\",\"path\":\"/api/rooms\",\"body\":{\"name\":\"Q\",\"capacity\":1,\"code\":\"Q\"}},"
                            + "{\"method\":\"POST\",\"path\":\"/api/members\",\"body\":{\"account_id\":\"q\",\"name\":\"q\",\"email\":\"q@q.test\",\"salary\":1}}]");
            assertThat(batch.status()).as(batch.toString()).isEqualTo(403);
            assertThat(batch.json().get("operation").asInt()).isEqualTo(1);
            assertThat(snapshot()).as("a denied operation undoes the whole batch").isEqualTo(before);
        }
    }

    @Test
    void bookingsAuthorStatusAndOwnership() throws Exception {
        int org = 1;
        int room = roomId("R1a");
        Who member = who("member", org);
        Who admin = who("admin", org);
        Answer status = server.send(member, "POST", "/api/bookings",
                "{\"room_id\":" + room + ",\"title\":\"x\",\"starts_at\":\"2026-12-01T10:00:00Z\",\"status\":\"vip\"}");
        assertThat(status.status()).as(status.toString()).isEqualTo(403);
        assertThat(status.body()).contains("status");
        Answer mine = server.send(member, "POST", "/api/bookings",
                "{\"room_id\":" + room + ",\"title\":\"standup\",\"starts_at\":\"2026-12-01T10:00:00Z\",\"user_id\":\"a1\"}");
        assertThat(mine.status()).as(mine.toString()).isEqualTo(201);
        assertThat(mine.json().get("user_id").asText()).isEqualTo("m1");
        assertThat(mine.json().get("status").asText()).isEqualTo("confirmed");
        assertThat(mine.json().get("organization_id").asInt()).isEqualTo(1);
        int id = mine.json().get("id").asInt();
        Answer theirs = server.send(admin, "POST", "/api/bookings",
                "{\"room_id\":" + room + ",\"title\":\"review\",\"starts_at\":\"2026-12-02T10:00:00Z\"}");
        int adminBooking = theirs.json().get("id").asInt();
        assertThat(server.send(member, "PATCH", "/api/bookings/" + id, "{\"title\":\"standup 2\"}").status()).isEqualTo(200);
        assertThat(server.send(member, "PATCH", "/api/bookings/" + id, "{\"status\":\"cancelled\"}").status()).isEqualTo(403);
        assertThat(server.send(admin, "PATCH", "/api/bookings/" + id, "{\"status\":\"cancelled\"}").status()).isEqualTo(200);
        assertThat(server.send(member, "PATCH", "/api/bookings/" + adminBooking, "{\"title\":\"mine now\"}").status()).isEqualTo(403);
        assertThat(server.send(who("member", 2), "GET", "/api/bookings/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(who("admin", 2), "DELETE", "/api/bookings/" + id, null).status()).isEqualTo(404);
        Answer cross = server.send(who("member", 2), "POST", "/api/bookings",
                "{\"room_id\":" + room + ",\"title\":\"x\",\"starts_at\":\"2026-12-01T10:00:00Z\",\"organization_id\":1}");
        assertThat(cross.status()).as("a room of another organization is referenced as a missing one").isEqualTo(422);
        assertThat(server.send(member, "DELETE", "/api/bookings/" + id, null).status()).isEqualTo(204);
    }

    @Test
    void memberFieldGuards() throws Exception {
        Who member = who("member", 2);
        JsonNode self = server.send(member, "GET", "/api/members?account_id=m2", null).json().get("data").get(0);
        int id = self.get("id").asInt();
        assertThat(server.send(member, "PATCH", "/api/members/" + id, "{\"name\":\"Mia\"}").status()).isEqualTo(200);
        Answer role = server.send(member, "PATCH", "/api/members/" + id, "{\"role\":\"owner\"}");
        assertThat(role.status()).isEqualTo(403);
        assertThat(role.body()).contains("role");
        assertThat(server.send(member, "PATCH", "/api/members/" + id, "{\"salary\":1}").status()).isEqualTo(403);
        assertThat(server.send(who("admin", 2), "PATCH", "/api/members/" + id, "{\"salary\":1}").status()).isEqualTo(403);
        assertThat(server.send(who("owner", 2), "PATCH", "/api/members/" + id, "{\"salary\":2500}").status()).isEqualTo(200);
        assertThat(server.send(who("owner", 2), "PATCH", "/api/members/" + id, "{\"id\":99}").status()).isEqualTo(422);
        Answer create = server.send(who("admin", 2), "POST", "/api/members",
                "{\"account_id\":\"z\",\"name\":\"z\",\"email\":\"z@z.test\",\"salary\":5}");
        assertThat(create.status()).as("an admin cannot set salary").isEqualTo(403);
        Set<String> seen = new HashSet<>();
        server.send(who("owner", 2), "GET", "/api/members", null).json().get("data").forEach(r -> seen.add(r.get("name").asText()));
        assertThat(seen).contains("Mia");
    }
}
