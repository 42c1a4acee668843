package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cascading soft deletes end to end (docs/api.md, "Soft delete and cascades"): a soft delete marks the rows that
 * reference the row under {@code onDelete: Cascade} with the root's instant, to any depth and through a
 * self-relation; a restore brings back exactly those rows; a child without a soft-delete column blocks the delete
 * (409) unless the schema says to hard-delete or keep it; a failure halfway changes nothing; the statements do not
 * grow with the rows. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SoftDeleteCascadeContract {

    static final String SCHEMA = """
            generator plinth {
              provider          = "plinth"
              cascadeHardDelete = ["Tag"]
              cascadeKeep       = ["Note"]
            }

            model Room {
              id         Int       @id @default(autoincrement())
              name       String
              deleted_at DateTime?
              deleted_by String?
              kids       Kid[]
              tags       Tag[]
              notes      Note[]
            }

            model Kid {
              id         Int       @id @default(autoincrement())
              name       String
              room_id    Int
              room       Room      @relation(fields: [room_id], references: [id], onDelete: Cascade)
              updated_at DateTime  @updatedAt
              deleted_at DateTime?
              deleted_by String?
              toys       Toy[]
            }

            model Toy {
              id         Int       @id @default(autoincrement())
              name       String
              kid_id     Int
              kid        Kid       @relation(fields: [kid_id], references: [id], onDelete: Cascade)
              user_id    String?
              deleted_at DateTime?
            }

            model Tag {
              id      Int    @id @default(autoincrement())
              label   String
              room_id Int
              room    Room   @relation(fields: [room_id], references: [id], onDelete: Cascade)
            }

            model Note {
              id      Int    @id @default(autoincrement())
              text    String
              room_id Int
              room    Room   @relation(fields: [room_id], references: [id], onDelete: Cascade)
            }

            model Building {
              id         Int       @id @default(autoincrement())
              name       String
              deleted_at DateTime?
              wings      Wing[]
            }

            model Wing {
              id          Int       @id @default(autoincrement())
              building_id Int
              building    Building  @relation(fields: [building_id], references: [id], onDelete: Cascade)
              deleted_at  DateTime?
              plans       Plan[]
            }

            model Plan {
              id      Int    @id @default(autoincrement())
              wing_id Int
              wing    Wing   @relation(fields: [wing_id], references: [id], onDelete: Cascade)
            }

            model Site {
              id         Int       @id @default(autoincrement())
              deleted_at DateTime?
              shelves    Shelf[]
            }

            model Shelf {
              site_id    Int
              code       String
              site       Site      @relation(fields: [site_id], references: [id], onDelete: Cascade)
              deleted_at DateTime?
              books      Book[]
              @@id([site_id, code])
            }

            model Book {
              id         Int       @id @default(autoincrement())
              shelf_site Int
              shelf_code String
              shelf      Shelf     @relation(fields: [shelf_site, shelf_code], references: [site_id, code], onDelete: Cascade)
              deleted_at DateTime?
            }

            model Folder {
              id         Int       @id @default(autoincrement())
              name       String
              parent_id  Int?
              parent     Folder?   @relation("tree", fields: [parent_id], references: [id], onDelete: Cascade)
              children   Folder[]  @relation("tree")
              deleted_at DateTime?
            }
            """;

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private long create(String user, String path, String body) throws Exception {
        TestServer.Answer a = server.as(user, "POST", path, body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    private JsonNode row(String path) throws Exception {
        TestServer.Answer a = server.as("alice", "GET", path + "?with_deleted=true", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        return a.json();
    }

    private boolean deleted(String path) throws Exception {
        return !row(path).get("deleted_at").isNull();
    }

    private void ok(TestServer.Answer a, int status) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
    }

    @Test
    void aSoftDeleteMarksChildrenAndGrandchildrenWithTheRootsStamp() throws Exception {
        long room = create("alice", "/api/rooms", "{\"name\":\"blue\"}");
        long kid = create("alice", "/api/kids", "{\"name\":\"ann\",\"room_id\":" + room + "}");
        long toy = create("alice", "/api/toys", "{\"name\":\"ball\",\"kid_id\":" + kid + "}");
        long bobsToy = create("bob", "/api/toys", "{\"name\":\"kite\",\"kid_id\":" + kid + "}");
        long otherRoom = create("alice", "/api/rooms", "{\"name\":\"green\"}");
        long otherKid = create("alice", "/api/kids", "{\"name\":\"eve\",\"room_id\":" + otherRoom + "}");

        ok(server.as("alice", "DELETE", "/api/rooms/" + room, null), 204);

        JsonNode root = row("/api/rooms/" + room);
        String stamp = root.get("deleted_at").asText();
        assertThat(root.get("deleted_by").asText()).isEqualTo("alice");
        JsonNode k = row("/api/kids/" + kid);
        assertThat(k.get("deleted_at").asText()).isEqualTo(stamp);
        assertThat(k.get("deleted_by").asText()).isEqualTo("alice");
        assertThat(row("/api/toys/" + toy).get("deleted_at").asText()).isEqualTo(stamp);
        // another owner's row is marked too: the cascade is the database's consequence, not the caller's write
        assertThat(server.as("bob", "GET", "/api/toys/" + bobsToy, null).status()).isEqualTo(404);
        assertThat(server.as("bob", "GET", "/api/toys/" + bobsToy + "?with_deleted=true", null).json().get("deleted_at").asText())
                .isEqualTo(stamp);
        assertThat(server.as("alice", "GET", "/api/kids/" + kid, null).status()).isEqualTo(404);
        assertThat(server.as("alice", "GET", "/api/kids?room_id=" + room, null).json().get("data")).isEmpty();
        assertThat(deleted("/api/kids/" + otherKid)).isFalse();

        ok(server.as("alice", "POST", "/api/rooms/" + room + "/restore", null), 200);
        assertThat(deleted("/api/kids/" + kid)).isFalse();
        assertThat(row("/api/kids/" + kid).get("deleted_by").isNull()).isTrue();
        assertThat(deleted("/api/toys/" + toy)).isFalse();
        assertThat(server.as("bob", "GET", "/api/toys/" + bobsToy, null).status()).isEqualTo(200);
    }

    @Test
    void aRestoreLeavesChildrenDeletedEarlierDeleted() throws Exception {
        long room = create("alice", "/api/rooms", "{\"name\":\"red\"}");
        long stays = create("alice", "/api/kids", "{\"name\":\"bo\",\"room_id\":" + room + "}");
        long gone = create("alice", "/api/kids", "{\"name\":\"cy\",\"room_id\":" + room + "}");
        long goneToy = create("alice", "/api/toys", "{\"name\":\"car\",\"kid_id\":" + gone + "}");
        long earlierToy = create("alice", "/api/toys", "{\"name\":\"top\",\"kid_id\":" + stays + "}");
        long keptToy = create("alice", "/api/toys", "{\"name\":\"yo-yo\",\"kid_id\":" + stays + "}");

        ok(server.as("alice", "DELETE", "/api/kids/" + gone, null), 204);
        ok(server.as("alice", "DELETE", "/api/toys/" + earlierToy, null), 204);
        String goneStamp = row("/api/kids/" + gone).get("deleted_at").asText();
        assertThat(row("/api/toys/" + goneToy).get("deleted_at").asText()).isEqualTo(goneStamp);
        Thread.sleep(5);
        ok(server.as("alice", "DELETE", "/api/rooms/" + room, null), 204);
        assertThat(deleted("/api/kids/" + stays)).isTrue();
        assertThat(deleted("/api/toys/" + keptToy)).isTrue();

        ok(server.as("alice", "POST", "/api/rooms/" + room + "/restore", null), 200);
        assertThat(deleted("/api/kids/" + stays)).isFalse();
        assertThat(deleted("/api/toys/" + keptToy)).isFalse();
        assertThat(deleted("/api/toys/" + earlierToy)).isTrue();
        assertThat(row("/api/kids/" + gone).get("deleted_at").asText()).isEqualTo(goneStamp);
        assertThat(row("/api/toys/" + goneToy).get("deleted_at").asText()).isEqualTo(goneStamp);
    }

    @Test
    void aCollectionDeleteCascadesAndARestoreBringsBackOnlyItsOwnSubtree() throws Exception {
        long a = create("alice", "/api/rooms", "{\"name\":\"twin\"}");
        long b = create("alice", "/api/rooms", "{\"name\":\"twin\"}");
        long kidA = create("alice", "/api/kids", "{\"name\":\"a1\",\"room_id\":" + a + "}");
        long kidB = create("alice", "/api/kids", "{\"name\":\"b1\",\"room_id\":" + b + "}");
        long toyB = create("alice", "/api/toys", "{\"name\":\"b-toy\",\"kid_id\":" + kidB + "}");

        TestServer.Answer d = server.as("alice", "DELETE", "/api/rooms?name=twin", null);
        ok(d, 200);
        assertThat(d.json().get("count").asInt()).isEqualTo(2);
        assertThat(deleted("/api/kids/" + kidA)).isTrue();
        assertThat(deleted("/api/kids/" + kidB)).isTrue();
        assertThat(deleted("/api/toys/" + toyB)).isTrue();

        ok(server.as("alice", "POST", "/api/rooms/" + a + "/restore", null), 200);
        assertThat(deleted("/api/kids/" + kidA)).isFalse();
        assertThat(deleted("/api/kids/" + kidB)).isTrue();
        assertThat(deleted("/api/toys/" + toyB)).isTrue();
    }

    @Test
    void childrenWithoutASoftDeleteColumnAreHardDeletedOrKeptAsTheSchemaSays() throws Exception {
        long room = create("alice", "/api/rooms", "{\"name\":\"attic\"}");
        long tag = create("alice", "/api/tags", "{\"label\":\"dusty\",\"room_id\":" + room + "}");
        long note = create("alice", "/api/notes", "{\"text\":\"mind the step\",\"room_id\":" + room + "}");

        ok(server.as("alice", "DELETE", "/api/rooms/" + room, null), 204);
        assertThat(server.as("alice", "GET", "/api/tags/" + tag, null).status()).isEqualTo(404);
        assertThat(server.as("alice", "GET", "/api/notes/" + note, null).status()).isEqualTo(200);

        ok(server.as("alice", "POST", "/api/rooms/" + room + "/restore", null), 200);
        assertThat(server.as("alice", "GET", "/api/tags/" + tag, null).status()).as("a hard delete is not undone").isEqualTo(404);
    }

    @Test
    void aChildWithoutSoftDeleteColumnBlocksTheDeleteAndAFailureHalfwayChangesNothing() throws Exception {
        long empty = create("alice", "/api/buildings", "{\"name\":\"shed\"}");
        create("alice", "/api/wings", "{\"building_id\":" + empty + "}");
        ok(server.as("alice", "DELETE", "/api/buildings/" + empty, null), 204); // no plan references it: nothing blocks

        long building = create("alice", "/api/buildings", "{\"name\":\"hall\"}");
        long wing = create("alice", "/api/wings", "{\"building_id\":" + building + "}");
        long other = create("alice", "/api/wings", "{\"building_id\":" + building + "}");
        create("alice", "/api/plans", "{\"wing_id\":" + wing + "}");
        List<String> buildings = server.dump("Building");
        List<String> wings = server.dump("Wing");
        List<String> plans = server.dump("Plan");

        // the wings are marked at the first level, the plan blocks at the second: the whole delete is undone
        TestServer.Answer a = server.as("alice", "DELETE", "/api/buildings/" + building, null);
        assertThat(a.status()).as(a.toString()).isEqualTo(409);
        assertThat(a.contentType()).startsWith("application/problem+json");
        JsonNode p = a.json();
        assertThat(p.get("code").asText()).isEqualTo("still_referenced");
        assertThat(p.get("detail").asText()).contains("Plan.wing").contains("model Plan").contains("nothing was deleted")
                .contains("cascadeHardDelete").contains("cascadeKeep");
        assertThat(p.get("errors").get(0).get("field").asText()).isEqualTo("plans");
        assertThat(p.get("errors").get(0).get("code").asText()).isEqualTo("no_soft_delete");
        assertThat(server.dump("Building")).isEqualTo(buildings);
        assertThat(server.dump("Wing")).isEqualTo(wings);
        assertThat(server.dump("Plan")).isEqualTo(plans);

        TestServer.Answer collection = server.as("alice", "DELETE", "/api/buildings?name=hall", null);
        assertThat(collection.status()).as(collection.toString()).isEqualTo(409);
        TestServer.Answer batch = server.as("alice", "POST", "/api/batch", """
                [{"method":"DELETE","path":"/api/wings/%d"},{"method":"DELETE","path":"/api/buildings/%d"}]""".formatted(other, building));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(409);
        assertThat(server.dump("Building")).isEqualTo(buildings);
        assertThat(server.dump("Wing")).isEqualTo(wings);
    }

    @Test
    void aSelfRelationCascadesToEveryDepthAndBack() throws Exception {
        long top = create("alice", "/api/folders", "{\"name\":\"top\"}");
        long mid = create("alice", "/api/folders", "{\"name\":\"mid\",\"parent_id\":" + top + "}");
        long low = create("alice", "/api/folders", "{\"name\":\"low\",\"parent_id\":" + mid + "}");
        long leaf = create("alice", "/api/folders", "{\"name\":\"leaf\",\"parent_id\":" + low + "}");
        long sibling = create("alice", "/api/folders", "{\"name\":\"sibling\"}");

        ok(server.as("alice", "DELETE", "/api/folders/" + mid, null), 204);
        assertThat(deleted("/api/folders/" + top)).isFalse();
        assertThat(deleted("/api/folders/" + low)).isTrue();
        assertThat(row("/api/folders/" + leaf).get("deleted_at")).isEqualTo(row("/api/folders/" + mid).get("deleted_at"));
        assertThat(deleted("/api/folders/" + sibling)).isFalse();

        ok(server.as("alice", "POST", "/api/folders/" + mid + "/restore", null), 200);
        assertThat(deleted("/api/folders/" + low)).isFalse();
        assertThat(deleted("/api/folders/" + leaf)).isFalse();
    }

    /** Stores a chain of folders, each the parent of the next, with ids from {@code first} (far above the API's). */
    private void chain(int first, int length) throws Exception {
        try (java.sql.Connection c = server.connect();
             java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO \"Folder\" (id, name, parent_id) VALUES (?, ?, ?)")) {
            for (int i = 0; i < length; i++) {
                ps.setInt(1, first + i);
                ps.setString(2, "f" + i);
                if (i == 0) {
                    ps.setNull(3, java.sql.Types.INTEGER);
                } else {
                    ps.setInt(3, first + i - 1);
                }
                ps.executeUpdate();
            }
        }
    }

    @Test
    void aCascadeFollowsAChainUpToTheLevelLimitAndRefusesADeeperOneWhole() throws Exception {
        int levels = dev.plinth.api.record.SoftDeleteCascade.MAX_LEVELS;
        chain(100_000, levels + 1); // the root and `levels` levels below it
        ok(server.as("alice", "DELETE", "/api/folders/100000", null), 204);
        assertThat(deleted("/api/folders/" + (100_000 + levels))).isTrue();
        ok(server.as("alice", "POST", "/api/folders/100000/restore", null), 200);
        assertThat(deleted("/api/folders/" + (100_000 + levels))).isFalse();

        chain(200_000, levels + 2);
        List<String> before = server.dump("Folder");
        TestServer.Answer a = server.as("alice", "DELETE", "/api/folders/200000", null);
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        assertThat(a.json().get("code").asText()).isEqualTo("limit_exceeded");
        assertThat(a.json().get("detail").asText()).contains("deeper than " + levels).contains("nothing was deleted");
        assertThat(server.dump("Folder")).isEqualTo(before);
    }

    @Test
    void compositeKeysAreFollowedAtEveryLevel() throws Exception {
        long site = create("alice", "/api/sites", "{}");
        long otherSite = create("alice", "/api/sites", "{}");
        ok(server.as("alice", "POST", "/api/shelves", "[{\"site_id\":" + site + ",\"code\":\"A\"},{\"site_id\":" + site
                + ",\"code\":\"B\"},{\"site_id\":" + otherSite + ",\"code\":\"A\"}]"), 201);
        long inA = create("alice", "/api/books", "{\"shelf_site\":" + site + ",\"shelf_code\":\"A\"}");
        long inB = create("alice", "/api/books", "{\"shelf_site\":" + site + ",\"shelf_code\":\"B\"}");
        long elsewhere = create("alice", "/api/books", "{\"shelf_site\":" + otherSite + ",\"shelf_code\":\"A\"}");

        ok(server.as("alice", "DELETE", "/api/sites/" + site, null), 204);
        assertThat(deleted("/api/shelves/" + site + ",A")).isTrue();
        assertThat(deleted("/api/books/" + inA)).isTrue();
        assertThat(deleted("/api/books/" + inB)).isTrue();
        assertThat(deleted("/api/shelves/" + otherSite + ",A")).isFalse();
        assertThat(deleted("/api/books/" + elsewhere)).isFalse();

        ok(server.as("alice", "POST", "/api/sites/" + site + "/restore", null), 200);
        assertThat(deleted("/api/shelves/" + site + ",B")).isFalse();
        assertThat(deleted("/api/books/" + inA)).isFalse();
        assertThat(deleted("/api/books/" + inB)).isFalse();
    }

    @Test
    void theStatementsDoNotGrowWithTheRows() throws Exception {
        long small = create("alice", "/api/rooms", "{\"name\":\"small\"}");
        long smallKid = create("alice", "/api/kids", "{\"name\":\"s\",\"room_id\":" + small + "}");
        create("alice", "/api/toys", "{\"name\":\"s\",\"kid_id\":" + smallKid + "}");
        long big = create("alice", "/api/rooms", "{\"name\":\"big\"}");
        for (int i = 0; i < 4; i++) {
            long kid = create("alice", "/api/kids", "{\"name\":\"k" + i + "\",\"room_id\":" + big + "}");
            server.as("alice", "POST", "/api/toys", "[{\"name\":\"t1\",\"kid_id\":" + kid + "},{\"name\":\"t2\",\"kid_id\":" + kid + "}]");
        }

        server.statements();
        ok(server.as("alice", "DELETE", "/api/rooms/" + small, null), 204);
        long smallDelete = server.statements();
        ok(server.as("alice", "DELETE", "/api/rooms/" + big, null), 204);
        long bigDelete = server.statements();
        // read the row, mark it, then one statement per relation per level: kids, tags (hard), toys
        assertThat(bigDelete).isEqualTo(smallDelete).isEqualTo(5);

        ok(server.as("alice", "POST", "/api/rooms/" + small + "/restore", null), 200);
        long smallRestore = server.statements();
        ok(server.as("alice", "POST", "/api/rooms/" + big + "/restore", null), 200);
        assertThat(server.statements()).isEqualTo(smallRestore);
        assertThat(server.as("alice", "GET", "/api/toys?name__in=t1,t2&count=true", null).json().get("total").asInt()).isEqualTo(8);
    }
}
