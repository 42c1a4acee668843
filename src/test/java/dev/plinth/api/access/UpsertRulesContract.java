package dev.plinth.api.access;

import dev.plinth.api.access.RulesServer.Answer;
import dev.plinth.api.access.RulesServer.Who;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upserts on models under access rules (docs/api.md, "Upsert"): {@code POST ?on_conflict=} goes row by row
 * through the create and update rules, and {@code PUT} through the update rule; a row the caller cannot see
 * is never revealed or changed, a row it may read but not change is 403, and a refusal changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UpsertRulesContract {

    static final String SCHEMA = """
            model Secret {
              id    Int    @id @default(autoincrement())
              slug  String @unique
              owner String @default(auth().id)
              text  String
              @@allow('all', owner == auth().id)
            }
            model Doc {
              slug   String  @id
              owner  String  @default(auth().id)
              title  String
              @@allow('read', true)
              @@allow('create,update', owner == auth().id)
            }
            """;

    static final Who ADA = new Who("ada", Map.of());
    static final Who BOB = new Who("bob", Map.of());
    static final String MERGE = "resolution=merge-duplicates";

    RulesServer server;

    abstract RulesServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), SCHEMA, ClaimNames.DEFAULT);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Answer upsert(Who who, String path, String prefer, String body) throws Exception {
        return server.send(who, "POST", path, body, "Prefer", prefer);
    }

    private static void assertProblem(Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
    }

    @Test
    void aMergeUnderRulesCreatesAndUpdatesTheCallersOwnRows() throws Exception {
        Answer created = upsert(ADA, "/api/secrets?on_conflict=slug", MERGE, "{\"slug\":\"s1\",\"text\":\"one\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("owner").asText()).isEqualTo("ada");
        Answer updated = upsert(ADA, "/api/secrets?on_conflict=slug", MERGE, "[{\"slug\":\"s1\",\"text\":\"uno\"},{\"slug\":\"s2\",\"text\":\"two\"}]");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().get(0).get("text").asText()).isEqualTo("uno");
        assertThat(updated.json().get(0).get("id").asLong()).isEqualTo(created.json().get("id").asLong());
        assertThat(updated.json().get(1).get("slug").asText()).isEqualTo("s2");
    }

    @Test
    void aRowTheRulesHideIsNeitherRevealedNorChanged() throws Exception {
        assertThat(upsert(ADA, "/api/secrets?on_conflict=slug", MERGE, "{\"slug\":\"hidden\",\"text\":\"ada-only\"}").status()).isEqualTo(201);
        List<String> before = server.dump("Secret");
        Answer merge = upsert(BOB, "/api/secrets?on_conflict=slug", MERGE,
                "[{\"slug\":\"bob-new\",\"text\":\"b\"},{\"slug\":\"hidden\",\"text\":\"bob\"}]");
        assertProblem(merge, 409, "unique_violation");
        assertThat(merge.body()).doesNotContain("ada");
        assertThat(server.dump("Secret")).isEqualTo(before);

        Answer ignore = upsert(BOB, "/api/secrets?on_conflict=slug", "resolution=ignore-duplicates", "{\"slug\":\"hidden\",\"text\":\"bob\"}");
        assertThat(ignore.status()).as(ignore.toString()).isEqualTo(204);
        assertThat(server.dump("Secret")).isEqualTo(before);

        long id = server.send(ADA, "GET", "/api/secrets?slug=hidden", null).json().get("data").get(0).get("id").asLong();
        assertProblem(server.send(BOB, "PUT", "/api/secrets/" + id, "{\"slug\":\"hidden\",\"text\":\"bob\"}"), 404, "not_found");
        assertThat(server.dump("Secret")).isEqualTo(before);
    }

    @Test
    void aRowTheCallerMayReadButNotChangeIs403() throws Exception {
        assertThat(server.send(ADA, "PUT", "/api/docs/readme", "{\"title\":\"Ada's\"}").status()).isEqualTo(201);
        List<String> before = server.dump("Doc");
        assertProblem(upsert(BOB, "/api/docs?on_conflict=slug", MERGE, "{\"slug\":\"readme\",\"title\":\"Bob's\"}"), 403, "forbidden");
        assertProblem(server.send(BOB, "PUT", "/api/docs/readme", "{\"title\":\"Bob's\"}"), 403, "forbidden");
        // a create breaking the create rule
        assertProblem(server.send(BOB, "PUT", "/api/docs/bobs", "{\"title\":\"x\",\"owner\":\"ada\"}"), 403, "forbidden");
        assertThat(server.dump("Doc")).isEqualTo(before);
        Answer own = server.send(ADA, "PUT", "/api/docs/readme", "{\"title\":\"Ada's v2\"}");
        assertThat(own.status()).as(own.toString()).isEqualTo(200);
        assertThat(own.json().get("title").asText()).isEqualTo("Ada's v2");
    }
}
