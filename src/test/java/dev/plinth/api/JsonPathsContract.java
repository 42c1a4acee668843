package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Filters, ordering and keyset pages on paths inside a Json field (docs/query.md, "Json fields"), end to
 * end. Every expectation is written once and must hold on SQLite and on PostgreSQL (the subclasses), so
 * the two databases give the same rows for each lookup, including JSON nulls, missing keys, mixed types
 * and documents that are not objects.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JsonPathsContract {

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./accounts.db"
            }

            model Company {
              id       Int       @id @default(autoincrement())
              meta     Json
              accounts Account[]
            }

            model Account {
              id         Int      @id @default(autoincrement())
              name       String
              meta       Json?
              company    Company? @relation(fields: [company_id], references: [id])
              company_id Int?

              @@index([meta.plan])
            }
            """;

    /** Rows a..h, inserted in this order (ids 1..8). */
    static final String[][] ROWS = {
            {"a", "{\"plan\":\"pro\",\"tags\":[\"red\",\"blue\"],\"limits\":{\"seats\":5},\"score\":10}"},
            {"b", "{\"plan\":\"free\",\"tags\":[\"green\"],\"limits\":{\"seats\":1},\"score\":2.5}"},
            {"c", "{\"plan\":\"pro\",\"tags\":[],\"limits\":{\"seats\":\"many\"},\"score\":\"high\"}"},
            {"d", "{\"plan\":null,\"score\":null,\"flag\":true}"},
            {"e", "null"},
            {"f", "{\"plan\":5,\"tags\":\"red\",\"flag\":false,\"nested\":[{\"k\":1,\"v\":[\"x\",\"y\"]}]}"},
            {"g", "[1,2,\"red\"]"},
            {"h", "{\"plan\":\"Pro\",\"score\":-1,\"limits\":{\"seats\":10}}"},
    };

    TestServer server;

    abstract TestServer.Db db();

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(db(), SCHEMA);
        for (String tier : List.of("gold", "silver")) {
            TestServer.Answer a = server.as("alice", "POST", "/api/companies", "{\"meta\":{\"tier\":\"" + tier + "\"}}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
        for (String[] r : ROWS) {
            String company = r[0].equals("a") ? ",\"company_id\":1" : r[0].equals("b") ? ",\"company_id\":2" : "";
            TestServer.Answer a = server.as("alice", "POST", "/api/accounts", "{\"name\":\"" + r[0] + "\",\"meta\":" + r[1] + company + "}");
            assertThat(a.status()).as(a.toString()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The names a list request answers, in order. */
    List<String> names(String query) throws Exception {
        TestServer.Answer a = server.as("alice", "GET", "/api/accounts?" + query, null);
        assertThat(a.status()).as(query + " → " + a).isEqualTo(200);
        List<String> out = new ArrayList<>();
        a.json().get("data").forEach(r -> out.add(r.get("name").asText()));
        return out;
    }

    /** {@code name=value} with the value URL-encoded. */
    List<String> where(String name, String value) throws Exception {
        return names(name + "=" + q(value) + "&orderBy=id");
    }

    @Test
    void equalityIsTypedByTheValue() throws Exception {
        assertThat(where("meta.plan", "pro")).containsExactly("a", "c");
        assertThat(where("meta.plan", "5")).containsExactly("f");
        assertThat(where("meta.plan", "\"\\\"5\\\"\"")).isEmpty(); // the text "5", not the number
        assertThat(where("meta.plan__eq", "Pro")).containsExactly("h");
        assertThat(where("meta.flag", "true")).containsExactly("d");
        assertThat(where("meta.flag", "false")).containsExactly("f");
        assertThat(where("meta.tags.0", "red")).containsExactly("a");
        assertThat(where("meta.nested.0.k", "1")).containsExactly("f");
        assertThat(where("meta.score", "2.50")).containsExactly("b");
    }

    @Test
    void negationsNeverMatchNullsOrMissingKeys() throws Exception {
        assertThat(where("meta.plan__ne", "pro")).containsExactly("b", "f", "h");
        assertThat(where("meta.flag__ne", "true")).containsExactly("f");
        assertThat(where("meta.plan__in", "pro,free")).containsExactly("a", "b", "c");
        assertThat(where("meta.plan__in", "free,5")).containsExactly("b", "f");
        assertThat(where("meta.plan__nin", "pro,free")).containsExactly("f", "h");
        assertThat(names("not=" + q("(meta.plan=pro)") + "&orderBy=id")).containsExactly("b", "f", "h");
        assertThat(where("meta.plan__isnull", "true")).containsExactly("d", "e", "g");
        assertThat(where("meta.plan__isnull", "false")).containsExactly("a", "b", "c", "f", "h");
    }

    @Test
    void rangesCompareNumbersAsNumbersAndTextsAsTexts() throws Exception {
        assertThat(where("meta.limits.seats__gte", "5")).containsExactly("a", "h");
        assertThat(where("meta.limits.seats__lt", "5")).containsExactly("b");
        assertThat(where("meta.limits.seats__lte", "10")).containsExactly("a", "b", "h");
        assertThat(where("meta.limits.seats__gt", "m")).containsExactly("c");
        assertThat(where("meta.score__gt", "2.4")).containsExactly("a", "b");
        assertThat(where("meta.plan__lt", "p")).containsExactly("b", "h"); // "Pro" < "p" by code point
        assertThat(where("meta.score__lt", "0")).containsExactly("h");
    }

    @Test
    void arraysKeysAndContainment() throws Exception {
        assertThat(where("meta.tags__has", "red")).containsExactly("a");
        assertThat(where("meta__has", "red")).containsExactly("g");
        assertThat(where("meta__has", "2")).containsExactly("g");
        assertThat(where("meta__has_key", "plan")).containsExactly("a", "b", "c", "d", "f", "h");
        assertThat(where("meta.limits__has_key", "seats")).containsExactly("a", "b", "c", "h");
        assertThat(where("meta__contains", "{\"plan\":\"pro\"}")).containsExactly("a", "c");
        assertThat(where("meta__contains", "{\"tags\":[\"red\"]}")).containsExactly("a");
        assertThat(where("meta__contains", "{\"nested\":[{\"v\":[\"y\"]}]}")).containsExactly("f");
        assertThat(where("meta__contains", "{\"nested\":[{\"v\":\"y\"}]}")).isEmpty();
        assertThat(where("meta__contains", "[1,\"red\"]")).containsExactly("g");
        assertThat(where("meta__contains", "2")).containsExactly("g"); // an array holds a scalar, at the top only
        assertThat(where("meta__contains", "{\"limits\":{\"seats\":5}}")).containsExactly("a");
        assertThat(where("meta__contains", "{\"score\":2.5,\"plan\":\"free\"}")).containsExactly("b");
        assertThat(where("meta__contains", "{}")).containsExactly("a", "b", "c", "d", "f", "h");
        assertThat(where("meta__contains", "{\"plan\":null}")).containsExactly("d");
        assertThat(where("meta__contains", "{\"flag\":false}")).containsExactly("f");
        assertThat(where("meta.tags__contains", "[\"red\"]")).containsExactly("a");
        assertThat(where("meta.tags__contains", "\"\\\"red\\\"\"")).containsExactly("a", "f");
        assertThat(where("name__contains", "a")).containsExactly("a"); // still a substring on a String
        assertThat(names("or=" + q("(meta.plan=free,meta__has=red)") + "&orderBy=id")).containsExactly("b", "g");
    }

    @Test
    void ordersByAPathNumbersThenTextsThenTheRest() throws Exception {
        assertThat(names("orderBy=meta.score")).containsExactly("h", "b", "a", "c", "d", "e", "f", "g");
        assertThat(names("orderBy=meta.score:desc")).containsExactly("d", "e", "f", "g", "c", "a", "b", "h");
        assertThat(names("orderBy=-meta.plan,name")).containsExactly("d", "e", "g", "a", "c", "b", "h", "f");
    }

    @Test
    void keysetPagesOverAPathNeitherRepeatNorSkip() throws Exception {
        for (String order : List.of("meta.score", "meta.score:desc", "-meta.plan,name", "meta.limits.seats,-id")) {
            List<String> expected = names("orderBy=" + q(order));
            for (int limit = 1; limit <= 3; limit++) {
                List<String> seen = new ArrayList<>();
                String cursor = null;
                for (int pages = 0; pages < 20; pages++) {
                    TestServer.Answer a = server.as("alice", "GET", "/api/accounts?orderBy=" + q(order) + "&limit=" + limit
                            + (cursor == null ? "" : "&cursor=" + cursor), null);
                    assertThat(a.status()).as(a.toString()).isEqualTo(200);
                    a.json().get("data").forEach(r -> seen.add(r.get("name").asText()));
                    JsonNode next = a.json().get("next_cursor");
                    if (next.isNull()) {
                        break;
                    }
                    cursor = next.asText();
                }
                assertThat(seen).as(order + " limit " + limit).isEqualTo(expected);
            }
        }
        // the cursor is made from the Json column even when select leaves it out
        TestServer.Answer first = server.as("alice", "GET", "/api/accounts?select=name&orderBy=meta.score&limit=3", null);
        assertThat(first.json().get("data").get(0).has("meta")).isFalse();
        TestServer.Answer second = server.as("alice", "GET", "/api/accounts?select=name&orderBy=meta.score&limit=3&cursor="
                + first.json().get("next_cursor").asText(), null);
        List<String> names = new ArrayList<>();
        second.json().get("data").forEach(r -> names.add(r.get("name").asText()));
        assertThat(names).containsExactly("c", "d", "e");
        // a cursor is bound to its order
        TestServer.Answer other = server.as("alice", "GET", "/api/accounts?orderBy=meta.plan&limit=3&cursor="
                + first.json().get("next_cursor").asText(), null);
        assertThat(other.status()).isEqualTo(400);
    }

    @Test
    void badPathsAreA400NamingThePath() throws Exception {
        for (String bad : List.of("meta.1abc=5", "meta..x=1", "meta.a-b=1", "meta.plan__startswith=p", "name.x=1",
                "meta.plan=null", "meta__contains=" + q("{nope"), "meta.score__gt=true", "orderBy=meta.a-b",
                "meta__gt=1")) {
            TestServer.Answer a = server.as("alice", "GET", "/api/accounts?" + bad, null);
            assertThat(a.status()).as(bad + " → " + a).isEqualTo(400);
            assertThat(a.contentType()).startsWith("application/problem+json");
            String name = bad.substring(0, bad.indexOf('=')).equals("orderBy") ? "orderBy" : bad.substring(0, bad.indexOf('='));
            assertThat(a.body()).as(bad).contains(name);
        }
    }

    @Test
    void aRelationComesBeforeAPathAndAPathWorksAcrossIt() throws Exception {
        assertThat(where("company.meta.tier", "gold")).containsExactly("a");
        assertThat(where("company.meta__contains", "{\"tier\":\"silver\"}")).containsExactly("b");
        assertThat(where("company.meta.tier__ne", "gold")).containsExactly("b");
    }

    @Test
    void collectionUpdatesAndDeletesFilterByPath() throws Exception {
        TestServer.Answer none = server.as("alice", "PATCH", "/api/accounts?meta.plan=nobody", "{\"name\":\"z\"}");
        assertThat(none.status()).as(none.toString()).isEqualTo(200);
        assertThat(none.json().get("count").asInt()).isZero();
        TestServer.Answer counted = server.as("alice", "GET", "/api/accounts?meta.limits.seats__gte=5&count=true", null);
        assertThat(counted.json().get("total").asInt()).isEqualTo(2);
    }
}
