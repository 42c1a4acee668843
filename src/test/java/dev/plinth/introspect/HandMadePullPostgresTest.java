package dev.plinth.introspect;

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

    private DatabaseInspection inspection() {
        try (var c = target().connect()) {
            return DatabaseInspector.inspect(target().kind(), c);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }
}
