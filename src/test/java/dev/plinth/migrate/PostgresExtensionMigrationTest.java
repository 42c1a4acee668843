package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/** A schema using {@code @db.Citext} migrates on a fresh PostgreSQL database: Plinth creates the extension first. */
class PostgresExtensionMigrationTest {

    private static final String SCHEMA = """
            datasource db {
              provider = "postgresql"
              url      = env("DATABASE_URL")
            }

            model Account {
              id    Int    @id @default(autoincrement())
              email String @unique @db.Citext
            }
            """;

    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void citextColumnCreatesTheExtensionOnceAndCompareCaseInsensitively() throws Exception {
        Schema schema = SchemaLoader.parse("schema.prisma", SCHEMA).schema().orElseThrow();
        Migrator migrator = new Migrator(DatabaseKind.POSTGRESQL.dialect());
        try (Connection c = database.connect()) {
            MigrationPlan plan = migrator.plan(schema, c);
            assertThat(plan.steps().get(0).action()).isEqualTo(MigrationStep.Action.CREATE_EXTENSION);
            assertThat(plan.steps().get(0).destructive()).isFalse();

            migrator.migrate(schema, c, false, MigrationListener.NONE);

            assertThat(migrator.plan(schema, c).isEmpty()).as("a second run plans nothing").isTrue();
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO \"Account\" (\"email\") VALUES ('Ada@Example.com')");
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM \"Account\" WHERE \"email\" = 'ada@example.com'")) {
                    r.next();
                    assertThat(r.getInt(1)).as("citext compares case-insensitively").isEqualTo(1);
                }
            }
        }
    }
}
