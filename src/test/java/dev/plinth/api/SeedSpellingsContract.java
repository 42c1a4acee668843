package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.migrate.Introspector;
import dev.plinth.migrate.MigrationPlan;
import dev.plinth.migrate.Migrator;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;
import dev.plinth.sql.ddl.TableSnapshot;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A schema in the Prisma data-model spec's spellings (docs/schema.md, "The data-model spec's spellings") served
 * end to end: {@code between()} defaults generated in range, {@code @createdAt} set by the server, {@code @field}
 * and {@code Red = "RED"} naming what the database stores, a type alias, and the foreign keys Plinth adds for
 * {@code author User} working through creates, includes, relation filters and nested routes. Run on SQLite and
 * PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeedSpellingsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            type Label = String @pg.varchar(40)

            enum Color {
              Red = "RED"
              Green = "GREEN"
            }

            model User {
              id     Int      @id @default(autoincrement())
              name   Label    @field("display_name")
              luck   Int      @default(between([1, 5]))
              weight Float    @default(between(0.5, 2.5))
              joined DateTime @createdAt
              posts  Post[]
            }

            model Post {
              id     Int    @id @default(autoincrement())
              title  String
              color  Color  @default(Red)
              author User
            }

            model Comment {
              id   Int    @id @default(autoincrement())
              body String
              post Post?
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

    private JsonNode created(String path, String body) throws Exception {
        TestServer.Answer a = server.as("alice", "POST", path, body);
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        return a.json();
    }

    private long count(String table) throws Exception {
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            r.next();
            return r.getLong(1);
        }
    }

    @Test
    void betweenDefaultsAreDrawnInTheirRangeOnEachInsert() throws Exception {
        Set<Integer> lucks = new HashSet<>();
        Set<Double> weights = new HashSet<>();
        for (int i = 0; i < 40; i++) {
            JsonNode row = created("/api/users", "{\"display_name\":\"u" + i + "\"}");
            assertThat(row.get("luck").isIntegralNumber()).as(row.toString()).isTrue();
            assertThat(row.get("luck").asInt()).isBetween(1, 5);
            assertThat(row.get("weight").asDouble()).isBetween(0.5, 2.5);
            lucks.add(row.get("luck").asInt());
            weights.add(row.get("weight").asDouble());
        }
        assertThat(lucks).as("random, not one value").hasSizeGreaterThan(1);
        assertThat(weights).as("random, not one value").hasSizeGreaterThan(1);
        JsonNode given = created("/api/users", "{\"display_name\":\"given\",\"luck\":9,\"weight\":7.5}");
        assertThat(given.get("luck").asInt()).as("a value in the request wins").isEqualTo(9);
        assertThat(given.get("weight").asDouble()).isEqualTo(7.5);
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT MIN(\"luck\"), MAX(\"luck\") FROM \"User\" WHERE \"display_name\" <> 'given'")) {
            r.next();
            assertThat(r.getInt(1)).as("stored").isGreaterThanOrEqualTo(1);
            assertThat(r.getInt(2)).as("stored").isLessThanOrEqualTo(5);
        }
    }

    @Test
    void createdAtIsSetByTheServerAndFieldNamesTheColumn() throws Exception {
        Instant before = Instant.now().minus(Duration.ofMinutes(1));
        JsonNode row = created("/api/users", "{\"display_name\":\"Ann\"}");
        assertThat(Instant.parse(row.get("joined").asText())).isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(1)));
        assertThat(row.get("display_name").asText()).isEqualTo("Ann");
        assertThat(row.has("name")).as("the API speaks column names").isFalse();
        TestServer.Answer forged = server.as("alice", "POST", "/api/users", "{\"display_name\":\"Forger\",\"joined\":\"2001-01-01T00:00:00Z\"}");
        if (forged.status() == 201) {
            assertThat(Instant.parse(forged.json().get("joined").asText())).as("the client cannot set it").isAfter(before);
        } else {
            assertThat(forged.status()).as(forged.toString()).isEqualTo(422);
        }
    }

    @Test
    void enumValuesAreStoredUnderTheirMappedNames() throws Exception {
        JsonNode user = created("/api/users", "{\"display_name\":\"Enum\"}");
        JsonNode post = created("/api/posts", "{\"title\":\"colored\",\"authorId\":" + user.get("id").asLong() + "}");
        assertThat(post.get("color").asText()).as("the API speaks the mapped names, as for @map").isEqualTo("RED");
        JsonNode green = created("/api/posts", "{\"title\":\"green\",\"color\":\"GREEN\",\"authorId\":" + user.get("id").asLong() + "}");
        assertThat(green.get("color").asText()).isEqualTo("GREEN");
        TestServer.Answer schemaName = server.as("alice", "POST", "/api/posts",
                "{\"title\":\"schema name\",\"color\":\"Green\",\"authorId\":" + user.get("id").asLong() + "}");
        assertThat(schemaName.status()).as(schemaName.toString()).isEqualTo(422);
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"color\" FROM \"Post\" WHERE \"id\" IN (" + post.get("id").asLong() + ", "
                     + green.get("id").asLong() + ") ORDER BY \"id\"")) {
            r.next();
            assertThat(r.getString(1)).isEqualTo("RED");
            r.next();
            assertThat(r.getString(1)).isEqualTo("GREEN");
        }
    }

    @Test
    void theImplicitForeignKeyWorksThroughTheApi() throws Exception {
        JsonNode ann = created("/api/users", "{\"display_name\":\"Author Ann\"}");
        long annId = ann.get("id").asLong();
        JsonNode post = created("/api/posts", "{\"title\":\"hello\",\"authorId\":" + annId + "}");
        assertThat(post.get("authorId").asLong()).isEqualTo(annId);

        JsonNode included = server.as("alice", "GET", "/api/posts/" + post.get("id").asLong() + "?include=author", null).json();
        assertThat(included.get("author").get("display_name").asText()).as(included.toString()).isEqualTo("Author Ann");

        TestServer.Answer filtered = server.as("alice", "GET", "/api/posts?author.display_name=Author%20Ann", null);
        assertThat(filtered.status()).as(filtered.toString()).isEqualTo(200);
        assertThat(filtered.json().get("data")).extracting(n -> n.get("title").asText()).containsExactly("hello");

        TestServer.Answer nested = server.as("alice", "GET", "/api/users/" + annId + "/posts", null);
        assertThat(nested.status()).as(nested.toString()).isEqualTo(200);
        assertThat(nested.json().get("data")).extracting(n -> n.get("id").asLong()).containsExactly(post.get("id").asLong());

        JsonNode users = server.as("alice", "GET", "/api/users?id=" + annId + "&include=posts", null).json();
        assertThat(users.get("data").get(0).get("posts")).extracting(n -> n.get("title").asText()).containsExactly("hello");
    }

    @Test
    void aWriteBreakingTheImplicitForeignKeyChangesNothing() throws Exception {
        long posts = count("Post");
        TestServer.Answer missing = server.as("alice", "POST", "/api/posts", "{\"title\":\"orphan\"}");
        assertThat(missing.status()).as(missing.toString()).isEqualTo(422);
        TestServer.Answer dangling = server.as("alice", "POST", "/api/posts", "{\"title\":\"dangling\",\"authorId\":987654}");
        assertThat(dangling.status()).as(dangling.toString()).isBetween(400, 499);
        assertThat(dangling.contentType()).startsWith("application/problem+json");
        assertThat(count("Post")).isEqualTo(posts);
    }

    @Test
    void theImplicitForeignKeysAreRealConstraintsAndASecondMigrationPlansNothing() throws Exception {
        DatabaseKind kind = db() == TestServer.Db.SQLITE ? DatabaseKind.SQLITE : DatabaseKind.POSTGRESQL;
        try (Connection c = server.connect()) {
            Snapshot live = Introspector.of(kind).introspect(c);
            TableSnapshot post = live.tables().stream().filter(t -> t.name().equals("Post")).findFirst().orElseThrow();
            assertThat(post.foreignKeys()).singleElement().satisfies(fk -> {
                assertThat(fk.columns()).containsExactly("authorId");
                assertThat(fk.referencedTable()).isEqualTo("User");
                assertThat(fk.referencedColumns()).containsExactly("id");
            });
            TableSnapshot comment = live.tables().stream().filter(t -> t.name().equals("Comment")).findFirst().orElseThrow();
            assertThat(comment.foreignKeys()).singleElement().satisfies(fk -> assertThat(fk.columns()).containsExactly("postId"));
            MigrationPlan again = new Migrator(kind.dialect()).plan(TestServer.schema(SCHEMA), c);
            assertThat(again.steps()).as("a second migrate plans nothing").isEmpty();
        }
    }

    @Test
    void anOptionalImplicitRelationWithoutBackFieldGetsOne() throws Exception {
        JsonNode user = created("/api/users", "{\"display_name\":\"Commenter\"}");
        JsonNode post = created("/api/posts", "{\"title\":\"discussed\",\"authorId\":" + user.get("id").asLong() + "}");
        JsonNode loose = created("/api/comments", "{\"body\":\"no post\"}");
        assertThat(loose.get("postId").isNull()).as(loose.toString()).isTrue();
        JsonNode attached = created("/api/comments", "{\"body\":\"on post\",\"postId\":" + post.get("id").asLong() + "}");
        JsonNode withPost = server.as("alice", "GET", "/api/comments/" + attached.get("id").asLong() + "?include=post", null).json();
        assertThat(withPost.get("post").get("title").asText()).isEqualTo("discussed");
        TestServer.Answer back = server.as("alice", "GET", "/api/posts/" + post.get("id").asLong() + "/Comment", null);
        TestServer.Answer backed = back.status() == 200 ? back
                : server.as("alice", "GET", "/api/posts/" + post.get("id").asLong() + "/comment", null);
        assertThat(backed.status()).as(back + " / " + backed).isEqualTo(200);
        assertThat(backed.json().get("data")).extracting(n -> n.get("body").asText()).containsExactly("on post");
    }
}
