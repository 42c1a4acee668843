package dev.plinth.migrate;

import dev.plinth.api.ApiSettings;
import dev.plinth.api.Authenticator;
import dev.plinth.api.ServedApi;
import dev.plinth.cli.PlinthCommand;
import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several Plinth instances starting at once against one new database: each plans only after taking the
 * migration lock, so exactly one migrates, the others find nothing to do, and all come up. Each path
 * that migrates is started four times at once: {@link Migrator#migrate}, {@code plinth migrate} and
 * {@code plinth serve}'s start ({@link ServedApi#start}).
 */
class ConcurrentMigrationTest {

    private static final int INSTANCES = 4;

    private static final String SCHEMA_TEXT = """
            enum Stage {
              lead
              won
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              stage    Stage     @default(lead)
              contacts Contact[]
            }

            model Contact {
              id        Int      @id @default(autoincrement())
              email     String
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id])

              @@index([email])
            }
            """;

    private static final Schema SCHEMA = SchemaLoader.parse("schema.prisma", SCHEMA_TEXT).schema().orElseThrow();

    @TempDir
    Path dir;

    @Test
    void postgresMigratorsTakeTurns() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            assertOneMigration(DatabaseTarget.parse(database.url(), Path.of(".")), this::migrator);
        }
    }

    @Test
    void sqliteMigratorsTakeTurns() throws Exception {
        assertOneMigration(DatabaseTarget.parse("file:" + dir.resolve("app.db"), Path.of(".")), this::migrator);
    }

    @Test
    void postgresMigrateCommandsTakeTurns() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            assertOneMigration(DatabaseTarget.parse(database.url(), Path.of(".")), t -> command(database.url()));
        }
    }

    @Test
    void sqliteMigrateCommandsTakeTurns() throws Exception {
        String url = "file:" + dir.resolve("app.db");
        assertOneMigration(DatabaseTarget.parse(url, Path.of(".")), t -> command(url));
    }

    @Test
    void postgresServersStartTogether() throws Exception {
        try (PostgresTestDatabase database = PostgresTestDatabase.create()) {
            assertOneMigration(DatabaseTarget.parse(database.url(), Path.of(".")), this::server);
        }
    }

    @Test
    void sqliteServersStartTogether() throws Exception {
        assertOneMigration(DatabaseTarget.parse("file:" + dir.resolve("app.db"), Path.of(".")), this::server);
    }

    /** One instance's start; returns the number of migration steps it applied. */
    private interface Instance {
        int start(DatabaseTarget target) throws Exception;
    }

    private int migrator(DatabaseTarget target) throws Exception {
        try (Connection c = target.connect()) {
            return new Migrator(target.dialect()).migrate(SCHEMA, c, false, MigrationListener.NONE).applied().size();
        }
    }

    private int command(String url) throws Exception {
        Path file = dir.resolve("schema.prisma");
        synchronized (this) {
            if (!Files.exists(file)) {
                Files.writeString(file, SCHEMA_TEXT);
            }
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(System.getenv(), System.out, System.err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute("migrate", file.toString(), "--database-url", url);
        assertThat(code).as("plinth migrate exit code; stderr: %s", err).isZero();
        return out.toString().contains("nothing to do") ? 0 : 1;
    }

    private int server(DatabaseTarget target) throws Exception {
        try (ServedApi served = ServedApi.start(SCHEMA, target, false, new Authenticator(Optional.empty(), false),
                new ApiSettings("127.0.0.1", 0, ApiSettings.DEFAULT_MAX_BODY_BYTES, Optional.empty()))) {
            return served.migration().applied().size();
        }
    }

    private static void assertOneMigration(DatabaseTarget target, Instance instance) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(INSTANCES);
        CyclicBarrier together = new CyclicBarrier(INSTANCES);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                Callable<Integer> start = () -> {
                    together.await();
                    return instance.start(target);
                };
                results.add(pool.submit(start));
            }
            List<Integer> applied = new ArrayList<>();
            for (Future<Integer> result : results) {
                applied.add(result.get());
            }
            assertThat(applied).as("steps applied by each instance").filteredOn(n -> n > 0).hasSize(1);
            Migrator migrator = new Migrator(target.dialect());
            try (Connection c = target.connect()) {
                assertThat(migrator.history(c)).as("migrations recorded").hasSize(1);
                assertThat(migrator.plan(SCHEMA, c).steps()).isEmpty();
            }
            assertThat(target.kind()).isIn(DatabaseKind.SQLITE, DatabaseKind.POSTGRESQL);
        } finally {
            pool.shutdownNow();
        }
    }
}
