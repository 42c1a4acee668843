package dev.plinth.migrate;

import dev.plinth.schema.SchemaLoader;
import dev.plinth.schema.model.Schema;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.DatabaseTarget;
import dev.plinth.sql.ddl.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Migration files as a team uses them: {@code diff} writes migration.sql and down.sql from what the files before it
 * produce, {@code deploy} applies pending files each in one transaction with its checksum, refusing edited, missing
 * and drifted states, resuming after a failed file, applying each file once under concurrent deploys; down.sql
 * gives back the exact structure from before (and says when it cannot); Prisma Migrate's history counts as applied.
 * Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class MigrationFilesContract {

    /** A fresh, empty database for one test. */
    abstract DatabaseTarget target();

    @TempDir
    Path project;

    private Instant now = Instant.parse("2026-01-02T03:04:05Z");

    static final String V1 = """
            model Contact {
              id    Int     @id @default(autoincrement())
              name  String
              phone String?
              @@index([name])
            }
            """;

    static final String V2 = """
            enum Stage {
              LEAD
              CUSTOMER
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              contacts Contact[]
            }

            model Contact {
              id        Int      @id @default(autoincrement())
              name      String
              phone     String?
              email     String?  @unique
              score     Int      @default(0)
              stage     Stage    @default(LEAD)
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id], onDelete: SetNull)
              @@index([name])
              @@check(score >= 0)
            }
            """;

    /** Drops a column (lossy), makes one optional, changes a default, adds an enum value and an index, widens a type. */
    static final String V3 = """
            enum Stage {
              LEAD
              CUSTOMER
              LOST
            }

            model Company {
              id       Int       @id @default(autoincrement())
              name     String    @unique
              contacts Contact[]
            }

            model Contact {
              id        Int      @id @default(autoincrement())
              name      String?
              email     String?  @unique
              score     BigInt   @default(1)
              stage     Stage    @default(LEAD)
              companyId Int?
              company   Company? @relation(fields: [companyId], references: [id], onDelete: SetNull)
              @@index([name])
              @@index([stage, score])
              @@check(score >= 0)
            }
            """;

    static Schema schema(String text) {
        dev.plinth.schema.SchemaResult result = SchemaLoader.parse("schema.prisma", text);
        return result.schema().orElseThrow(() -> new AssertionError(result.errors()));
    }

    MigrationDirectory directory() {
        return new MigrationDirectory(project.resolve("migrations"));
    }

    MigrationDiff.Planned plan(String schema, String name) throws Exception {
        return new MigrationDiff(target()).plan(schema(schema), name, MigrationDiff.Start.FILES, directory().folders(), Optional.empty());
    }

    MigrationFolder write(String schema, String name) throws Exception {
        MigrationDiff.Planned planned = plan(schema, name);
        assertThat(planned.isEmpty()).as("a change to write").isFalse();
        now = now.plusSeconds(60);
        return directory().write(name, planned.upScript(), planned.downScript(), target().kind(), Clock.fixed(now, ZoneOffset.UTC));
    }

    MigrationDeployer.Deployed deploy() throws Exception {
        try (Connection c = target().connect()) {
            return new MigrationDeployer(target()).deploy(c, directory().folders(), name -> { });
        }
    }

    List<String> down(Optional<String> to, boolean force) throws Exception {
        try (Connection c = target().connect()) {
            return new MigrationRollback(target()).down(c, directory().folders(), to, force, name -> { });
        }
    }

    MigrationFilesStatus status() throws Exception {
        try (Connection c = target().connect()) {
            return new MigrationFilesInspector(target()).inspect(c, directory().folders());
        }
    }

    Snapshot snapshot() throws Exception {
        try (Connection c = target().connect()) {
            return MigrationFilesInspector.liveSnapshot(c);
        }
    }

    void sql(String... statements) throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    long count(String query) throws Exception {
        try (Connection c = target().connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            r.next();
            return r.getLong(1);
        }
    }

    boolean matchesSchema(String text) throws Exception {
        try (Connection c = target().connect()) {
            return new Migrator(target().dialect()).plan(schema(text), c).isEmpty();
        }
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void downRefusesToDropWhatHoldsDataWrittenSinceUnlessForced() throws Exception {
        write(V1, "init");
        MigrationFolder company = write(V2, "company");
        assertThat(DownDrop.in(company.down().orElseThrow())).contains(new DownDrop("Company", Optional.empty()),
                new DownDrop("Contact", Optional.of("companyId")));
        assertThat(company.down().orElseThrow()).contains("-- drops: table \"Company\"", "-- drops: column \"Contact\".\"companyId\"");
        deploy();
        sql("INSERT INTO \"Company\" (\"name\") VALUES ('Acme')");
        assertThatThrownBy(() -> down(Optional.empty(), false)).isInstanceOf(MigrationRefusedByFilesException.class)
                .hasMessageContaining(company.name() + "/down.sql drops data written since it was applied (run with --force to accept)")
                .hasMessageContaining("table \"Company\" holding 1 row");
        assertThat(snapshot().table("Company")).as("nothing ran").isPresent();
        sql("DELETE FROM \"Company\"");
        assertThat(down(Optional.empty(), false)).as("empty again: nothing is lost").containsExactly(company.name());
        assertThat(snapshot().table("Company")).isEmpty();
    }

    @Test
    void theFirstDiffStartsFromEmptyAndDeployRecordsNameAndChecksum() throws Exception {
        MigrationFolder init = write(V1, "init");
        assertThat(init.name()).isEqualTo("20260102030505_init");
        assertThat(init.sql()).contains("-- additive: create table \"Contact\"", "CREATE TABLE \"Contact\"");
        assertThat(directory().lockedProvider()).contains(target().kind() == DatabaseKind.SQLITE ? "sqlite" : "postgresql");
        assertThat(status().pending()).extracting(MigrationFolder::name).containsExactly(init.name());

        assertThat(deploy().applied()).containsExactly(init.name());
        assertThat(matchesSchema(V1)).as("the files bring the database to the schema").isTrue();
        MigrationHistory.Entry entry = history().get(0);
        assertThat(entry.migrationName()).contains(init.name());
        assertThat(entry.checksum()).isEqualTo(sha256(Files.readString(init.directory().resolve("migration.sql"))));
        assertThat(status().upToDate()).isTrue();
        assertThat(deploy().applied()).as("nothing pending the second time").isEmpty();
        assertThat(plan(V1, "again").isEmpty()).as("the files already produce the schema").isTrue();
    }

    List<MigrationHistory.Entry> history() throws Exception {
        try (Connection c = target().connect()) {
            return new MigrationHistory(target().dialect()).entries(c);
        }
    }

    @Test
    void upThenDownGivesBackTheSnapshotFromBefore() throws Exception {
        write(V1, "init");
        deploy();
        for (String[] change : new String[][]{{V2, "company_and_stage"}, {V3, "reshape"}}) {
            Snapshot before = snapshot();
            MigrationFolder folder = write(change[0], change[1]);
            deploy();
            assertThat(matchesSchema(change[0])).as(change[1] + " reaches the schema").isTrue();
            Snapshot after = snapshot();
            assertThat(down(Optional.empty(), true)).containsExactly(folder.name());
            assertThat(new SnapshotDifferences("before " + change[1], "after its down.sql").between(before, snapshot()))
                    .as("down.sql of " + change[1]).isEmpty();
            assertThat(status().pending()).extracting(MigrationFolder::name).containsExactly(folder.name());
            deploy();
            assertThat(new SnapshotDifferences("first deploy", "deploy after down").between(after, snapshot())).isEmpty();
        }
        assertThat(status().upToDate()).isTrue();
    }

    @Test
    void downOfAFirstMigrationDropsTablesThatReferenceEachOther() throws Exception {
        // The down.sql of an init with a relation drops both tables: PostgreSQL refuses DROP TABLE of a table
        // another table's foreign key references, so the key goes first.
        MigrationFolder init = write(V2, "init");
        assertThat(Files.readString(init.directory().resolve("down.sql"))).doesNotContain("-- lossy");
        deploy();
        sql("INSERT INTO \"Company\" (\"name\") VALUES ('Acme')",
                "INSERT INTO \"Contact\" (\"name\", \"companyId\") VALUES ('Ada', 1)");
        assertThatThrownBy(() -> down(Optional.empty(), false)).as("the rows written since would be lost")
                .hasMessageContaining("table \"Company\" holding 1 row; table \"Contact\" holding 1 row");
        assertThat(down(Optional.empty(), true)).containsExactly(init.name());
        assertThat(snapshot().tables()).isEmpty();
        assertThat(snapshot().enums()).as("the enum type of the dropped table goes with it (PostgreSQL)").isEmpty();
        assertThat(status().pending()).extracting(MigrationFolder::name).containsExactly(init.name());
        assertThat(deploy().applied()).containsExactly(init.name());
        assertThat(matchesSchema(V2)).isTrue();
    }

    @Test
    void namesHoldingCommentMarksAndSemicolonsDeployWhole() throws Exception {
        // Every statement of the file runs: on SQLite the three full-text triggers of a table whose name holds "--".
        String odd = """
                model Odd {
                  id   Int     @id @default(autoincrement())
                  note String  @default("a;b -- c /* d */ 'e'") @map("no;te")
                  body String? @map("bo$$dy")
                  @@map("we;ird -- name")
                  @@index([note], map: "idx;x -- y")
                  @@fulltext([note, body])
                }
                """;
        write(odd, "init");
        deploy();
        assertThat(matchesSchema(odd)).as("the deployed file made everything, the full-text index included").isTrue();
        if (target().kind() == DatabaseKind.SQLITE) {
            assertThat(count("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'we;ird -- name_fts_a_'")).isEqualTo(3);
        }
        sql("INSERT INTO \"we;ird -- name\" (\"bo$$dy\") VALUES ('x')");
        MigrationFolder extra = write(odd.replace("  body String? @map(\"bo$$dy\")\n", "  body String? @map(\"bo$$dy\")\n  extra Int?\n"), "extra");
        assertThat(Files.readString(extra.directory().resolve("down.sql"))).doesNotContain("-- lossy");
        deploy();
        assertThat(down(Optional.empty(), false)).containsExactly(extra.name());
        assertThat(matchesSchema(odd)).isTrue();
    }

    @Test
    void aDroppedColumnMakesDownLossyAndItNeedsForce() throws Exception {
        write(V1, "init");
        deploy();
        MigrationDiff.Planned planned = plan(V1.replace("  phone String?\n", ""), "drop_phone");
        assertThat(planned.up().hasDestructiveSteps()).isTrue();
        assertThat(planned.upScript()).containsPattern("-- destructive: .*drop column \"phone\"");
        assertThat(planned.downScript()).containsPattern("-- lossy: .*drop column \"phone\".*not restored").contains("\"phone\" TEXT");
        write(V1.replace("  phone String?\n", ""), "drop_phone");
        deploy();
        sql("INSERT INTO \"Contact\" (\"name\") VALUES ('Ada')");
        assertThatThrownBy(() -> down(Optional.empty(), false)).isInstanceOf(MigrationRefusedByFilesException.class)
                .hasMessageContaining("drop_phone/down.sql cannot restore everything").hasMessageContaining("--force");
        assertThat(snapshot().table("Contact").orElseThrow().column("phone")).as("nothing was run").isEmpty();
        down(Optional.empty(), true);
        assertThat(snapshot().table("Contact").orElseThrow().column("phone")).isPresent();
        assertThat(count("SELECT COUNT(*) FROM \"Contact\" WHERE \"phone\" IS NULL")).as("rows kept, values not restored").isEqualTo(1);
    }

    @Test
    void downToANameRevertsEverythingAfterItNewestFirst() throws Exception {
        MigrationFolder init = write(V1, "init");
        deploy();
        Snapshot afterInit = snapshot();
        MigrationFolder second = write(V2, "company_and_stage");
        MigrationFolder third = write(V2.replace("  score     Int      @default(0)\n", "  score     Int      @default(0)\n  note      String?\n"), "note");
        deploy();
        assertThat(down(Optional.of(init.name()), false)).containsExactly(third.name(), second.name());
        assertThat(new SnapshotDifferences("after init", "after down --to init").between(afterInit, snapshot())).isEmpty();
        assertThat(history()).extracting(e -> e.migrationName().orElse("")).containsExactly(init.name());
        assertThatThrownBy(() -> down(Optional.of("20990101000000_nope"), false)).hasMessageContaining("is not an applied migration");
        Files.delete(init.directory().resolve("down.sql"));
        assertThatThrownBy(() -> down(Optional.empty(), true)).isInstanceOf(MigrationRefusedByFilesException.class)
                .hasMessageContaining(init.name() + " has no down.sql");
    }

    @Test
    void deployRefusesAnEditedFileAMissingFolderAndDriftApplyingNothing() throws Exception {
        MigrationFolder init = write(V1, "init");
        deploy();
        write(V2, "company_and_stage");
        Files.writeString(init.directory().resolve("migration.sql"), init.sql() + "\n-- edited\n");
        assertThatThrownBy(this::deploy).isInstanceOf(MigrationRefusedByFilesException.class)
                .hasMessageContaining("the migration " + init.name() + " was edited after it was applied");
        assertThat(snapshot().table("Company")).as("nothing applied").isEmpty();
        // Line endings changed by git are not an edit (as Prisma's checksum comparison allows).
        Files.writeString(init.directory().resolve("migration.sql"), init.sql().replace("\n", "\r\n"));
        assertThat(status().problems()).isEmpty();
        Files.writeString(init.directory().resolve("migration.sql"), init.sql());

        Path moved = project.resolve("elsewhere");
        Files.move(init.directory(), moved);
        assertThatThrownBy(this::deploy).hasMessageContaining("the migration " + init.name() + " is applied")
                .hasMessageContaining("folder is missing");
        Files.move(moved, init.directory());

        sql("CREATE TABLE \"handmade\" (\"id\" INTEGER PRIMARY KEY)", "CREATE INDEX \"by_phone\" ON \"Contact\" (\"phone\")");
        MigrationFilesStatus drifted = status();
        assertThat(drifted.drift()).anyMatch(d -> d.contains("table \"handmade\" is in the database but not in the applied migration files"))
                .anyMatch(d -> d.contains("index \"by_phone\" of \"Contact\" is in the database"));
        assertThat(drifted.upToDate()).isFalse();
        assertThatThrownBy(this::deploy).hasMessageContaining("drift: table \"handmade\"");
        assertThat(snapshot().table("Company")).as("nothing applied").isEmpty();
        sql("DROP TABLE \"handmade\"", "DROP INDEX \"by_phone\"");
        deploy();
        assertThat(matchesSchema(V2)).isTrue();
    }

    @Test
    void aFileFailingHalfwayIsRolledBackUnrecordedAndTheNextDeployResumes() throws Exception {
        write(V1, "init");
        Path folder = directory().path().resolve("20260102040000_broken");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("migration.sql"), "CREATE TABLE \"half\" (\"id\" INTEGER PRIMARY KEY);\n"
                + "INSERT INTO \"Contact\" (\"name\") VALUES ('kept only if all runs');\n"
                + "INSERT INTO \"nowhere\" VALUES (1);\n");
        assertThatThrownBy(this::deploy).isInstanceOf(MigrationFileFailedException.class)
                .hasMessageContaining("the migration 20260102040000_broken failed at statement 3 of migration.sql")
                .hasMessageContaining("INSERT INTO \"nowhere\" VALUES (1)")
                .hasMessageContaining("nothing of 20260102040000_broken/migration.sql was applied or recorded");
        assertThat(snapshot().table("half")).isEmpty();
        assertThat(snapshot().table("Contact")).as("the file before it stays applied").isPresent();
        assertThat(count("SELECT COUNT(*) FROM \"Contact\"")).isZero();
        assertThat(status().pending()).extracting(MigrationFolder::name).containsExactly("20260102040000_broken");
        Files.writeString(folder.resolve("migration.sql"), "CREATE TABLE \"half\" (\"id\" INTEGER PRIMARY KEY);\n");
        assertThat(deploy().applied()).containsExactly("20260102040000_broken");
        assertThat(status().upToDate()).isTrue();
    }

    @Test
    void twoConcurrentDeploysApplyEachFileOnce() throws Exception {
        write(V1, "init");
        write(V2, "company_and_stage");
        write(V3, "reshape");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<List<String>> deploy = () -> {
                start.await();
                return deploy().applied();
            };
            Future<List<String>> a = pool.submit(deploy);
            Future<List<String>> b = pool.submit(deploy);
            start.countDown();
            List<String> both = new ArrayList<>(a.get());
            both.addAll(b.get());
            assertThat(both).as("every file applied by exactly one of them").hasSize(3).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
        assertThat(history()).hasSize(3);
        assertThat(matchesSchema(V3)).isTrue();
    }

    @Test
    void aHistoryTableFromBeforeMigrationFilesGetsTheNameColumnAndKeepsItsRows() throws Exception {
        try (Connection c = target().connect()) {
            new Migrator(target().dialect()).migrate(schema(V1), c, false, MigrationListener.NONE);
            try (Statement s = c.createStatement()) {
                // the table as versions before migration files made it: without the migration_name column
                s.execute("ALTER TABLE \"_plinth_migrations\" DROP COLUMN \"migration_name\"");
            }
        }
        assertThat(history()).singleElement().satisfies(e -> assertThat(e.migrationName()).isEmpty());
        // The database made automatically is baselined by a first file that describes it.
        MigrationDiff.Planned baseline = new MigrationDiff(target()).plan(schema(V1), "baseline", MigrationDiff.Start.EMPTY, List.of(), Optional.empty());
        MigrationFolder folder = directory().write("baseline", baseline.upScript(), baseline.downScript(), target().kind(), Clock.systemUTC());
        try (Connection c = target().connect()) {
            new MigrationHistory(target().dialect()).recordFile(c, folder.name(), folder.checksum(), folder.sql(), List.of("Contact"));
        }
        write(V2, "company_and_stage");
        deploy();
        assertThat(history()).extracting(e -> e.migrationName().orElse("automatic"))
                .containsExactly("automatic", folder.name(), directory().folders().get(1).name());
        assertThat(new MigrationHistory(target().dialect()).managedTables(target().connect())).contains("Company", "Contact");
        try (Connection c = target().connect()) {
            assertThat(new Migrator(target().dialect()).migrate(schema(V2), c, false, MigrationListener.NONE).applied())
                    .as("automatic mode still reads the history").isEmpty();
        }
    }

    @Test
    void prismaMigrateHistoryCountsAsAppliedAndItsFoldersDeploy() throws Exception {
        boolean sqlite = target().kind() == DatabaseKind.SQLITE;
        Files.writeString(project.resolve("schema.prisma"), V1);
        Path prisma = project.resolve("prisma/migrations");
        Files.createDirectories(prisma.resolve("20240101000000_init"));
        Files.writeString(prisma.resolve("migration_lock.toml"), "provider = \"" + (sqlite ? "sqlite" : "postgresql") + "\"\n");
        String init = "-- CreateTable\nCREATE TABLE \"Contact\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY,\n    \"name\" TEXT NOT NULL\n);\n";
        Files.writeString(prisma.resolve("20240101000000_init/migration.sql"), init);
        sql(init.replace("-- CreateTable\n", ""));
        sql(sqlite ? "CREATE TABLE \"_prisma_migrations\" (\"id\" TEXT PRIMARY KEY NOT NULL, \"checksum\" TEXT NOT NULL, \"finished_at\" DATETIME,"
                + " \"migration_name\" TEXT NOT NULL, \"logs\" TEXT, \"rolled_back_at\" DATETIME,"
                + " \"started_at\" DATETIME NOT NULL DEFAULT current_timestamp, \"applied_steps_count\" INTEGER UNSIGNED NOT NULL DEFAULT 0)"
                : "CREATE TABLE \"_prisma_migrations\" (\"id\" VARCHAR(36) PRIMARY KEY NOT NULL, \"checksum\" VARCHAR(64) NOT NULL,"
                + " \"finished_at\" TIMESTAMPTZ, \"migration_name\" VARCHAR(255) NOT NULL, \"logs\" TEXT, \"rolled_back_at\" TIMESTAMPTZ,"
                + " \"started_at\" TIMESTAMPTZ NOT NULL DEFAULT now(), \"applied_steps_count\" INTEGER NOT NULL DEFAULT 0)");
        sql("INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"finished_at\", \"migration_name\", \"applied_steps_count\") VALUES ('a1', '"
                + sha256(init) + "', CURRENT_TIMESTAMP, '20240101000000_init', 1)");
        MigrationDirectory found = MigrationDirectory.of(project.resolve("schema.prisma"));
        assertThat(found.path()).isEqualTo(prisma);
        MigrationFilesStatus status;
        try (Connection c = target().connect()) {
            status = new MigrationFilesInspector(target()).inspect(c, found.folders());
        }
        assertThat(status.applied()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("20240101000000_init");
            assertThat(a.source()).isEqualTo(AppliedMigration.Source.PRISMA);
        });
        assertThat(status.upToDate()).as(String.valueOf(status)).isTrue();

        Files.createDirectories(prisma.resolve("20240201000000_phone"));
        Files.writeString(prisma.resolve("20240201000000_phone/migration.sql"), "-- AlterTable\nALTER TABLE \"Contact\" ADD COLUMN \"phone\" TEXT;\n");
        try (Connection c = target().connect()) {
            assertThat(new MigrationDeployer(target()).deploy(c, found.folders(), n -> { }).applied()).containsExactly("20240201000000_phone");
            assertThat(new MigrationFilesInspector(target()).inspect(c, found.folders()).upToDate()).isTrue();
        }
        assertThat(snapshot().table("Contact").orElseThrow().column("phone")).isPresent();
        assertThat(count("SELECT COUNT(*) FROM \"_prisma_migrations\"")).as("Prisma's table is only read").isEqualTo(1);
        assertThat(history()).extracting(e -> e.migrationName().orElse("")).as("Prisma's own folder recorded by Plinth").containsExactly("20240201000000_phone");

        sql("INSERT INTO \"_prisma_migrations\" (\"id\", \"checksum\", \"migration_name\", \"started_at\") VALUES ('a2', 'x', '20240301000000_failed', CURRENT_TIMESTAMP)");
        try (Connection c = target().connect()) {
            assertThat(new MigrationFilesInspector(target()).inspect(c, found.folders()).problems()).singleElement().asString()
                    .contains("20240301000000_failed failed under Prisma Migrate", "prisma migrate resolve");
        }
        try (Connection c = target().connect()) {
            assertThatThrownBy(() -> new MigrationResolver(target()).markRolledBack(c, "20240201000000_phone"))
                    .as("only a failed migration can be marked rolled back").hasMessageContaining("(failed: 20240301000000_failed)");
            new MigrationResolver(target()).markRolledBack(c, "20240301000000_failed");
            assertThat(new MigrationFilesInspector(target()).inspect(c, found.folders()).problems()).isEmpty();
        }
        assertThat(count("SELECT COUNT(*) FROM \"_prisma_migrations\" WHERE \"rolled_back_at\" IS NOT NULL")).isEqualTo(1);
        Files.writeString(prisma.resolve("20240101000000_init/migration.sql"), init + "-- changed\n");
        try (Connection c = target().connect()) {
            assertThat(new MigrationFilesInspector(target()).inspect(c, found.folders()).problems())
                    .singleElement().asString().contains("20240101000000_init was edited", "_prisma_migrations recorded " + sha256(init));
            assertThatThrownBy(() -> new MigrationRollback(target()).down(c, found.folders(), Optional.of("20240101000000_init"), true, n -> { }))
                    .as("Plinth's own migration has no down.sql either").hasMessageContaining("has no down.sql");
        }
    }

    @Test
    void fromDatabaseAndFromEmptyChooseTheStart() throws Exception {
        write(V1, "init");
        deploy();
        sql("ALTER TABLE \"Contact\" ADD COLUMN \"email\" TEXT");
        MigrationDiff diff = new MigrationDiff(target());
        try (Connection c = target().connect()) {
            MigrationDiff.Planned fromDb = diff.plan(schema(V1), "x", MigrationDiff.Start.DATABASE, directory().folders(), Optional.of(c));
            assertThat(fromDb.upScript()).contains("drop column \"email\"").doesNotContain("CREATE TABLE \"Contact\"");
            assertThat(fromDb.downScript()).contains("\"email\" TEXT");
        }
        MigrationDiff.Planned fromEmpty = diff.plan(schema(V1), "x", MigrationDiff.Start.EMPTY, directory().folders(), Optional.empty());
        assertThat(fromEmpty.upScript()).contains("CREATE TABLE \"Contact\"");
        assertThat(fromEmpty.downScript()).contains("DROP TABLE").doesNotContain("-- lossy");
        assertThat(plan(V1, "x").isEmpty()).as("from the files nothing changes").isTrue();
    }

    static final String NAMED = """
            generator plinth {
              provider = "plinth"
              %s
            }

            model Company {
              id       Int           @id @default(autoincrement())
              name     String        @unique
              bookings RoomBooking[]
            }

            model RoomBooking {
              id          Int     @id @default(autoincrement())
              displayName String
              companyId   Int
              company     Company @relation(fields: [companyId], references: [id])
              @@index([displayName])
            }
            """;

    @Test
    void renamesAreReversedByNameKeepingTheRows() throws Exception {
        write(NAMED.formatted("naming = \"exact\""), "init");
        deploy();
        sql("INSERT INTO \"Company\" (\"name\") VALUES ('Acme')",
                "INSERT INTO \"RoomBooking\" (\"displayName\", \"companyId\") VALUES ('Blue room', 1)");
        Snapshot before = snapshot();
        MigrationFolder snake = write(NAMED.formatted("naming = \"snake_case\""), "snake_case");
        assertThat(snake.sql()).contains("rename table \"RoomBooking\" to \"room_booking\"");
        assertThat(snake.down().orElseThrow()).doesNotContain("-- lossy")
                .contains("ALTER TABLE \"room_booking\" RENAME TO \"RoomBooking\"")
                .containsPattern("RENAME COLUMN \"display_name\" TO \"displayName\"");
        deploy();
        assertThat(count("SELECT COUNT(*) FROM \"room_booking\" WHERE \"display_name\" = 'Blue room'")).isEqualTo(1);
        down(Optional.empty(), false);
        assertThat(new SnapshotDifferences("before the renames", "after their down.sql").between(before, snapshot())).isEmpty();
        assertThat(count("SELECT COUNT(*) FROM \"RoomBooking\" WHERE \"displayName\" = 'Blue room' AND \"companyId\" = 1"))
                .as("the rows survive both ways").isEqualTo(1);
    }

    @Test
    void aFullTextIndexIsDroppedAndMadeAgainByDownScripts() throws Exception {
        write(V1, "init");
        deploy();
        Snapshot before = snapshot();
        SideObjects sideBefore = side();
        String withSearch = V1.replace("  @@index([name])\n", "  @@index([name])\n  @@fulltext([name, phone])\n");
        MigrationFolder search = write(withSearch, "search");
        deploy();
        assertThat(matchesSchema(withSearch)).isTrue();
        assertThat(search.lossy()).isEmpty();
        down(Optional.empty(), false);
        assertThat(new SnapshotDifferences("before", "after down").between(before, snapshot())).isEmpty();
        assertThat(sideBefore.differencesFrom(side())).as("FTS5 table and triggers, or the GIN index, gone").isEmpty();
        deploy();
        sql("INSERT INTO \"Contact\" (\"name\") VALUES ('Grace Hopper')");
        // the reverse of the reverse: removing the index writes a down.sql that makes it again and re-indexes
        MigrationFolder removal = write(V1, "no_search");
        assertThat(removal.lossy()).isEmpty();
        deploy();
        down(Optional.empty(), false);
        assertThat(matchesSchema(withSearch)).as("the full-text index is back").isTrue();
        assertThat(sideBefore.differencesFrom(side())).isNotEmpty();
        if (target().kind() == DatabaseKind.SQLITE) {
            assertThat(count("SELECT COUNT(*) FROM \"Contact_fts\" WHERE \"Contact_fts\" MATCH 'hopper'")).as("re-indexed").isEqualTo(1);
        }
    }

    SideObjects side() throws Exception {
        try (Connection c = target().connect()) {
            return SideObjects.read(c, target().kind());
        }
    }
}
