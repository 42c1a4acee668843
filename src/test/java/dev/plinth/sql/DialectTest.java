package dev.plinth.sql;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Field;
import dev.plinth.schema.model.Model;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prisma's connector type mapping (https://www.prisma.io/docs/orm/reference/prisma-schema-reference#model-field-scalar-types)
 * and default expressions on each dialect, native types included, plus quoting and the comparison of
 * default expressions as the databases store them.
 */
class DialectTest {

    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            enum Role {
              USER
              ADMIN @map("admin")
            }

            model Everything {
              id        Int      @id @default(autoincrement())
              s         String   @default("it's")
              b         Boolean  @default(false)
              i         Int      @default(-1)
              big       BigInt
              f         Float    @default(1.5)
              d         Decimal
              at        DateTime @default(now())
              j         Json     @default("{}")
              bytes     Bytes
              role      Role     @default(ADMIN)
              tags      String[] @default(["a", "b"])
              uid       String   @default(uuid()) @db.Uuid
              vc        String   @db.VarChar(255)
              tz        DateTime @db.Timestamptz(6)
              money     Decimal  @db.Decimal(10, 2)
              ci        String   @db.Citext
              small     Int      @db.SmallInt
              gen       String   @default(dbgenerated("gen_random_uuid()"))
            }
            """).schema().orElseThrow();

    private static Map<String, String> types(Dialect dialect) {
        Model model = SCHEMA.model("Everything").orElseThrow();
        Map<String, String> types = new LinkedHashMap<>();
        for (Field field : model.columnFields()) {
            types.put(field.name(), dialect.columnType(field, SCHEMA) + dialect.defaultExpression(field, SCHEMA).map(d -> " DEFAULT " + d).orElse(""));
        }
        return types;
    }

    @Test
    void postgresMapsScalarsNativeTypesEnumsAndListsLikePrisma() {
        assertThat(types(new PostgresDialect())).containsExactly(
                Map.entry("id", "INTEGER"),
                Map.entry("s", "TEXT DEFAULT 'it''s'"),
                Map.entry("b", "BOOLEAN DEFAULT false"),
                Map.entry("i", "INTEGER DEFAULT -1"),
                Map.entry("big", "BIGINT"),
                Map.entry("f", "DOUBLE PRECISION DEFAULT 1.5"),
                Map.entry("d", "DECIMAL(65,30)"),
                Map.entry("at", "TIMESTAMP(3) DEFAULT CURRENT_TIMESTAMP"),
                Map.entry("j", "JSONB DEFAULT '{}'"),
                Map.entry("bytes", "BYTEA"),
                Map.entry("role", "\"Role\" DEFAULT 'admin'"),
                Map.entry("tags", "TEXT[] DEFAULT ARRAY['a', 'b']::TEXT[]"),
                Map.entry("uid", "UUID"),
                Map.entry("vc", "VARCHAR(255)"),
                Map.entry("tz", "TIMESTAMPTZ(6)"),
                Map.entry("money", "DECIMAL(10,2)"),
                Map.entry("ci", "CITEXT"),
                Map.entry("small", "SMALLINT"),
                Map.entry("gen", "TEXT DEFAULT gen_random_uuid()"));
    }

    @Test
    void sqliteMapsToItsAffinitiesAndTheNearestTypeForNativeTypes() {
        assertThat(types(new SqliteDialect())).containsExactly(
                Map.entry("id", "INTEGER"),
                Map.entry("s", "TEXT DEFAULT 'it''s'"),
                Map.entry("b", "BOOLEAN DEFAULT false"),
                Map.entry("i", "INTEGER DEFAULT -1"),
                Map.entry("big", "BIGINT"),
                Map.entry("f", "REAL DEFAULT 1.5"),
                Map.entry("d", "DECIMAL"),
                Map.entry("at", "DATETIME DEFAULT CURRENT_TIMESTAMP"),
                Map.entry("j", "JSONB DEFAULT '{}'"),
                Map.entry("bytes", "BLOB"),
                Map.entry("role", "TEXT DEFAULT 'admin'"),
                Map.entry("tags", "TEXT DEFAULT '[\"a\",\"b\"]'"),
                Map.entry("uid", "TEXT"),
                Map.entry("vc", "TEXT"),
                Map.entry("tz", "DATETIME"),
                Map.entry("money", "DECIMAL"),
                Map.entry("ci", "TEXT"),
                Map.entry("small", "INTEGER"),
                Map.entry("gen", "TEXT")); // a PostgreSQL UUID function: Plinth fills it at insert on SQLite
    }

    @Test
    void identifiersAreQuotedAndLongNamesTruncatedLikePostgres() {
        assertThat(new SqliteDialect().quote("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(new PostgresDialect().quote("User")).isEqualTo("\"User\"");
        String longName = "UserJourneyEvent_journeyId_userId_eventKey_eventKeyName_type_journeyStartedAt_nodeId_key";
        assertThat(new PostgresDialect().truncate(longName)).hasSize(63);
        assertThat(new SqliteDialect().truncate(longName)).isEqualTo(longName);
    }

    @Test
    void defaultsCompareAsTheDatabasesStoreThem() {
        assertThat(DefaultExpressions.same(Optional.of("'MEMBER'"), Optional.of("'MEMBER'::\"Role\""))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("-1"), Optional.of("'-1'::integer"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("ARRAY[]::TEXT[]"), Optional.of("ARRAY[]::text[]"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("ARRAY['a', 'b']::TEXT[]"), Optional.of("ARRAY['a'::text, 'b'::text]"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("'[ {\"a\": 1, \"b\": 2} ]'"), Optional.of("'[{\"b\": 2, \"a\": 1}]'::jsonb"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("'x'::character varying"), Optional.of("'x'"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("'2024-01-01T00:00:00Z'"), Optional.of("'2024-01-01 00:00:00'::timestamp without time zone"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("now()"), Optional.of("CURRENT_TIMESTAMP"))).isTrue();
        assertThat(DefaultExpressions.same(Optional.of("'a'"), Optional.of("'b'"))).isFalse();
        assertThat(DefaultExpressions.same(Optional.of("'A'"), Optional.of("'a'"))).isFalse();
        assertThat(DefaultExpressions.same(Optional.of("0"), Optional.empty())).isFalse();
    }
}
