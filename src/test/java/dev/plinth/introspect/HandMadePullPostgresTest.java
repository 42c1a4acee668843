package dev.plinth.introspect;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code db pull} of a hand-made PostgreSQL database, with an enum type whose value is not an identifier. Fails
 * (never skips) when PostgreSQL does not answer.
 */
class HandMadePullPostgresTest extends HandMadePullContract {

    private PostgresTestDatabase database;
    private PostgresTestDatabase second;

    // Created on first use: the contract's @BeforeEach runs before any of this class's.
    @AfterEach
    void dropDatabases() {
        if (database != null) {
            database.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Override
    DatabaseTarget target() {
        if (database == null) {
            database = PostgresTestDatabase.create();
        }
        return DatabaseTarget.parse(database.url(), Path.of("."));
    }

    @Override
    DatabaseTarget secondTarget() {
        if (second == null) {
            second = PostgresTestDatabase.create();
        }
        return DatabaseTarget.parse(second.url(), Path.of("."));
    }

    @Override
    List<String> ownStatements() {
        return List.of("CREATE TYPE \"mood\" AS ENUM ('happy', 'so-so')",
                "ALTER TABLE \"Employee\" ADD COLUMN \"mood\" \"mood\" NOT NULL DEFAULT 'so-so'",
                "ALTER TABLE \"Employee\" ADD COLUMN \"tags\" TEXT[] NOT NULL DEFAULT ARRAY['a', 'b']",
                // an implicit many-to-many join table exactly as Prisma Migrate writes one on PostgreSQL
                "CREATE TABLE \"_mentors\" (\"A\" INTEGER NOT NULL, \"B\" INTEGER NOT NULL, CONSTRAINT \"_mentors_AB_pkey\" PRIMARY KEY (\"A\", \"B\"))",
                "CREATE INDEX \"_mentors_B_index\" ON \"_mentors\"(\"B\")",
                "ALTER TABLE \"_mentors\" ADD CONSTRAINT \"_mentors_A_fkey\" FOREIGN KEY (\"A\") REFERENCES \"Employee\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE",
                "ALTER TABLE \"_mentors\" ADD CONSTRAINT \"_mentors_B_fkey\" FOREIGN KEY (\"B\") REFERENCES \"Employee\"(\"id\") ON DELETE CASCADE ON UPDATE CASCADE");
    }

    @Test
    void enumsAndListsArePulled() {
        String text = dev.plinth.introspect.PrismaSchemaWriter.write(inspection()).replaceAll(" +", " ");
        assertThat(text).contains("enum mood {", "happy", "so_so @map(\"so-so\")", "mood mood @default(so_so)",
                "tags String[] @default([\"a\", \"b\"])");
    }

    @Test
    void nativeTypesGeneratedDefaultsMethodsAndMaterializedViews() throws Exception {
        try (var c = target().connect(); var s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE accounts (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), balance numeric(12,2) NOT NULL DEFAULT 0,
                      created_at timestamptz(6) NOT NULL DEFAULT now(), big bigint GENERATED ALWAYS AS IDENTITY, doc tsvector,
                      d date DEFAULT CURRENT_DATE, title text)""");
            s.execute("CREATE INDEX accounts_title_hash ON accounts USING hash (title)");
            s.execute("CREATE INDEX accounts_lower ON accounts (lower(title))");
            s.execute("CREATE MATERIALIZED VIEW account_count AS SELECT count(*) AS n FROM accounts");
            String text = PrismaSchemaWriter.write(DatabaseInspector.inspect(target().kind(), c)).replaceAll(" +", " ");
            assertThat(text).contains("id String @id @default(dbgenerated(\"gen_random_uuid()\")) @db.Uuid",
                    "balance Decimal @default(0) @db.Decimal(12, 2)", "created_at DateTime @default(now()) @db.Timestamptz(6)",
                    "big BigInt @default(autoincrement())", "doc Unsupported(\"tsvector\")?",
                    "d DateTime? @default(dbgenerated(\"CURRENT_DATE\")) @db.Date",
                    "@@index([title], map: \"accounts_title_hash\", type: Hash)",
                    "// index \"accounts_lower\" is on an expression", "// materialized view definition:",
                    "view account_count {", "n BigInt?");
            assertThat(SchemaLoader.parse("pulled.prisma", text).errors()).isEmpty();
        }
    }

    private DatabaseInspection inspection() {
        try (var c = target().connect()) {
            return DatabaseInspector.inspect(target().kind(), c);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
