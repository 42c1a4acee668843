package dev.plinth.sql;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a schema's database is: datasource url, env(), DATABASE_URL, --database-url, and the default. */
class DatabaseTargetTest {

    private static final Path SCHEMA_FILE = Path.of("/srv/app/prisma/schema.prisma");

    private static Schema schema(String datasource) {
        return SchemaLoader.parse("schema.prisma", datasource + "\nmodel A {\n  id Int @id\n}\n").schema().orElseThrow();
    }

    @Test
    void sqliteFileIsRelativeToTheSchemaFile() {
        DatabaseTarget target = DatabaseTarget.resolve(schema("datasource db {\n provider = \"sqlite\"\n url = \"file:./dev.db\"\n}"),
                SCHEMA_FILE, Optional.empty(), Map.of());
        assertThat(target.kind()).isEqualTo(DatabaseKind.SQLITE);
        assertThat(target.sqliteFile()).contains(Path.of("/srv/app/prisma/dev.db"));
        assertThat(target.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/app/prisma/dev.db");
    }

    @Test
    void envUrlIsReadFromTheEnvironment() {
        Schema schema = schema("datasource db {\n provider = \"postgresql\"\n url = env(\"DATABASE_URL\")\n}");
        DatabaseTarget target = DatabaseTarget.resolve(schema, SCHEMA_FILE, Optional.empty(),
                Map.of("DATABASE_URL", "postgresql://app:s%40cret@db.internal:5433/crm?schema=sales&sslmode=require"));
        assertThat(target.kind()).isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(target.jdbcUrl()).isEqualTo(
                "jdbc:postgresql://db.internal:5433/crm?user=app&password=s%40cret&currentSchema=sales&sslmode=require");
        assertThat(target.description()).doesNotContain("cret").contains("***");
    }

    @Test
    void unsetVariableIsAClearError() {
        Schema schema = schema("datasource db {\n provider = \"postgresql\"\n url = env(\"DATABASE_URL\")\n}");
        assertThatThrownBy(() -> DatabaseTarget.resolve(schema, SCHEMA_FILE, Optional.empty(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL").hasMessageContaining("--database-url");
    }

    @Test
    void overrideWinsAndAnySchemaRunsOnEitherDatabase() {
        Schema mysql = schema("datasource db {\n provider = \"mysql\"\n url = \"mysql://root@localhost/app\"\n}");
        DatabaseTarget target = DatabaseTarget.resolve(mysql, SCHEMA_FILE, Optional.of("file:local.db"), Map.of());
        assertThat(target.kind()).isEqualTo(DatabaseKind.SQLITE);
        assertThat(target.sqliteFile()).contains(Path.of("local.db").toAbsolutePath());
        assertThatThrownBy(() -> DatabaseTarget.resolve(mysql, SCHEMA_FILE, Optional.empty(), Map.of()))
                .hasMessageContaining("SQLite and PostgreSQL");
    }

    @Test
    void withoutUrlDatabaseUrlThenDevDbBesideTheSchema() {
        Schema prisma7 = schema("datasource db {\n provider = \"postgresql\"\n}");
        assertThat(DatabaseTarget.resolve(prisma7, SCHEMA_FILE, Optional.empty(), Map.of("DATABASE_URL", "postgres://u@h/d")).kind())
                .isEqualTo(DatabaseKind.POSTGRESQL);
        assertThat(DatabaseTarget.resolve(prisma7, SCHEMA_FILE, Optional.empty(), Map.of()).sqliteFile())
                .contains(Path.of("/srv/app/prisma/dev.db"));
    }

    @Test
    void unreadableUrlsAreRejected() {
        assertThatThrownBy(() -> DatabaseTarget.parse("http://example.com", Path.of("/")))
                .hasMessageContaining("file:./dev.db");
        assertThatThrownBy(() -> DatabaseTarget.parse("file:", Path.of("/"))).hasMessageContaining("names no file");
        assertThatThrownBy(() -> DatabaseTarget.parse("postgresql:///db", Path.of("/"))).hasMessageContaining("no host");
    }
}
