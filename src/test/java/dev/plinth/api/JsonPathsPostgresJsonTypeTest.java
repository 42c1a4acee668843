package dev.plinth.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL {@code Json @db.Json} column (json, not jsonb): path lookups, containment and path order
 * read it as jsonb, with the same answers as on a jsonb column.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonPathsPostgresJsonTypeTest {

    TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(TestServer.Db.POSTGRESQL, """
                datasource db {
                  provider = "postgresql"
                  url      = env("DATABASE_URL")
                }

                model Item {
                  id   Int    @id @default(autoincrement())
                  name String
                  raw  Json?  @db.Json
                }
                """);
        String[][] rows = {
                {"a", "{\"plan\":\"pro\",\"tags\":[\"red\"],\"score\":3}"},
                {"b", "{\"plan\":\"free\",\"tags\":[\"blue\"],\"score\":1}"},
                {"c", "[\"red\"]"},
        };
        for (String[] r : rows) {
            TestServer.Answer a = server.as("alice", "POST", "/api/items", "{\"name\":\"" + r[0] + "\",\"raw\":" + r[1] + "}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    List<String> names(String query) throws Exception {
        TestServer.Answer a = server.as("alice", "GET", "/api/items?" + query, null);
        assertThat(a.status()).as(query + " → " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().get("data").forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void aJsonColumnIsReadAsJsonb() throws Exception {
        assertThat(names("raw.plan=pro")).containsExactly("a");
        assertThat(names("raw.score__gt=2")).containsExactly("a");
        assertThat(names("raw.tags.0=blue")).containsExactly("b");
        assertThat(names("raw.tags__has=red")).containsExactly("a");
        assertThat(names("raw__has=red")).containsExactly("c");
        assertThat(names("raw__has_key=plan&orderBy=id")).containsExactly("a", "b");
        assertThat(names("raw__contains=" + q("{\"plan\":\"free\"}"))).containsExactly("b");
        assertThat(names("orderBy=-raw.score")).containsExactly("c", "a", "b");
        TestServer.Answer first = server.as("alice", "GET", "/api/items?orderBy=raw.score&limit=1", null);
        TestServer.Answer second = server.as("alice", "GET", "/api/items?orderBy=raw.score&limit=1&cursor="
                + first.json().get("next_cursor").asText(), null);
        assertThat(second.json().get("data").get(0).get("name").asText()).isEqualTo("a");
    }
}
