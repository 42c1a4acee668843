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
 * The organization and team conventions on tables without rules (with claim names configured as
 * {@code tenant} and {@code groups}), token roles as a string or an array, and the create check
 * against the row as stored. Run on SQLite and PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantConventionsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            model Project {
              id              Int    @id @default(autoincrement())
              organization_id Int
              name            String
            }
            model Task {
              id      Int    @id @default(autoincrement())
              team_id String
              title   String
            }
            model Note {
              id              Int    @id @default(autoincrement())
              user_id         String
              organization_id Int?
              text            String
            }
            model Team {
              id   String @id @map("team_id")
              name String
            }
            model Doc {
              id       Int     @id @default(autoincrement())
              title    String
              level    Int     @default(1)
              note     String? @allow('create', level == 1)
              @@allow('read', auth().role in ['editor', 'owner'])
              @@allow('create', level < 3)
            }
            model Profile {
              id      Int    @id @default(autoincrement())
              name    String
              secret  String @allow('read', auth().role == 'owner')
              @@allow('all', auth() != null)
              @@fulltext([name, secret])
            }
            """;

    RulesServer server;

    abstract RulesServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = RulesServer.start(db(), SCHEMA, new ClaimNames("tenant", "groups"));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static List<String> values(JsonNode rows, String field) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).asText()));
        return out;
    }

    @Test
    void searchNeverMatchesAFieldHiddenFromTheCaller() throws Exception {
        Who owner = new Who("o", Map.of("role", "owner"));
        Who reader = new Who("r", Map.of("role", "reader"));
        assertThat(server.send(owner, "POST", "/api/profiles", "{\"name\":\"Ada\",\"secret\":\"zanzibar\"}").status())
                .isEqualTo(201);
        assertThat(values(server.send(owner, "GET", "/api/profiles?q=zanzibar", null).json().get("data"), "name"))
                .containsExactly("Ada");
        // For a caller who may not read 'secret', the search over it is unusable, as the field is:
        // a 400 (as for an unknown column), never a match that would reveal the hidden value.
        Answer hidden = server.send(reader, "GET", "/api/profiles?q=zanzibar&count=true", null);
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(400);
        assertThat(hidden.body()).doesNotContain("Ada");
        assertThat(server.send(reader, "GET", "/api/profiles?q=ada", null).status()).isEqualTo(400);
        Answer rows = server.send(reader, "GET", "/api/profiles", null);
        assertThat(values(rows.json().get("data"), "name")).containsExactly("Ada");
        assertThat(rows.json().get("data").get(0).has("secret")).isFalse();
    }

    @Test
    void organizationIdIsScopedToTheConfiguredClaim() throws Exception {
        Who one = new Who("u1", Map.of("tenant", 1));
        Who two = new Who("u2", Map.of("tenant", 2));
        Answer a = server.send(one, "POST", "/api/projects", "{\"name\":\"alpha\",\"organization_id\":2}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("organization_id").asInt()).isEqualTo(1);
        assertThat(server.send(two, "POST", "/api/projects", "{\"name\":\"beta\"}").status()).isEqualTo(201);
        assertThat(values(server.send(one, "GET", "/api/projects?count=true", null).json().get("data"), "name")).containsExactly("alpha");
        assertThat(server.send(two, "GET", "/api/projects?count=true", null).json().get("total").asInt()).isEqualTo(1);
        int alpha = a.json().get("id").asInt();
        List<String> before = server.dump("Project");
        assertThat(server.send(two, "GET", "/api/projects/" + alpha, null).status()).isEqualTo(404);
        assertThat(server.send(two, "PATCH", "/api/projects/" + alpha, "{\"name\":\"taken\"}").status()).isEqualTo(404);
        assertThat(server.send(two, "DELETE", "/api/projects/" + alpha, null).status()).isEqualTo(404);
        assertThat(server.send(two, "PATCH", "/api/projects?name__ne=x", "{\"name\":\"all mine\"}").json().get("count").asInt()).isEqualTo(1);
        assertThat(server.dump("Project").getFirst()).isEqualTo(before.getFirst());
        int beta = server.send(two, "GET", "/api/projects", null).json().get("data").get(0).get("id").asInt();
        Answer move = server.send(two, "PATCH", "/api/projects/" + beta, "{\"organization_id\":1}");
        assertThat(move.status()).as(move.toString()).isEqualTo(403);
        assertThat(server.send(two, "PATCH", "/api/projects?name__ne=x", "{\"organization_id\":1}").status()).isEqualTo(403);
        assertThat(server.dump("Project").get(1)).contains("|2|");
        assertThat(server.send(new Who("u3", Map.of()), "GET", "/api/projects", null).status()).isEqualTo(403);
        assertThat(server.send(Who.ANONYMOUS, "GET", "/api/projects", null).status()).isEqualTo(401);
    }

    @Test
    void teamIdIsScopedToTheTeamsClaim() throws Exception {
        Who both = new Who("u1", Map.of("groups", List.of("t1", "t2")));
        Who single = new Who("u2", Map.of("groups", List.of("t3")));
        assertThat(server.send(both, "POST", "/api/tasks", "{\"title\":\"a\",\"team_id\":\"t1\"}").status()).isEqualTo(201);
        assertThat(server.send(both, "POST", "/api/tasks", "{\"title\":\"b\",\"team_id\":\"t2\"}").status()).isEqualTo(201);
        List<String> before = server.dump("Task");
        assertThat(server.send(both, "POST", "/api/tasks", "{\"title\":\"c\",\"team_id\":\"t3\"}").status()).isEqualTo(403);
        assertThat(server.dump("Task")).isEqualTo(before);
        Answer filled = server.send(single, "POST", "/api/tasks", "{\"title\":\"d\"}");
        assertThat(filled.json().get("team_id").asText()).isEqualTo("t3");
        assertThat(values(server.send(both, "GET", "/api/tasks?orderBy=title", null).json().get("data"), "title")).containsExactly("a", "b");
        assertThat(values(server.send(single, "GET", "/api/tasks", null).json().get("data"), "title")).containsExactly("d");
        int a = server.send(both, "GET", "/api/tasks?title=a", null).json().get("data").get(0).get("id").asInt();
        assertThat(server.send(single, "DELETE", "/api/tasks/" + a, null).status()).isEqualTo(404);
        assertThat(server.send(both, "PATCH", "/api/tasks/" + a, "{\"team_id\":\"t3\"}").status()).isEqualTo(403);
        assertThat(server.send(both, "PATCH", "/api/tasks/" + a, "{\"team_id\":\"t2\"}").json().get("team_id").asText()).isEqualTo("t2");
        assertThat(server.send(new Who("u4", Map.of()), "GET", "/api/tasks?count=true", null).json().get("total").asInt()).isZero();
    }

    @Test
    void ownerScopedTablesAndKeyColumnsAreNotTenantScoped() throws Exception {
        Who one = new Who("u1", Map.of("tenant", 1));
        Answer note = server.send(one, "POST", "/api/notes", "{\"text\":\"n\",\"organization_id\":5}");
        assertThat(note.status()).as(note.toString()).isEqualTo(201);
        assertThat(note.json().get("organization_id").asInt()).as("set from the claim").isEqualTo(1);
        Who noClaims = new Who("u5", Map.of());
        Answer own = server.send(noClaims, "POST", "/api/notes", "{\"text\":\"m\"}");
        assertThat(own.status()).as("owner scoping needs no organization").isEqualTo(201);
        assertThat(values(server.send(noClaims, "GET", "/api/notes", null).json().get("data"), "text")).containsExactly("m");
        assertThat(values(server.send(one, "GET", "/api/notes", null).json().get("data"), "text")).containsExactly("n");
        Answer team = server.send(noClaims, "POST", "/api/teams", "{\"team_id\":\"t9\",\"name\":\"nine\"}");
        assertThat(team.status()).as("a teams table is not scoped by its own key").isEqualTo(201);
        assertThat(server.send(noClaims, "GET", "/api/teams/t9", null).status()).isEqualTo(200);
    }

    @Test
    void rolesFromARoleStringOrARolesArray() throws Exception {
        Who writer = new Who("w", Map.of());
        assertThat(server.send(writer, "POST", "/api/docs", "{\"title\":\"d1\"}").status()).isEqualTo(201);
        Answer tooHigh = server.send(writer, "POST", "/api/docs", "{\"title\":\"d2\",\"level\":5}");
        assertThat(tooHigh.status()).as("the create rule is checked on the row as stored").isEqualTo(403);
        assertThat(server.send(writer, "GET", "/api/docs?count=true", null).json().get("total").asInt()).isZero();
        Answer noteHigh = server.send(writer, "POST", "/api/docs", "{\"title\":\"d3\",\"level\":2,\"note\":\"n\"}");
        assertThat(noteHigh.status()).as("a row-dependent field create rule is checked on the stored row").isEqualTo(403);
        assertThat(server.dump("Doc")).hasSize(1);
        Answer noteOk = server.send(writer, "POST", "/api/docs", "{\"title\":\"d4\",\"note\":\"n\"}");
        assertThat(noteOk.status()).as(noteOk.toString()).isEqualTo(201);
        server.execute("DELETE FROM \"Doc\" WHERE title = 'd4'");
        Who editorByArray = new Who("e", Map.of("roles", List.of("viewer", "editor")));
        Who editorByString = new Who("e2", Map.of("role", "editor"));
        Who viewer = new Who("v", Map.of("roles", List.of("viewer")));
        assertThat(server.send(editorByArray, "GET", "/api/docs?count=true", null).json().get("total").asInt()).isEqualTo(1);
        assertThat(server.send(editorByString, "GET", "/api/docs?count=true", null).json().get("total").asInt()).isEqualTo(1);
        assertThat(server.send(viewer, "GET", "/api/docs?count=true", null).json().get("total").asInt()).isZero();
        assertThat(server.send(editorByArray, "DELETE", "/api/docs/1", null).status()).as("no delete rule: denied").isEqualTo(403);
        assertThat(server.dump("Doc")).hasSize(1);
    }
}
