package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plinth's identifiers served end to end (docs/schema.md and docs/api.md, "Identifiers"): prefixed ids that
 * sort by creation, every {@code id_strategy}, {@code @@normalizeKey} on path keys, filters and bodies, and
 * Int path keys written only one way. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdentifiersContract {

    static final String DATASOURCE = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }
            """;

    static final String SCHEMA = DATASOURCE + """
            model Room {
              id       String    @id @default(prefixed("rm"))
              name     String
              bookings Booking[]
            }

            model Booking {
              id     Int     @id @default(autoincrement())
              roomId String
              room   Room    @relation(fields: [roomId], references: [id])
              note   String?
            }

            model Code {
              id     String  @id
              label  String
              badges Badge[]
              @@normalizeKey([trim, lower])
            }

            model Badge {
              id     Int    @id @default(autoincrement())
              codeId String
              code   Code   @relation(fields: [codeId], references: [id])
            }
            """;

    /** A lower-case ULID after the prefix: Crockford's base 32 without i, l, o, u. */
    static final String ULID = "[0-9a-hjkmnp-tv-z]{26}";

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

    static String code(TestServer.Answer a) throws Exception {
        return a.json().get("code").asText();
    }

    @Test
    void prefixedIdsAreUniqueAndSortByCreation() throws Exception {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            TestServer.Answer a = server.as("alice", "POST", "/api/rooms", "{\"name\":\"r" + i + "\"}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
            created.add(a.json().get("id").asText());
        }
        StringBuilder many = new StringBuilder("[");
        for (int i = 15; i < 40; i++) {
            many.append(i > 15 ? "," : "").append("{\"name\":\"r").append(i).append("\"}");
        }
        TestServer.Answer bulk = server.as("alice", "POST", "/api/rooms", many.append("]").toString());
        assertThat(bulk.status()).as(bulk.toString()).isEqualTo(201);
        bulk.json().forEach(row -> created.add(row.get("id").asText()));
        assertThat(created).hasSize(40).allMatch(id -> id.matches("rm_" + ULID));
        assertThat(new HashSet<>(created)).hasSize(40);
        assertThat(created).as("ids sort as they were created").isSorted();

        TestServer.Answer listed = server.as("alice", "GET", "/api/rooms?orderBy=id&limit=100&name__startswith=r", null);
        assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
        assertThat(listed.json().get("data").findValuesAsText("id")).containsSubsequence(created);
        List<String> names = listed.json().get("data").findValuesAsText("name");
        assertThat(names.subList(0, 3)).containsExactly("r0", "r1", "r2");

        TestServer.Answer one = server.as("alice", "GET", "/api/rooms/" + created.get(7), null);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("name").asText()).isEqualTo("r7");
        TestServer.Answer booked = server.as("alice", "POST", "/api/bookings", "{\"roomId\":\"" + created.get(7) + "\"}");
        assertThat(booked.status()).as(booked.toString()).isEqualTo(201);

        TestServer.Answer chosen = server.as("alice", "POST", "/api/rooms", "{\"id\":\"rm_mine\",\"name\":\"x\"}");
        assertThat(chosen.status()).as("a generated key is not the client's to choose").isEqualTo(422);
        assertThat(code(chosen)).isEqualTo("immutable_field");
    }

    @Test
    void intPathKeysAreWrittenOneWay() throws Exception {
        TestServer.Answer room = server.as("alice", "POST", "/api/rooms", "{\"name\":\"strict\"}");
        TestServer.Answer booking = server.as("alice", "POST", "/api/bookings",
                "{\"roomId\":\"" + room.json().get("id").asText() + "\",\"note\":\"kept\"}");
        assertThat(booking.status()).as(booking.toString()).isEqualTo(201);
        int id = booking.json().get("id").asInt();
        assertThat(server.as("alice", "GET", "/api/bookings/" + id, null).status()).isEqualTo(200);
        for (String bad : List.of("0" + id, "+" + id, "%20" + id, id + "%20", "%2B" + id, "-0", id + ".0", "1e1")) {
            TestServer.Answer get = server.as("alice", "GET", "/api/bookings/" + bad, null);
            assertThat(get.status()).as(bad + ": " + get).isEqualTo(400);
            assertThat(code(get)).as(bad).isEqualTo("invalid_key");
            assertThat(get.contentType()).startsWith("application/problem+json");
            TestServer.Answer patch = server.as("alice", "PATCH", "/api/bookings/" + bad, "{\"note\":\"changed\"}");
            assertThat(patch.status()).as(bad + ": " + patch).isEqualTo(400);
            TestServer.Answer delete = server.as("alice", "DELETE", "/api/bookings/" + bad, null);
            assertThat(delete.status()).as(bad + ": " + delete).isEqualTo(400);
        }
        TestServer.Answer after = server.as("alice", "GET", "/api/bookings/" + id, null);
        assertThat(after.json().get("note").asText()).as("nothing changed").isEqualTo("kept");
        assertThat(server.as("alice", "GET", "/api/bookings/0", null).status()).as("0 is a key like any other").isEqualTo(404);
        assertThat(server.as("alice", "GET", "/api/bookings/-5", null).status()).isEqualTo(404);
    }

    @Test
    void normalizedKeysInPathsFiltersAndBodies() throws Exception {
        TestServer.Answer created = server.as("alice", "POST", "/api/codes", "{\"id\":\"  AB-12\\t\",\"label\":\"first\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("id").asText()).isEqualTo("ab-12");
        assertThat(created.header("location").orElseThrow()).endsWith("/api/codes/ab-12");
        assertThat(server.dump("Code")).singleElement().asString().contains("ab-12");

        for (String path : List.of("ab-12", "AB-12", "%20Ab-12%20")) {
            TestServer.Answer a = server.as("alice", "GET", "/api/codes/" + path, null);
            assertThat(a.status()).as(path + ": " + a).isEqualTo(200);
            assertThat(a.json().get("label").asText()).isEqualTo("first");
        }
        for (String query : List.of("id=AB-12", "id=%20ab-12", "id__in=(AB-12,zz)", "id__startswith=AB", "id__ne=AB-12")) {
            TestServer.Answer a = server.as("alice", "GET", "/api/codes?" + query, null);
            assertThat(a.status()).as(query + ": " + a).isEqualTo(200);
            assertThat(a.json().get("data").size()).as(query).isEqualTo(query.startsWith("id__ne") ? 0 : 1);
        }

        TestServer.Answer badge = server.as("alice", "POST", "/api/badges", "{\"codeId\":\" AB-12\"}");
        assertThat(badge.status()).as("a foreign key to a normalized key is normalized too: " + badge).isEqualTo(201);
        assertThat(badge.json().get("codeId").asText()).isEqualTo("ab-12");
        TestServer.Answer byCode = server.as("alice", "GET", "/api/badges?codeId=AB-12", null);
        assertThat(byCode.json().get("data").size()).isEqualTo(1);

        TestServer.Answer same = server.as("alice", "PATCH", "/api/codes/AB-12", "{\"id\":\"AB-12 \",\"label\":\"second\"}");
        assertThat(same.status()).as("the row's own key, as sent before normalization: " + same).isEqualTo(200);
        assertThat(same.json().get("label").asText()).isEqualTo("second");
        TestServer.Answer twice = server.as("alice", "POST", "/api/codes", "{\"id\":\"Ab-12\",\"label\":\"dup\"}");
        assertThat(twice.status()).as(twice.toString()).isEqualTo(409);

        TestServer.Answer deleted = server.as("alice", "DELETE", "/api/codes/%20AB-12", null);
        assertThat(deleted.status()).as("the badge still references it: " + deleted).isIn(409, 422);
        assertThat(server.as("alice", "DELETE", "/api/badges/" + badge.json().get("id").asInt(), null).status()).isEqualTo(204);
        assertThat(server.as("alice", "DELETE", "/api/codes/%20AB-12", null).status()).isEqualTo(204);
        assertThat(server.as("alice", "GET", "/api/codes/ab-12", null).status()).isEqualTo(404);
    }

    @Test
    void aMissingClientKeyIsAPrecise422() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/codes", "{\"label\":\"no key\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(422);
        JsonNode errors = a.json().get("errors");
        assertThat(errors.findValuesAsText("field")).containsExactly("id");
        assertThat(errors.findValuesAsText("code")).containsExactly("required");
    }

    record Strategy(String setting, String keyType, String pattern) {
    }

    @Test
    void everyIdStrategyMakesItsKeys() throws Exception {
        String hex = "[0-9a-f]";
        List<Strategy> strategies = List.of(
                new Strategy("uuid7", "String", hex + "{8}-" + hex + "{4}-7" + hex + "{3}-[89ab]" + hex + "{3}-" + hex + "{12}"),
                new Strategy("uuid", "String", hex + "{8}-" + hex + "{4}-4" + hex + "{3}-[89ab]" + hex + "{3}-" + hex + "{12}"),
                new Strategy("cuid2", "String", "[a-z][a-z0-9]{23}"),
                new Strategy("ulid", "String", "[0-9A-HJKMNP-TV-Z]{26}"),
                new Strategy("nanoid", "String", "[A-Za-z0-9_-]{21}"),
                new Strategy("prefixed", "String", "shelfitem_" + ULID),
                new Strategy("serial", "Int", "[1-9][0-9]*"));
        for (Strategy s : strategies) {
            try (TestServer t = TestServer.start(db(), schemaWith(s.setting(), s.keyType()))) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    TestServer.Answer a = t.as("alice", "POST", "/api/shelf_items", "{\"name\":\"n" + i + "\"}");
                    assertThat(a.status()).as(s.setting() + ": " + a).isEqualTo(201);
                    ids.add(a.json().get("id").asText());
                    TestServer.Answer back = t.as("alice", "GET", "/api/shelf_items/" + a.json().get("id").asText(), null);
                    assertThat(back.status()).as(s.setting() + ": " + back).isEqualTo(200);
                }
                assertThat(ids).as(s.setting()).allMatch(id -> id.matches(s.pattern())).doesNotHaveDuplicates();
                if (s.setting().equals("uuid7")) {
                    assertThat(UUID.fromString(ids.getFirst()).version()).isEqualTo(7);
                }
                if (List.of("uuid7", "ulid", "prefixed").contains(s.setting())) {
                    assertThat(ids).as(s.setting() + " keys sort by creation").isSorted();
                }
                if (s.setting().equals("serial")) {
                    assertThat(ids.stream().map(Integer::parseInt).toList()).as("serial numbers rows in order").isSorted();
                }
                TestServer.Answer chosen = t.as("alice", "POST", "/api/shelf_items", "{\"id\":" + (s.keyType().equals("Int") ? "99" : "\"mine\"")
                        + ",\"name\":\"x\"}");
                assertThat(chosen.status()).as(s.setting() + ": the strategy's key is not the client's to choose").isEqualTo(422);
            }
        }
        try (TestServer t = TestServer.start(db(), schemaWith("false", "String"))) {
            TestServer.Answer missing = t.as("alice", "POST", "/api/shelf_items", "{\"name\":\"n\"}");
            assertThat(missing.status()).as(missing.toString()).isEqualTo(422);
            assertThat(missing.json().get("errors").findValuesAsText("field")).containsExactly("id");
            assertThat(missing.json().get("errors").findValuesAsText("code")).containsExactly("required");
            TestServer.Answer given = t.as("alice", "POST", "/api/shelf_items", "{\"id\":\"mine\",\"name\":\"n\"}");
            assertThat(given.status()).as(given.toString()).isEqualTo(201);
            assertThat(given.json().get("id").asText()).isEqualTo("mine");
        }
    }

    static String schemaWith(String strategy, String keyType) {
        return """
                generator plinth {
                  provider    = "plinth"
                  id_strategy = "%s"
                }

                """.formatted(strategy) + DATASOURCE + """
                model ShelfItem {
                  id   %s @id
                  name String
                }
                """.formatted(keyType);
    }
}
