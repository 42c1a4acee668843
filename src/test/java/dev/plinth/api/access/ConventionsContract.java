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
 * Conventions by meaning on a camelCase schema with {@code conventions = "any_spelling"} (docs/schema.md,
 * "Conventions"): owner scoping by {@code userId}, timestamps, soft delete by {@code deletedAt}, the
 * organization firewall by {@code organizationId}, {@code createdBy} and friends kept by the server;
 * the attributes {@code @@owner}, {@code @@softDelete}, {@code @@tenant}, {@code @@conventions} and
 * {@code @@openRead}; and the {@code list}/{@code get} operations of access rules. Run on SQLite and
 * PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConventionsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./x.db"
            }
            generator plinth {
              provider    = "plinth"
              conventions = "any_spelling"
            }
            model Task {
              id        Int       @id @default(autoincrement())
              userId    String
              title     String
              createdAt DateTime  @default(now())
              updatedAt DateTime  @updatedAt
              deletedAt DateTime?
              createdBy String?
              updatedBy String?
              deletedBy String?
            }
            model Project {
              id             Int     @id @default(autoincrement())
              organizationId Int
              name           String
              createdBy      String?
              modifiedAt     DateTime?
            }
            model Post {
              id       Int    @id @default(autoincrement())
              authorId String
              body     String
              comments Comment[]
              @@owner(authorId)
              @@openRead
            }
            model Note {
              id        Int       @id @default(autoincrement())
              workspace String
              text      String
              removedAt DateTime?
              @@softDelete(removedAt)
              @@tenant(workspace, claim: "ws")
            }
            model Legacy {
              id        Int     @id @default(autoincrement())
              userId    String
              createdBy String?
              @@conventions(false)
            }
            model Partial {
              id        Int     @id @default(autoincrement())
              ownerId   String
              createdBy String?
              @@conventions(owner: false)
            }
            model Comment {
              id     Int    @id @default(autoincrement())
              userId String
              text   String
              postId Int
              post   Post   @relation(fields: [postId], references: [id])
            }
            model Article {
              id    Int    @id @default(autoincrement())
              title String
              @@allow('get', true)
              @@allow('list', auth().role == 'admin')
              @@allow('create', true)
            }
            """;

    static final Who ALICE = new Who("alice", Map.of("org_id", 1, "ws", "north"));
    static final Who BOB = new Who("bob", Map.of("org_id", 2, "ws", "south"));

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

    private static List<String> values(JsonNode rows, String field) {
        List<String> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.get(field).asText()));
        return out;
    }

    @Test
    void camelCaseOwnerTimestampsAndAuditAreKeptByTheServer() throws Exception {
        Answer created = server.send(ALICE, "POST", "/api/tasks",
                "{\"title\":\"t1\",\"userId\":\"mallory\",\"createdBy\":\"mallory\",\"updatedBy\":\"mallory\","
                        + "\"createdAt\":\"2001-01-01T00:00:00Z\",\"deletedAt\":\"2001-01-01T00:00:00Z\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode row = created.json();
        assertThat(row.get("userId").asText()).isEqualTo("alice");
        assertThat(row.get("createdBy").asText()).isEqualTo("alice");
        assertThat(row.get("updatedBy").asText()).isEqualTo("alice");
        assertThat(row.get("createdAt").asText()).doesNotStartWith("2001");
        assertThat(row.get("updatedAt").isNull()).isFalse();
        assertThat(row.get("deletedAt").isNull()).isTrue();
        int id = row.get("id").asInt();
        assertThat(server.dump("Task").toString()).doesNotContain("mallory");

        assertThat(server.send(BOB, "GET", "/api/tasks/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(BOB, "GET", "/api/tasks", null).json().get("data")).isEmpty();
        assertThat(server.send(BOB, "PATCH", "/api/tasks/" + id, "{\"title\":\"stolen\"}").status()).isEqualTo(404);
        assertThat(server.send(Who.ANONYMOUS, "GET", "/api/tasks", null).status()).isEqualTo(401);

        Answer patched = server.send(ALICE, "PATCH", "/api/tasks/" + id,
                "{\"title\":\"t2\",\"createdBy\":\"mallory\",\"userId\":\"bob\"}");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().get("createdBy").asText()).isEqualTo("alice");
        assertThat(patched.json().get("userId").asText()).isEqualTo("alice");
        assertThat(server.dump("Task").toString()).doesNotContain("mallory").doesNotContain("|bob|");
    }

    @Test
    void deletedAtMakesDeletesSoftAndDeletedByRecordsTheCaller() throws Exception {
        int id = server.send(ALICE, "POST", "/api/tasks", "{\"title\":\"doomed\"}").json().get("id").asInt();
        assertThat(server.send(ALICE, "DELETE", "/api/tasks/" + id, null).status()).isEqualTo(204);
        assertThat(server.send(ALICE, "GET", "/api/tasks/" + id, null).status()).isEqualTo(404);
        JsonNode kept = server.send(ALICE, "GET", "/api/tasks/" + id + "?with_deleted=true", null).json();
        assertThat(kept.get("deletedAt").isNull()).isFalse();
        assertThat(kept.get("deletedBy").asText()).isEqualTo("alice");
        assertThat(values(server.send(ALICE, "GET", "/api/tasks", null).json().get("data"), "title")).doesNotContain("doomed");
    }

    @Test
    void organizationIdIsTheOrganizationFirewall() throws Exception {
        Answer a = server.send(ALICE, "POST", "/api/projects", "{\"name\":\"alpha\",\"organizationId\":2,\"createdBy\":\"mallory\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        assertThat(a.json().get("organizationId").asInt()).isEqualTo(1);
        assertThat(a.json().get("createdBy").asText()).isEqualTo("alice");
        int alpha = a.json().get("id").asInt();
        assertThat(server.send(BOB, "GET", "/api/projects/" + alpha, null).status()).isEqualTo(404);
        assertThat(values(server.send(BOB, "GET", "/api/projects", null).json().get("data"), "name")).doesNotContain("alpha");
        Answer move = server.send(ALICE, "PATCH", "/api/projects/" + alpha, "{\"organizationId\":2}");
        assertThat(move.status()).as(move.toString()).isEqualTo(403);
        assertThat(server.send(new Who("carol", Map.of()), "GET", "/api/projects", null).status()).isEqualTo(403);
        // Quickback's modifiedAt is updatedAt's other spelling: the server sets it
        assertThat(a.json().get("modifiedAt").isNull()).isFalse();
    }

    @Test
    void openReadLetsEveryoneReadWhileWritesStayTheOwners() throws Exception {
        Answer post = server.send(ALICE, "POST", "/api/posts", "{\"body\":\"hello\",\"authorId\":\"mallory\"}");
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(post.json().get("authorId").asText()).isEqualTo("alice");
        int id = post.json().get("id").asInt();
        assertThat(values(server.send(BOB, "GET", "/api/posts", null).json().get("data"), "body")).contains("hello");
        assertThat(server.send(BOB, "GET", "/api/posts/" + id, null).status()).isEqualTo(200);
        List<String> before = server.dump("Post");
        assertThat(server.send(BOB, "PATCH", "/api/posts/" + id, "{\"body\":\"defaced\"}").status()).isEqualTo(404);
        assertThat(server.send(BOB, "DELETE", "/api/posts/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(BOB, "PATCH", "/api/posts?body=hello", "{\"body\":\"defaced\"}").json().get("count").asInt()).isZero();
        assertThat(server.dump("Post")).isEqualTo(before);
        Answer own = server.send(BOB, "POST", "/api/posts", "{\"body\":\"mine\"}");
        assertThat(own.json().get("authorId").asText()).isEqualTo("bob");
        assertThat(server.send(ALICE, "PATCH", "/api/posts/" + id, "{\"body\":\"edited\"}").status()).isEqualTo(200);
        assertThat(server.send(Who.ANONYMOUS, "GET", "/api/posts", null).status()).isEqualTo(401);

        // an open post can be commented on, filtered across and included by anyone; comments stay their owner's
        Answer comment = server.send(BOB, "POST", "/api/comments", "{\"text\":\"nice\",\"postId\":" + id + "}");
        assertThat(comment.status()).as(comment.toString()).isEqualTo(201);
        Answer across = server.send(BOB, "GET", "/api/comments?post.body=edited&include=post", null);
        assertThat(across.status()).as(across.toString()).isEqualTo(200);
        assertThat(across.json().get("data")).singleElement()
                .satisfies(c -> assertThat(c.get("post").get("authorId").asText()).isEqualTo("alice"));
        assertThat(server.send(ALICE, "GET", "/api/comments", null).json().get("data")).isEmpty();
    }

    @Test
    void softDeleteAndTenantAttributesNameFieldsWithOtherNames() throws Exception {
        Answer memo = server.send(ALICE, "POST", "/api/notes", "{\"text\":\"n1\",\"workspace\":\"south\"}");
        assertThat(memo.status()).as(memo.toString()).isEqualTo(201);
        assertThat(memo.json().get("workspace").asText()).isEqualTo("north");
        int id = memo.json().get("id").asInt();
        assertThat(server.send(BOB, "GET", "/api/notes/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(new Who("carol", Map.of("org_id", 1)), "GET", "/api/notes", null).status()).isEqualTo(403);
        assertThat(server.send(ALICE, "DELETE", "/api/notes/" + id, null).status()).isEqualTo(204);
        assertThat(server.dump("Note")).hasSize(1);
        assertThat(server.send(ALICE, "GET", "/api/notes/" + id, null).status()).isEqualTo(404);
        assertThat(server.send(ALICE, "GET", "/api/notes/" + id + "?with_deleted=true", null).json().get("removedAt").isNull())
                .isFalse();
    }

    @Test
    void conventionsFalseKeepsFieldsOrdinary() throws Exception {
        Answer legacy = server.send(ALICE, "POST", "/api/legacies", "{\"userId\":\"zed\",\"createdBy\":\"zed\"}");
        assertThat(legacy.status()).as(legacy.toString()).isEqualTo(201);
        assertThat(legacy.json().get("userId").asText()).isEqualTo("zed");
        assertThat(legacy.json().get("createdBy").asText()).isEqualTo("zed");
        assertThat(server.send(BOB, "GET", "/api/legacies/" + legacy.json().get("id").asInt(), null).status()).isEqualTo(200);

        Answer partial = server.send(ALICE, "POST", "/api/partials", "{\"ownerId\":\"zed\",\"createdBy\":\"zed\"}");
        assertThat(partial.status()).as(partial.toString()).isEqualTo(201);
        assertThat(partial.json().get("ownerId").asText()).isEqualTo("zed");
        assertThat(partial.json().get("createdBy").asText()).isEqualTo("alice");
    }

    @Test
    void listAndGetAreSeparateOperations() throws Exception {
        Answer a = server.send(BOB, "POST", "/api/articles", "{\"title\":\"news\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        int id = a.json().get("id").asInt();
        assertThat(server.send(BOB, "GET", "/api/articles/" + id, null).status()).isEqualTo(200);
        assertThat(server.send(BOB, "GET", "/api/articles", null).json().get("data")).isEmpty();
        Who admin = new Who("root", Map.of("role", "admin"));
        assertThat(values(server.send(admin, "GET", "/api/articles", null).json().get("data"), "title")).contains("news");
        assertThat(server.send(admin, "GET", "/api/articles/" + id, null).status()).isEqualTo(200);
    }
}
