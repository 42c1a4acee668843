package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.auth.AuthConfig;
import dev.plinth.auth.TokenIssuer;
import dev.plinth.auth.TokenVerifier;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.SchemaResult;
import dev.plinth.schema.policy.SchemaPolicy;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nested writes on create (docs/api.md, "Nested writes"), the same on SQLite and PostgreSQL: to-one
 * {@code connect}/{@code create}, to-many arrays and {@code {"create", "connect"}}, many-to-many links,
 * nesting three deep; owner scoping (users, posts and comments are owner-scoped by {@code user_id}), an
 * access rule (tags) and data rules (post titles) apply to every nested row; a failure anywhere writes
 * nothing and names its place in the body; the statement count does not grow with the rows of one level.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class NestedWritesContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./blog.db"
            }

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
              id         Int       @id @default(autoincrement())
              title      String    @length(1, 20)
              author     User?     @relation(fields: [author_id], references: [id])
              author_id  Int?
              user_id    String
              created_at DateTime  @default(now())
              comments   Comment[]
              tags       Tag[]
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
            """;

    static final String SECRET = "plinth-nested-secret-0123456789abcdef-0123456789";

    abstract TestServer.Db db();

    private ServedApi served;
    private PostgresTestDatabase pg;
    private DatabaseTarget target;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final TokenIssuer issuer = new TokenIssuer(SECRET.getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    void start() throws Exception {
        SchemaResult r = SchemaLoader.parse("schema.prisma", SCHEMA);
        assertThat(r.schema()).as(r.errors().toString()).isPresent();
        Path dir = Files.createTempDirectory("plinth-nested");
        pg = db() == TestServer.Db.POSTGRESQL ? PostgresTestDatabase.create() : null;
        target = pg != null ? DatabaseTarget.parse(pg.url(), dir) : DatabaseTarget.parse("file:" + dir.resolve("test.db"), dir);
        served = ServedApi.start(r.schema().get(), SchemaPolicy.of(r), dev.plinth.api.access.ClaimNames.DEFAULT, target, false,
                new Authenticator(Optional.of(TokenVerifier.create(AuthConfig.from(Map.of(AuthConfig.SECRET_VARIABLE, SECRET), null, null, false))), false),
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.of(SECRET.getBytes(StandardCharsets.UTF_8))),
                dev.plinth.api.store.CountingDatabase::new);
    }

    @AfterAll
    void stop() {
        if (served != null) {
            served.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    TestServer.Answer send(String user, String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(served.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        b.header("Authorization", "Bearer " + issuer.issue(user, Map.of(), Duration.ofHours(1)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> a = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new TestServer.Answer(a.statusCode(), a.headers().map(), a.body());
    }

    long statements() {
        dev.plinth.api.store.CountingDatabase counting = (dev.plinth.api.store.CountingDatabase) served.database();
        long n = counting.statements();
        counting.reset();
        return n;
    }

    List<String> dump(String table) throws Exception {
        try (Connection c = pg != null ? pg.connect() : DriverManager.getConnection(target.jdbcUrl());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
            List<String> rows = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(rs.getString(i)).append('|');
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** Every table's rows: for "nothing was written" checks. */
    List<List<String>> everything() throws Exception {
        List<List<String>> all = new ArrayList<>();
        for (String t : List.of("User", "Profile", "Post", "Comment", "Tag", "_PostToTag")) {
            all.add(dump(t));
        }
        return all;
    }

    static JsonNode created(TestServer.Answer a) {
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    static String posts(int n, String prefix) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            s.append(i == 0 ? "" : ",").append("{\"title\":\"").append(prefix).append(i).append("\"}");
        }
        return s.append(']').toString();
    }

    @Test
    void aToManyArrayIsOneMultiRowInsertWhateverItsLengthAndTheAnswerEmbedsIt() throws Exception {
        statements();
        JsonNode three = created(send("alice", "POST", "/api/users",
                "{\"email\":\"ada@x.io\",\"name\":\"Ada\",\"posts\":" + posts(3, "p") + "}"));
        long forThree = statements();
        JsonNode thirty = created(send("alice", "POST", "/api/users",
                "{\"email\":\"bea@x.io\",\"name\":\"Bea\",\"posts\":" + posts(30, "q") + "}"));
        long forThirty = statements();
        assertThat(forThirty).as("statements do not grow with the rows of one level").isEqualTo(forThree);
        // insert user, check the posts' reference, savepoint, one insert of the posts, release, embed
        assertThat(forThree).isLessThanOrEqualTo(6);
        assertThat(three.get("user_id").asText()).isEqualTo("alice");
        assertThat(three.get("posts")).hasSize(3);
        for (int i = 0; i < 3; i++) {
            JsonNode p = three.get("posts").get(i);
            assertThat(p.get("title").asText()).isEqualTo("p" + i);
            assertThat(p.get("author_id").asLong()).isEqualTo(three.get("id").asLong());
            assertThat(p.get("user_id").asText()).as("owner filled on nested rows").isEqualTo("alice");
            assertThat(p.get("created_at").isNull()).as("defaults on nested rows").isFalse();
        }
        assertThat(thirty.get("posts")).hasSize(30);
        // the answer is what include shows
        JsonNode read = send("alice", "GET", "/api/users/" + three.get("id").asLong() + "?include=posts", null).json();
        assertThat(read).isEqualTo(three);
    }

    @Test
    void nestingThreeDeepWithAOneToOneAndManyToManyCreatesEverythingInOrder() throws Exception {
        JsonNode user = created(send("alice", "POST", "/api/users", """
                {"email":"deep@x.io","name":"Deep",
                 "profile":{"create":{"bio":"hello"}},
                 "posts":{"create":[
                   {"title":"one","comments":[{"text":"c1"},{"text":"c2"}],
                    "tags":{"create":[{"org":"o","slug":"deep-a"}]}},
                   {"title":"two"}]}}
                """));
        assertThat(user.get("profile").get("bio").asText()).isEqualTo("hello");
        assertThat(user.get("profile").get("user_ref").asLong()).isEqualTo(user.get("id").asLong());
        JsonNode one = user.get("posts").get(0);
        assertThat(one.get("title").asText()).isEqualTo("one");
        assertThat(one.get("comments")).hasSize(2);
        assertThat(one.get("comments").get(1).get("text").asText()).isEqualTo("c2");
        assertThat(one.get("comments").get(0).get("post_id").asLong()).isEqualTo(one.get("id").asLong());
        assertThat(one.get("comments").get(0).get("user_id").asText()).isEqualTo("alice");
        assertThat(one.get("tags")).hasSize(1);
        assertThat(one.get("tags").get(0).get("slug").asText()).isEqualTo("deep-a");
        assertThat(user.get("posts").get(1).get("comments")).isEmpty();
        JsonNode tagged = send("alice", "GET", "/api/tags?slug=deep-a&include=posts", null).json().get("data").get(0);
        assertThat(tagged.get("posts").get(0).get("id").asLong()).isEqualTo(one.get("id").asLong());
    }

    @Test
    void connectFindsARowByPrimaryKeyAnyUniqueOrACompoundUnique() throws Exception {
        JsonNode ada = created(send("alice", "POST", "/api/users", "{\"email\":\"c1@x.io\",\"name\":\"C1\"}"));
        JsonNode tag = created(send("alice", "POST", "/api/tags", "{\"org\":\"acme\",\"slug\":\"news\"}"));
        JsonNode byEmail = created(send("alice", "POST", "/api/posts",
                "{\"title\":\"by email\",\"author\":{\"connect\":{\"email\":\"c1@x.io\"}},"
                        + "\"tags\":{\"connect\":[{\"org\":\"acme\",\"slug\":\"news\"}]}}"));
        assertThat(byEmail.get("author_id").asLong()).isEqualTo(ada.get("id").asLong());
        assertThat(byEmail.get("author").get("email").asText()).isEqualTo("c1@x.io");
        assertThat(byEmail.get("tags").get(0).get("id").asLong()).isEqualTo(tag.get("id").asLong());
        JsonNode byId = created(send("alice", "POST", "/api/posts",
                "{\"title\":\"by id\",\"author\":{\"connect\":{\"id\":" + ada.get("id").asLong() + "}},"
                        + "\"tags\":{\"connect\":{\"org_slug\":{\"org\":\"acme\",\"slug\":\"news\"}}}}"));
        assertThat(byId.get("author").get("id").asLong()).isEqualTo(ada.get("id").asLong());
        assertThat(byId.get("tags")).hasSize(1);
    }

    @Test
    void aToManyConnectMovesTheCallersOwnRowsAndNotAnotherOwners() throws Exception {
        JsonNode loose = created(send("alice", "POST", "/api/posts", "{\"title\":\"loose\"}"));
        JsonNode bobs = created(send("bob", "POST", "/api/posts", "{\"title\":\"bob's\"}"));
        JsonNode user = created(send("alice", "POST", "/api/users",
                "{\"email\":\"mover@x.io\",\"name\":\"M\",\"posts\":{\"connect\":[{\"id\":" + loose.get("id").asLong() + "}],"
                        + "\"create\":[{\"title\":\"fresh\"}]}}"));
        assertThat(user.get("posts")).hasSize(2);
        assertThat(send("alice", "GET", "/api/posts/" + loose.get("id").asLong(), null).json().get("author_id").asLong())
                .isEqualTo(user.get("id").asLong());
        List<List<String>> before = everything();
        TestServer.Answer refused = send("alice", "POST", "/api/users",
                "{\"email\":\"thief@x.io\",\"name\":\"T\",\"posts\":{\"connect\":[{\"id\":" + bobs.get("id").asLong() + "}]}}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.json().get("errors").get(0).get("field").asText()).isEqualTo("posts.connect[0].id");
        TestServer.Answer missing = send("alice", "POST", "/api/users",
                "{\"email\":\"thief@x.io\",\"name\":\"T\",\"posts\":{\"connect\":[{\"id\":999999}]}}");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("code")).isEqualTo(refused.json().get("code"));
        assertThat(missing.json().get("errors").get(0).get("code")).isEqualTo(refused.json().get("errors").get(0).get("code"));
        assertThat(everything()).as("nothing written").isEqualTo(before);
    }

    @Test
    void connectingAnotherOwnersRowIsTheSame422AsAMissingRow() throws Exception {
        created(send("bob", "POST", "/api/users", "{\"email\":\"bob@x.io\",\"name\":\"Bob\"}"));
        List<List<String>> before = everything();
        TestServer.Answer hidden = send("alice", "POST", "/api/posts", "{\"title\":\"t\",\"author\":{\"connect\":{\"email\":\"bob@x.io\"}}}");
        TestServer.Answer missing = send("alice", "POST", "/api/posts", "{\"title\":\"t\",\"author\":{\"connect\":{\"email\":\"nobody@x.io\"}}}");
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(422);
        assertThat(hidden.json().get("code").asText()).isEqualTo("foreign_key_violation");
        assertThat(hidden.json().get("errors").get(0).get("field").asText()).isEqualTo("author.connect.email");
        assertThat(missing.status()).isEqualTo(422);
        assertThat(missing.json().get("errors").get(0).get("code")).isEqualTo(hidden.json().get("errors").get(0).get("code"));
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aBadNestedRowFailsTheWholeRequestWithItsPath() throws Exception {
        List<List<String>> before = everything();
        // data rule (@length) on the second post
        TestServer.Answer tooLong = send("alice", "POST", "/api/users",
                "{\"email\":\"v@x.io\",\"name\":\"V\",\"posts\":[{\"title\":\"ok\"},{\"title\":\"" + "x".repeat(30) + "\"}]}");
        assertThat(tooLong.status()).as(tooLong.toString()).isEqualTo(422);
        assertThat(tooLong.json().get("errors").get(0).get("field").asText()).isEqualTo("posts[1].title");
        // body reader: a missing required field, two levels down
        TestServer.Answer required = send("alice", "POST", "/api/users",
                "{\"email\":\"v@x.io\",\"name\":\"V\",\"posts\":[{\"title\":\"ok\",\"comments\":[{}]}]}");
        assertThat(required.status()).as(required.toString()).isEqualTo(422);
        assertThat(required.json().get("errors").get(0).get("field").asText()).isEqualTo("posts[0].comments[0].text");
        // a unique conflict met after the user was inserted
        created(send("alice", "POST", "/api/users", "{\"email\":\"ada2@x.io\",\"name\":\"Ada2\"}"));
        before = everything();
        // a row nested under its parent may not name that parent itself
        TestServer.Answer parent = send("alice", "POST", "/api/users",
                "{\"email\":\"fresh@x.io\",\"name\":\"F\",\"posts\":[{\"title\":\"p\",\"author\":{\"create\":{\"email\":\"x\",\"name\":\"x\"}}}]}");
        assertThat(parent.status()).as(parent.toString()).isEqualTo(422);
        assertThat(parent.json().get("errors").get(0).get("field").asText()).isEqualTo("posts[0].author");
        // a unique conflict met after the post was inserted
        TestServer.Answer dup = send("alice", "POST", "/api/posts",
                "{\"title\":\"u\",\"comments\":[{\"text\":\"a\"}],\"author\":{\"create\":{\"email\":\"ada2@x.io\",\"name\":\"again\"}}}");
        assertThat(dup.status()).as(dup.toString()).isEqualTo(409);
        assertThat(dup.json().get("errors").get(0).get("field").asText()).isEqualTo("author.create.email");
        // the access rule of tags refuses a nested row after its post was inserted
        TestServer.Answer rule = send("alice", "POST", "/api/posts",
                "{\"title\":\"r\",\"tags\":[{\"org\":\"o\",\"slug\":\"fine\"},{\"org\":\"o\",\"slug\":\"forbidden\"}]}");
        assertThat(rule.status()).as("a nested row a create rule refuses is a bad part of the body: " + rule).isEqualTo(422);
        assertThat(rule.json().get("errors").get(0).get("field").asText()).isEqualTo("tags[1]");
        assertThat(rule.json().get("errors").get(0).get("code").asText()).isEqualTo("forbidden");
        // the same rule on a row sent to its own route is the caller's 403
        TestServer.Answer alone = send("alice", "POST", "/api/tags", "{\"org\":\"o\",\"slug\":\"forbidden\"}");
        assertThat(alone.status()).as(alone.toString()).isEqualTo(403);
        // shapes
        TestServer.Answer shape = send("alice", "POST", "/api/users", "{\"email\":\"s@x.io\",\"name\":\"S\",\"posts\":5}");
        assertThat(shape.status()).isEqualTo(422);
        assertThat(shape.json().get("errors").get(0).get("code").asText()).isEqualTo("invalid_nested_write");
        TestServer.Answer notUnique = send("alice", "POST", "/api/posts", "{\"title\":\"n\",\"author\":{\"connect\":{\"name\":\"Ada\"}}}");
        assertThat(notUnique.status()).isEqualTo(422);
        assertThat(notUnique.json().get("errors").get(0).get("field").asText()).isEqualTo("author.connect");
        assertThat(everything()).as("nothing written by any failed request").isEqualTo(before);
    }

    @Test
    void aPatchConnectsDisconnectsAndCreatesAToOneRow() throws Exception {
        created(send("alice", "POST", "/api/users", "{\"email\":\"to1@x.io\",\"name\":\"To1\"}"));
        long post = created(send("alice", "POST", "/api/posts", "{\"title\":\"lonely\"}")).get("id").asLong();
        TestServer.Answer connected = send("alice", "PATCH", "/api/posts/" + post,
                "{\"title\":\"paired\",\"author\":{\"connect\":{\"email\":\"to1@x.io\"}}}");
        assertThat(connected.status()).as(connected.toString()).isEqualTo(200);
        assertThat(connected.json().get("title").asText()).isEqualTo("paired");
        assertThat(connected.json().get("author").get("email").asText()).isEqualTo("to1@x.io");
        TestServer.Answer dropped = send("alice", "PATCH", "/api/posts/" + post, "{\"author\":{\"disconnect\":true}}");
        assertThat(dropped.status()).as(dropped.toString()).isEqualTo(200);
        assertThat(dropped.json().get("author_id").isNull()).isTrue();
        assertThat(dropped.json().get("author").isNull()).isTrue();
        TestServer.Answer made = send("alice", "PATCH", "/api/posts/" + post,
                "{\"author\":{\"create\":{\"email\":\"made@x.io\",\"name\":\"Made\"}}}");
        assertThat(made.status()).as(made.toString()).isEqualTo(200);
        assertThat(made.json().get("author").get("user_id").asText()).isEqualTo("alice");
        assertThat(made.json().get("author_id").asLong()).isEqualTo(made.json().get("author").get("id").asLong());
        // the far side of a one-to-one whose foreign key is required cannot let its row go
        long user = made.json().get("author_id").asLong();
        assertThat(send("alice", "PATCH", "/api/users/" + user, "{\"profile\":{\"create\":{\"bio\":\"b\"}}}").status()).isEqualTo(200);
        List<List<String>> before = everything();
        TestServer.Answer required = send("alice", "PATCH", "/api/users/" + user, "{\"profile\":{\"disconnect\":true}}");
        assertThat(required.status()).as(required.toString()).isEqualTo(422);
        assertThat(required.json().get("errors").get(0).get("field").asText()).isEqualTo("profile.disconnect");
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void aPatchSetsDisconnectsAndCreatesToManyAndManyToManyRowsAllOrNothing() throws Exception {
        JsonNode user = created(send("alice", "POST", "/api/users",
                "{\"email\":\"set@x.io\",\"name\":\"Set\",\"posts\":[{\"title\":\"a\"},{\"title\":\"b\"},{\"title\":\"c\"}]}"));
        long id = user.get("id").asLong();
        long a = user.get("posts").get(0).get("id").asLong();
        long b = user.get("posts").get(1).get("id").asLong();
        long c = user.get("posts").get(2).get("id").asLong();
        TestServer.Answer out = send("alice", "PATCH", "/api/users/" + id, "{\"posts\":{\"disconnect\":[{\"id\":" + c + "}]}}");
        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.json().get("posts")).hasSize(2);
        assertThat(send("alice", "GET", "/api/posts/" + c, null).json().get("author_id").isNull()).isTrue();
        TestServer.Answer set = send("alice", "PATCH", "/api/users/" + id,
                "{\"name\":\"Set2\",\"posts\":{\"set\":[{\"id\":" + a + "},{\"id\":" + c + "}],\"create\":[{\"title\":\"d\"}]}}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().get("name").asText()).isEqualTo("Set2");
        List<String> titles = new ArrayList<>();
        set.json().get("posts").forEach(p -> titles.add(p.get("title").asText()));
        assertThat(titles).containsExactly("a", "c", "d");
        assertThat(send("alice", "GET", "/api/posts/" + b, null).json().get("author_id").isNull()).isTrue();
        // many-to-many: set, then disconnect
        created(send("alice", "POST", "/api/tags", "[{\"org\":\"m\",\"slug\":\"one\"},{\"org\":\"m\",\"slug\":\"two\"}]"));
        TestServer.Answer tags = send("alice", "PATCH", "/api/posts/" + a,
                "{\"tags\":{\"connect\":[{\"org\":\"m\",\"slug\":\"one\"}],\"create\":[{\"org\":\"m\",\"slug\":\"three\"}]}}");
        assertThat(tags.status()).as(tags.toString()).isEqualTo(200);
        assertThat(tags.json().get("tags")).hasSize(2);
        TestServer.Answer setTags = send("alice", "PATCH", "/api/posts/" + a, "{\"tags\":{\"set\":[{\"org\":\"m\",\"slug\":\"two\"}]}}");
        assertThat(setTags.status()).as(setTags.toString()).isEqualTo(200);
        assertThat(setTags.json().get("tags")).hasSize(1);
        assertThat(setTags.json().get("tags").get(0).get("slug").asText()).isEqualTo("two");
        TestServer.Answer noTags = send("alice", "PATCH", "/api/posts/" + a, "{\"tags\":{\"disconnect\":[{\"org\":\"m\",\"slug\":\"two\"}]}}");
        assertThat(noTags.json().get("tags")).isEmpty();
        // another owner's row in a set, or a bad new row after the set: nothing changes
        long bobs = created(send("bob", "POST", "/api/posts", "{\"title\":\"bob's\"}")).get("id").asLong();
        List<List<String>> before = everything();
        TestServer.Answer hidden = send("alice", "PATCH", "/api/users/" + id, "{\"name\":\"X\",\"posts\":{\"set\":[{\"id\":" + bobs + "}]}}");
        assertThat(hidden.status()).as(hidden.toString()).isEqualTo(422);
        assertThat(hidden.json().get("errors").get(0).get("field").asText()).isEqualTo("posts.set[0].id");
        TestServer.Answer bad = send("alice", "PATCH", "/api/users/" + id,
                "{\"name\":\"X\",\"posts\":{\"set\":[],\"create\":[{\"title\":\"" + "x".repeat(30) + "\"}]}}");
        assertThat(bad.status()).as(bad.toString()).isEqualTo(422);
        assertThat(bad.json().get("errors").get(0).get("field").asText()).isEqualTo("posts.create[0].title");
        TestServer.Answer notLinked = send("alice", "PATCH", "/api/users/" + id, "{\"posts\":{\"disconnect\":[{\"id\":" + b + "}]}}");
        assertThat(notLinked.status()).isEqualTo(422);
        assertThat(notLinked.json().get("errors").get(0).get("field").asText()).isEqualTo("posts.disconnect[0]");
        assertThat(everything()).as("nothing written by a failed PATCH").isEqualTo(before);
    }

    @Test
    void aPatchCreatingToManyRowsCostsTheSameForTwoOrTwenty() throws Exception {
        long id = created(send("alice", "POST", "/api/users", "{\"email\":\"count@x.io\",\"name\":\"Count\"}")).get("id").asLong();
        statements();
        TestServer.Answer two = send("alice", "PATCH", "/api/users/" + id, "{\"posts\":{\"create\":" + posts(2, "s") + "}}");
        long forTwo = statements();
        TestServer.Answer twenty = send("alice", "PATCH", "/api/users/" + id, "{\"posts\":{\"create\":" + posts(20, "t") + "}}");
        long forTwenty = statements();
        assertThat(two.status()).as(two.toString()).isEqualTo(200);
        assertThat(twenty.json().get("posts")).hasSize(22);
        assertThat(forTwenty).isEqualTo(forTwo);
    }

    @Test
    void aPlainCreateIsUnchanged() throws Exception {
        statements();
        created(send("alice", "POST", "/api/users", "{\"email\":\"plain@x.io\",\"name\":\"Plain\"}"));
        assertThat(statements()).isEqualTo(1);
    }
}
