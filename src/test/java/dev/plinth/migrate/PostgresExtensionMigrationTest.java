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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Extensions on PostgreSQL: a schema using {@code @db.Citext} migrates on a fresh database (Plinth creates
 * the extension first), the datasource's {@code extensions} list is created as Prisma creates it, and
 * an extension the server lacks is a clear error naming it. On SQLite the list is ignored.
 */
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

    private static Schema withExtensions(String provider, String list) {
        return SchemaLoader.parse("schema.prisma", """
                generator client {
                  provider        = "prisma-client-js"
                  previewFeatures = ["postgresqlExtensions"]
                }

                datasource db {
                  provider   = "%s"
                  url        = env("DATABASE_URL")
                  extensions = %s
                }

                model Tag {
                  id   Int    @id @default(autoincrement())
                  name String
                }
                """.formatted(provider, list)).schema().orElseThrow();
    }

    private static String installed(Connection c, String name) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT e.extversion || ' in ' || n.nspname FROM pg_extension e "
                     + "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = '" + name + "'")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    @Test
    void datasourceExtensionsAreCreatedWithTheirSchemaAndVersion() throws Exception {
        Schema schema = withExtensions("postgresql", "[pg_trgm, hstore(schema: \"ext\", version: \"1.8\"), citext(map: \"citext\")]");
        Migrator migrator = new Migrator(DatabaseKind.POSTGRESQL.dialect());
        try (Connection c = database.connect()) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA ext");
            }
            MigrationPlan plan = migrator.plan(schema, c);
            assertThat(plan.script()).contains("CREATE EXTENSION IF NOT EXISTS \"pg_trgm\"",
                    "CREATE EXTENSION IF NOT EXISTS \"hstore\" WITH SCHEMA \"ext\" VERSION '1.8'",
                    "CREATE EXTENSION IF NOT EXISTS \"citext\"");
            migrator.migrate(schema, c, false, MigrationListener.NONE);

            assertThat(installed(c, "pg_trgm")).endsWith(" in public");
            assertThat(installed(c, "hstore")).isEqualTo("1.8 in ext");
            assertThat(installed(c, "citext")).isNotNull();
            assertThat(migrator.plan(schema, c).isEmpty()).as("a second run plans nothing").isTrue();
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT similarity('plinth', 'plinths') > 0.5")) {
                r.next();
                assertThat(r.getBoolean(1)).as("pg_trgm's functions work").isTrue();
            }
        }
    }

    @Test
    void anExtensionAddedLaterIsCreatedOnAnUpToDateDatabase() throws Exception {
        Migrator migrator = new Migrator(DatabaseKind.POSTGRESQL.dialect());
        try (Connection c = database.connect()) {
            migrator.migrate(withExtensions("postgresql", "[]"), c, false, MigrationListener.NONE);
            migrator.migrate(withExtensions("postgresql", "[pg_trgm]"), c, false, MigrationListener.NONE);
            assertThat(installed(c, "pg_trgm")).isNotNull();
        }
    }

    @Test
    void anExtensionTheServerLacksIsNamedAndNothingIsChanged() throws Exception {
        Schema schema = withExtensions("postgresql", "[pg_trgm, no_such_extension]");
        Migrator migrator = new Migrator(DatabaseKind.POSTGRESQL.dialect());
        try (Connection c = database.connect()) {
            assertThatThrownBy(() -> migrator.migrate(schema, c, false, MigrationListener.NONE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no extension \"no_such_extension\"");
            assertThat(installed(c, "pg_trgm")).isNull();
            assertThat(migrator.history(c)).isEmpty();
        }
    }

    @Test
    void sqliteIgnoresTheList(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        Schema schema = withExtensions("postgresql", "[pg_trgm, citext]");
        Migrator migrator = new Migrator(DatabaseKind.SQLITE.dialect());
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"))) {
            assertThat(migrator.migrate(schema, c, false, MigrationListener.NONE).applied())
                    .extracting(MigrationStep::action).containsExactly(MigrationStep.Action.CREATE_TABLE);
        }
    }
}
