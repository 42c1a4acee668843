package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every write form wherever a client sends it (docs/api.md, "Nested writes", "Upsert", "Bulk updates", "Batch"),
 * the same on SQLite and PostgreSQL: nested writes in an array POST; relation fields in a collection PATCH
 * (to-one {@code connect}/{@code disconnect} only, the rest refused precisely); and in {@code POST /api/batch}
 * nested POST and PATCH, array POST, bulk PATCH, PUT with {@code if_none_match}, and {@code on_conflict} upserts
 * with {@code prefer}. Users, posts, comments, settings and members are owner-scoped by {@code user_id}; tags
 * have an access rule; post titles a data rule. A failure anywhere writes nothing and names its place.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WriteFormsContract {

    static final String SCHEMA = """
            model User {
              id      Int      @id @default(autoincrement())
              email   String   @unique
              name    String
              user_id String
              posts   Post[]
              profile Profile?
            }

            model Profile {
              id       Int    @id @default(autoincrement())
              bio      String
              user     User   @relation(fields: [user_ref], references: [id])
              user_ref Int    @unique
              user_id  String
            }

            model Post {
              id        Int       @id @default(autoincrement())
              title     String    @length(1, 20)
              author    User?     @relation(fields: [author_id], references: [id])
              author_id Int?
              user_id   String
              comments  Comment[]
              tags      Tag[]
            }

            model Comment {
              id      Int    @id @default(autoincrement())
              text    String
              post    Post   @relation(fields: [post_id], references: [id])
              post_id Int
              user_id String
            }

            model Tag {
              id    Int    @id @default(autoincrement())
              org   String
              slug  String
              posts Post[]

              @@unique([org, slug])
              @@allow('read', true)
              @@allow('create', slug != 'forbidden')
            }

            model Setting {
              key     String @id
              value   String
              note    String?
              user_id String
            }

            model Member {
              id      Int    @id @default(autoincrement())
              email   String @unique
              name    String
              visits  Int    @default(0)
              user_id String
            }
            """;

    private static final List<String> TABLES = List.of("User", "Profile", "Post", "Comment", "Tag", "_PostToTag", "Setting", "Member");

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.startWithRules(db(), SCHEMA);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private TestServer.Answer as(String user, String method, String path, String body, String... headers) throws Exception {
        return server.as(user, method, path, body, headers);
    }

    /** Every table's rows: for "nothing was written" checks. */
    private List<List<String>> everything() throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (String t : TABLES) {
            all.add(server.dump(t));
        }
        return all;
    }

    private static JsonNode problem(TestServer.Answer a, int status, String code) {
        assertThat(a.status()).as(a.toString()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/problem+json");
        assertThat(a.json().get("code").asText()).as(a.toString()).isEqualTo(code);
        return a.json();
    }

    private static List<String> fields(JsonNode problem) {
        List<String> out = new ArrayList<>();
        problem.path("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    private long id(String user, String path, String body) throws Exception {
        TestServer.Answer a = as(user, "POST", path, body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json().get("id").asLong();
    }

    // ---- array POST

    @Test
    void anArrayPostNestsPerItemAndEachRowEmbedsWhatItWrote() throws Exception {
        long tag = id("alice", "/api/tags", "{\"org\":\"acme\",\"slug\":\"arr\"}");
        TestServer.Answer a = as("alice", "POST", "/api/users", """
                [{"email":"arr1@x.io","name":"One","posts":[{"title":"a1","tags":{"connect":[{"org":"acme","slug":"arr"}]}},{"title":"a2"}]},
                 {"email":"arr2@x.io","name":"Two"},
                 {"email":"arr3@x.io","name":"Three"},
                 {"email":"arr4@x.io","name":"Four","profile":{"create":{"bio":"hi"}}}]
                """);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode rows = a.json();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0).get("email").asText()).isEqualTo("arr1@x.io");
        assertThat(rows.get(0).get("posts")).hasSize(2);
        assertThat(rows.get(0).get("posts").get(0).get("user_id").asText()).as("owner filled on nested rows").isEqualTo("alice");
        assertThat(rows.get(0).get("posts").get(0).get("tags").get(0).get("id").asLong()).isEqualTo(tag);
        assertThat(rows.get(1).has("posts")).as("a plain item embeds nothing").isFalse();
        assertThat(rows.get(2).get("name").asText()).isEqualTo("Three");
        assertThat(rows.get(3).get("profile").get("bio").asText()).isEqualTo("hi");
        // each row is what include shows
        long first = rows.get(0).get("id").asLong();
        JsonNode read = as("alice", "GET", "/api/users/" + first + "?include=posts,posts.tags", null).json();
        assertThat(read).isEqualTo(rows.get(0));
    }

    private static String users(String prefix, int plain, int posts) {
        StringBuilder s = new StringBuilder("[{\"email\":\"" + prefix + "@x.io\",\"name\":\"N\",\"posts\":[");
        for (int i = 0; i < posts; i++) {
            s.append(i == 0 ? "" : ",").append("{\"title\":\"t").append(i).append("\"}");
        }
        s.append("]}");
        for (int i = 0; i < plain; i++) {
            s.append(",{\"email\":\"").append(prefix).append(i).append("@x.io\",\"name\":\"P\"}");
        }
        return s.append(']').toString();
    }

    @Test
    void anArrayPostWithANestedItemCostsNoMoreStatementsForMoreRows() throws Exception {
        server.statements();
        TestServer.Answer small = as("alice", "POST", "/api/users", users("st-small", 3, 3));
        long forSmall = server.statements();
        TestServer.Answer large = as("alice", "POST", "/api/users", users("st-large", 30, 30));
        long forLarge = server.statements();
        assertThat(small.status()).as(small.toString()).isEqualTo(201);
        assertThat(large.status()).as(large.toString()).isEqualTo(201);
        assertThat(large.json()).hasSize(31);
        assertThat(large.json().get(0).get("posts")).hasSize(30);
        assertThat(forLarge).as("the plain items and the nested posts go in multi-row inserts").isEqualTo(forSmall);
    }

    @Test
    void anArrayPostFailingHalfwayWritesNothingAndNamesTheItemAndTheNesting() throws Exception {
        long bobs = id("bob", "/api/posts", "{\"title\":\"bob's\"}");
        List<List<String>> before = everything();
        // a data rule of a post nested in the second item
        JsonNode p = problem(as("alice", "POST", "/api/users", """
                [{"email":"half1@x.io","name":"One","posts":[{"title":"fine"}]},
                 {"email":"half2@x.io","name":"Two","posts":[{"title":"ok"},{"title":"a title far too long for it"}]}]
                """), 422, "validation_failed");
        assertThat(fields(p)).contains("[1].posts[1].title");
        // connecting another owner's post is the same 422 as a missing one, at its place
        p = problem(as("alice", "POST", "/api/users", """
                [{"email":"half3@x.io","name":"Three"},
                 {"email":"half4@x.io","name":"Four","posts":{"connect":[{"id":%d}]}}]
                """.formatted(bobs)), 422, "foreign_key_violation");
        assertThat(fields(p)).containsExactly("[1].posts.connect[0].id");
        // an access rule of a nested create
        TestServer.Answer rule = as("alice", "POST", "/api/users", """
                [{"email":"half5@x.io","name":"Five"},
                 {"email":"half6@x.io","name":"Six","posts":[{"title":"t","tags":{"create":[{"org":"acme","slug":"forbidden"}]}}]}]
                """);
        assertThat(rule.status()).as("a nested row refused by its rules is a bad part of the body: " + rule).isEqualTo(422);
        assertThat(fields(rule.json())).containsExactly("[1].posts[0].tags.create[0]");
        assertThat(rule.json().get("errors").get(0).get("code").asText()).isEqualTo("forbidden");
        // a unique conflict of a plain item after a nested one
        as("alice", "POST", "/api/users", "{\"email\":\"taken@x.io\",\"name\":\"T\"}");
        before = everything();
        p = problem(as("alice", "POST", "/api/users", """
                [{"email":"half7@x.io","name":"Seven","posts":[{"title":"x"}]},
                 {"email":"taken@x.io","name":"Again"}]
                """), 409, "unique_violation");
        assertThat(p.get("detail").asText()).startsWith("item 1");
        assertThat(everything()).isEqualTo(before);
    }

    // ---- collection PATCH

    @Test
    void aCollectionPatchConnectsAndDisconnectsAToOneOnEveryMatchedRowOfTheCaller() throws Exception {
        long ada = id("alice", "/api/users", "{\"email\":\"cp-ada@x.io\",\"name\":\"Ada\"}");
        id("alice", "/api/posts", "{\"title\":\"cp-1\"}");
        id("alice", "/api/posts", "{\"title\":\"cp-2\"}");
        long bobs = id("bob", "/api/posts", "{\"title\":\"cp-3\"}");
        TestServer.Answer a = as("alice", "PATCH", "/api/posts?title__startswith=cp-", "{\"author\":{\"connect\":{\"email\":\"cp-ada@x.io\"}}}");
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        assertThat(a.json().get("count").asInt()).as("owner scoping: bob's post is not matched").isEqualTo(2);
        JsonNode mine = as("alice", "GET", "/api/posts?title__startswith=cp-", null).json().get("data");
        assertThat(mine).hasSize(2);
        mine.forEach(p -> assertThat(p.get("author_id").asLong()).isEqualTo(ada));
        assertThat(as("bob", "GET", "/api/posts/" + bobs, null).json().get("author_id").isNull()).isTrue();

        a = as("alice", "PATCH", "/api/posts?title__startswith=cp-", "{\"title\":\"cp-x\",\"author\":{\"disconnect\":true}}");
        assertThat(a.json().get("count").asInt()).as(a.toString()).isEqualTo(2);
        as("alice", "GET", "/api/posts?title__startswith=cp-", null).json().get("data")
                .forEach(p -> assertThat(p.get("author_id").isNull()).isTrue());
    }

    @Test
    void aCollectionPatchRefusesWhatIsNotAColumnWriteAndChangesNothing() throws Exception {
        id("bob", "/api/users", "{\"email\":\"cr-bob@x.io\",\"name\":\"Bob\"}");
        long post = id("alice", "/api/posts", "{\"title\":\"cr-1\"}");
        id("alice", "/api/comments", "{\"text\":\"c\",\"post_id\":" + post + "}");
        List<List<String>> before = everything();
        // a user the caller cannot read is the same 422 as a missing one
        JsonNode p = problem(as("alice", "PATCH", "/api/posts?title=cr-1", "{\"author\":{\"connect\":{\"email\":\"cr-bob@x.io\"}}}"),
                422, "foreign_key_violation");
        assertThat(fields(p)).containsExactly("author.connect.email");
        JsonNode missing = problem(as("alice", "PATCH", "/api/posts?title=cr-1", "{\"author\":{\"connect\":{\"email\":\"nobody@x.io\"}}}"),
                422, "foreign_key_violation");
        assertThat(fields(missing)).isEqualTo(fields(p));
        assertThat(missing.get("errors").get(0).get("code").asText()).isEqualTo(p.get("errors").get(0).get("code").asText()).isEqualTo("not_found");
        // create, to-many, many-to-many: refused at the relation field, pointing to a PATCH per row or a batch
        for (String[] refused : new String[][]{
                {"/api/posts?title=cr-1", "{\"author\":{\"create\":{\"email\":\"n@x.io\",\"name\":\"N\"}}}", "author"},
                {"/api/users?email=cr-bob@x.io", "{\"posts\":[{\"title\":\"x\"}]}", "posts"},
                {"/api/users?email=cr-bob@x.io", "{\"profile\":{\"connect\":{\"id\":1}}}", "profile"},
                {"/api/posts?title=cr-1", "{\"tags\":{\"connect\":[{\"id\":1}]}}", "tags"},
                {"/api/comments?text=c", "{\"post\":{\"disconnect\":true}}", "post.disconnect"},
                {"/api/posts?title=cr-1", "{\"author_id\":1,\"author\":{\"disconnect\":true}}", "author_id"}}) {
            JsonNode r = problem(as("alice", "PATCH", refused[0], refused[1]), 422, "validation_failed");
            assertThat(r.get("errors").get(0).get("field").asText()).as(r.toString()).isEqualTo(refused[2]);
            assertThat(r.get("errors").get(0).get("code").asText()).isEqualTo("invalid_nested_write");
        }
        JsonNode create = problem(as("alice", "PATCH", "/api/posts?title=cr-1", "{\"author\":{\"create\":{\"email\":\"n@x.io\",\"name\":\"N\"}}}"),
                422, "validation_failed");
        assertThat(create.get("errors").get(0).get("message").asText()).contains("PATCH each row").contains("/api/batch");
        assertThat(everything()).isEqualTo(before);
    }

    // ---- POST /api/batch

    @Test
    void aBatchTakesEveryWriteFormWithTheRoutesAnswers() throws Exception {
        long post = id("alice", "/api/posts", "{\"title\":\"b-1\"}");
        TestServer.Answer a = as("alice", "POST", "/api/batch", """
                [{"method":"POST","path":"/api/users","body":{"email":"b-ada@x.io","name":"Ada","posts":[{"title":"b-2"}]}},
                 {"method":"PATCH","path":"/api/posts/%d","body":{"author":{"connect":{"email":"b-ada@x.io"}},"comments":{"create":[{"text":"hey"}]}}},
                 {"method":"POST","path":"/api/users","body":[{"email":"b-bea@x.io","name":"Bea","profile":{"create":{"bio":"b"}}},{"email":"b-cy@x.io","name":"Cy"}]},
                 {"method":"PATCH","path":"/api/posts","body":[{"id":%d,"title":"b-1 again"}]},
                 {"method":"PUT","path":"/api/settings/b-theme","body":{"value":"dark"},"if_none_match":"*"},
                 {"method":"PUT","path":"/api/settings/b-theme","body":{"value":"light"}},
                 {"method":"POST","path":"/api/members?on_conflict=email","body":{"email":"b-m@x.io","name":"M"},"prefer":"resolution=merge-duplicates"},
                 {"method":"POST","path":"/api/members?on_conflict=email","body":[{"email":"b-m@x.io","name":"M2"},{"email":"b-n@x.io","name":"N"}],"prefer":"resolution=merge-duplicates"},
                 {"method":"POST","path":"/api/members?on_conflict=email","body":{"email":"b-m@x.io","name":"M3"},"prefer":"resolution=ignore-duplicates"},
                 {"method":"PATCH","path":"/api/posts?title__startswith=b-","body":{"author":{"disconnect":true}}}]
                """.formatted(post, post));
        assertThat(a.status()).as(a.toString()).isEqualTo(200);
        JsonNode r = a.json();
        assertThat(r).hasSize(10);
        assertThat(r.get(0).get("status").asInt()).isEqualTo(201);
        assertThat(r.get(0).get("body").get("posts").get(0).get("title").asText()).isEqualTo("b-2");
        assertThat(r.get(1).get("status").asInt()).isEqualTo(200);
        assertThat(r.get(1).get("body").get("author").get("email").asText()).isEqualTo("b-ada@x.io");
        assertThat(r.get(1).get("body").get("comments").get(0).get("text").asText()).isEqualTo("hey");
        assertThat(r.get(2).get("status").asInt()).isEqualTo(201);
        assertThat(r.get(2).get("body").get(0).get("profile").get("bio").asText()).isEqualTo("b");
        assertThat(r.get(2).get("body").get(1).get("name").asText()).isEqualTo("Cy");
        assertThat(r.get(3).get("status").asInt()).isEqualTo(200);
        assertThat(r.get(3).get("body").get(0).get("title").asText()).isEqualTo("b-1 again");
        assertThat(r.get(4).get("status").asInt()).isEqualTo(201);
        assertThat(r.get(5).get("status").asInt()).isEqualTo(200);
        assertThat(r.get(5).get("body").get("value").asText()).isEqualTo("light");
        assertThat(r.get(6).get("status").asInt()).isEqualTo(201);
        assertThat(r.get(6).get("upsert").toString()).isEqualTo("[\"created\"]");
        assertThat(r.get(7).get("status").asInt()).isEqualTo(200);
        assertThat(r.get(7).get("upsert").toString()).isEqualTo("[\"updated\",\"created\"]");
        assertThat(r.get(7).get("body")).hasSize(2);
        assertThat(r.get(8).get("status").asInt()).isEqualTo(204);
        assertThat(r.get(8).has("body")).isFalse();
        assertThat(r.get(8).get("upsert").toString()).isEqualTo("[\"ignored\"]");
        assertThat(r.get(9).get("body").get("count").asInt()).isEqualTo(2);
        assertThat(r.get(0).has("upsert")).isFalse();
        // all of it is stored, under the caller
        assertThat(as("alice", "GET", "/api/settings/b-theme", null).json().get("value").asText()).isEqualTo("light");
        assertThat(as("alice", "GET", "/api/members?email=b-m@x.io", null).json().get("data").get(0).get("name").asText()).isEqualTo("M2");
        assertThat(as("bob", "GET", "/api/settings/b-theme", null).status()).isEqualTo(404);
    }

    @Test
    void aBatchFailingHalfwayWritesNothingAndPointsIntoTheOperationsBody() throws Exception {
        as("alice", "PUT", "/api/settings/f-font", "{\"value\":\"serif\"}");
        id("bob", "/api/members", "{\"email\":\"f-bob@x.io\",\"name\":\"Bob\"}");
        List<List<String>> before = everything();
        String ok = """
                {"method":"POST","path":"/api/users","body":{"email":"f-ada@x.io","name":"Ada","posts":[{"title":"f-1"}]}},
                {"method":"PUT","path":"/api/settings/f-new","body":{"value":"v"}},
                {"method":"POST","path":"/api/members?on_conflict=email","body":{"email":"f-m@x.io","name":"M"},"prefer":"resolution=merge-duplicates"},
                """;
        // a nested item of an array POST
        JsonNode p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"POST","path":"/api/users","body":[{"email":"f-bea@x.io","name":"Bea"},{"email":"f-cy@x.io","name":"Cy","posts":[{"title":"a title far too long for it"}]}]}]
                """), 422, "validation_failed");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        assertThat(fields(p)).contains("[1].posts[0].title");
        // a nested PATCH connecting a row the caller cannot read
        long bobs = id("bob", "/api/users", "{\"email\":\"f-bobu@x.io\",\"name\":\"Bob\"}");
        before = everything();
        p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"POST","path":"/api/posts","body":{"title":"f-2","author":{"connect":{"id":%d}}}}]
                """.formatted(bobs)), 422, "foreign_key_violation");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        assertThat(fields(p)).containsExactly("author.connect.id");
        // create-only on a row that exists
        p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"PUT","path":"/api/settings/f-font","body":{"value":"mono"},"if_none_match":"*"}]
                """), 412, "precondition_failed");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        // a merge onto another owner's row: the documented 409, nothing of the row shown
        p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"POST","path":"/api/members?on_conflict=email","body":{"email":"f-bob@x.io","name":"Mine"},"prefer":"resolution=merge-duplicates"}]
                """), 409, "unique_violation");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        assertThat(p.toString()).doesNotContain("\"Bob\"");
        // a collection PATCH with a create
        p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"PATCH","path":"/api/posts?title=f-1","body":{"author":{"create":{"email":"x@x.io","name":"X"}}}}]
                """), 422, "validation_failed");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        assertThat(fields(p)).containsExactly("author");
        // a unique conflict of an array item: the item is named
        p = problem(as("alice", "POST", "/api/batch", "[" + ok + """
                {"method":"POST","path":"/api/users","body":[{"email":"f-dee@x.io","name":"Dee"},{"email":"f-ada@x.io","name":"Twice"}]}]
                """), 409, "unique_violation");
        assertThat(p.get("operation").asInt()).isEqualTo(3);
        assertThat(p.get("detail").asText()).contains("item 1");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aBatchRefusesBadUpsertMembersAsTheRoutesRefuseTheirHeaders() throws Exception {
        List<List<String>> before = everything();
        JsonNode p = problem(as("alice", "POST", "/api/batch", """
                [{"method":"POST","path":"/api/members?on_conflict=email","body":{"email":"u@x.io","name":"U"}}]
                """), 400, "invalid_parameter");
        assertThat(fields(p)).containsExactly("prefer");
        p = problem(as("alice", "POST", "/api/batch", """
                [{"method":"PUT","path":"/api/settings/u","body":{"value":"v"},"if_none_match":"\\"abc\\""}]
                """), 400, "invalid_parameter");
        assertThat(fields(p)).containsExactly("if_none_match");
        p = problem(as("alice", "POST", "/api/batch", """
                [{"method":"POST","path":"/api/members?limit=3","body":{"email":"u@x.io","name":"U"}}]
                """), 400, "invalid_parameter");
        assertThat(fields(p)).containsExactly("limit");
        // the route answers the same without the header
        assertThat(fields(problem(as("alice", "POST", "/api/members?on_conflict=email", "{\"email\":\"u@x.io\",\"name\":\"U\"}"),
                400, "invalid_parameter"))).containsExactly("Prefer");
        assertThat(everything()).isEqualTo(before);
    }
}
