package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Several Plinth instances starting at once against one database: one migrates, the others find nothing to do. */
class ConcurrentMigrationTest {

    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", """
            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              contacts Contact[]
            }

            model Contact {
              id        Int      @id @default(autoincrement())
              email     String
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id])

              @@index([email])
            }
            """).schema().orElseThrow();

    @Test
    void postgresInstancesMigrateOneAfterTheOther() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            DatabaseTarget target = DatabaseTarget.parse(database.url(), Path.of("."));
            assertOneMigrationAmong(4, target, DatabaseKind.POSTGRESQL);
        }
    }

    @Test
    void sqliteProcessesSharingAFileEndUpWithOneMigration(@TempDir Path dir) throws Exception {
        DatabaseTarget target = DatabaseTarget.parse("file:" + dir.resolve("app.db"), Path.of("."));
        assertOneMigrationAmong(4, target, DatabaseKind.SQLITE);
    }

    private static void assertOneMigrationAmong(int instances, DatabaseTarget target, DatabaseKind kind) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(instances);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                Callable<Integer> start = () -> {
                    try (Connection c = target.connect()) {
                        return new Migrator(kind.dialect()).migrate(SCHEMA, c, false, MigrationListener.NONE).applied().size();
                    }
                };
                results.add(pool.submit(start));
            }
            List<Integer> applied = new ArrayList<>();
            for (Future<Integer> result : results) {
                applied.add(result.get());
            }
            assertThat(applied).filteredOn(n -> n > 0).hasSize(1);
            try (Connection c = target.connect()) {
                assertThat(new Migrator(kind.dialect()).history(c)).hasSize(1);
                assertThat(new Migrator(kind.dialect()).plan(SCHEMA, c).steps()).isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
