package dev.plinth.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plinth.migrate.Migrator;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DbGeneratedDefault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL schema's {@code @default(dbgenerated("…"))} expressions served on either database: the
 * migration never fails, UUIDs and current times are filled by Plinth at insert in the column's own
 * stored format, constants keep working, and an expression without equivalent is left off (with a
 * warning) on the database that lacks it. Run on SQLite and PostgreSQL by the subclasses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DbGeneratedDefaultsContract {

    static final String SCHEMA = """
            generator client {
              provider        = "prisma-client-js"
              previewFeatures = ["postgresqlExtensions"]
            }

            datasource db {
              provider   = "postgresql"
              url        = env("DATABASE_URL")
              extensions = [uuid_ossp(map: "uuid-ossp")]
            }

            model Event {
              id        String   @id @default(dbgenerated("gen_random_uuid()")) @db.Uuid
              legacyId  String   @default(dbgenerated("uuid_generate_v4()::text"))
              title     String
              happened  DateTime @default(dbgenerated("CLOCK_TIMESTAMP()")) @db.Timestamptz(6)
              noted     DateTime @default(dbgenerated("now()"))
              logged    DateTime @default(dbgenerated("timezone('utc'::text, now())")) @db.Timestamp(6)
              status    String   @default(dbgenerated("'draft'::text"))
              weight    Int      @default(dbgenerated("0"))
              lucky     Int?     @default(dbgenerated("pg_backend_pid()"))
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

    @Test
    void createFillsUuidsAndTimesAndConstants() throws Exception {
        Instant before = Instant.now().minus(Duration.ofMinutes(5));
        TestServer.Answer a = server.as("alice", "POST", "/api/events", "{\"title\":\"launch\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        JsonNode row = a.json();
        assertThat(UUID.fromString(row.get("id").asText()).version()).isEqualTo(4);
        assertThat(UUID.fromString(row.get("legacyId").asText()).version()).isEqualTo(4);
        for (String field : new String[]{"happened", "noted", "logged"}) {
            Instant at = Instant.parse(row.get(field).asText());
            assertThat(at).as(field).isAfter(before).isBefore(Instant.now().plus(Duration.ofMinutes(5)));
        }
        assertThat(row.get("status").asText()).isEqualTo("draft");
        assertThat(row.get("weight").asInt()).isZero();

        TestServer.Answer again = server.as("alice", "GET", "/api/events/" + row.get("id").asText(), null);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("happened")).isEqualTo(row.get("happened"));
    }

    @Test
    void aGeneratedTimeIsStoredLikeAGivenOne() throws Exception {
        TestServer.Answer given = server.as("alice", "POST", "/api/events",
                "{\"title\":\"given\",\"happened\":\"2024-05-06T07:08:09.123Z\",\"noted\":\"2024-05-06T07:08:09.123Z\"}");
        assertThat(given.status()).as(given.toString()).isEqualTo(201);
        TestServer.Answer filled = server.as("alice", "POST", "/api/events", "{\"title\":\"filled\"}");
        assertThat(filled.status()).as(filled.toString()).isEqualTo(201);
        assertThat(given.json().get("happened").asText()).isEqualTo("2024-05-06T07:08:09.123Z");
        String typeOf = db() == TestServer.Db.SQLITE ? "typeof(\"noted\") || ':' || length(\"noted\")" : "pg_typeof(\"noted\")::text";
        try (Connection c = server.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT \"title\", " + typeOf + " FROM \"Event\" WHERE \"title\" IN ('given', 'filled') ORDER BY 1")) {
            r.next();
            String filledFormat = r.getString(2);
            r.next();
            assertThat(filledFormat).as("the stored format of a filled time is that of a given one").isEqualTo(r.getString(2));
        }
    }

    @Test
    void anExpressionWithoutEquivalentIsLeftToTheDatabaseThatHasIt() throws Exception {
        TestServer.Answer a = server.as("alice", "POST", "/api/events", "{\"title\":\"lucky\"}");
        assertThat(a.status()).as(a.toString()).isEqualTo(201);
        if (db() == TestServer.Db.POSTGRESQL) {
            assertThat(a.json().get("lucky").isInt()).as("PostgreSQL computes pg_backend_pid()").isTrue();
        } else {
            assertThat(a.json().get("lucky").isNull()).as("SQLite has no such default").isTrue();
        }
        DatabaseKind kind = db() == TestServer.Db.SQLITE ? DatabaseKind.SQLITE : DatabaseKind.POSTGRESQL;
        assertThat(DbGeneratedDefault.warnings(TestServer.schema(SCHEMA), kind)).hasSize(kind == DatabaseKind.SQLITE ? 1 : 0)
                .allMatch(w -> w.startsWith("Event.lucky: ") && w.contains("no SQLite equivalent"));
        try (Connection c = server.connect()) {
            assertThat(new Migrator(kind.dialect()).plan(TestServer.schema(SCHEMA), c).script()).as("nothing left to migrate").isEmpty();
        }
    }
}
