package dev.plinth.cli;

import dev.plinth.api.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plinth migrate diff|deploy|status|down} and {@code plinth serve --migrations files} as a user runs them:
 * output, exit codes, files written and not written. Run on SQLite and PostgreSQL by the subclasses.
 */
abstract class MigrationFilesCommandContract {

    /** The {@code --database-url} of a fresh, empty database for one test. */
    abstract String databaseUrl();

    @TempDir
    Path dir;

    static final String SCHEMA = """
            datasource db {
              provider = "sqlite"
              url      = "file:./dev.db"
            }

            model Contact {
              id    Int     @id @default(autoincrement())
              name  String
              phone String?
            }
            """;

    record Run(int exitCode, String out, String err) {
    }

    Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = PlinthCommand.commandLine(System.getenv(), System.out, System.err);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Runs {@code plinth migrate SUB schema.prisma --database-url URL ARGS…}. */
    Run migrate(String sub, String... args) {
        String[] all = Stream.concat(Stream.of("migrate", sub, schemaFile().toString(), "--database-url", databaseUrl()), Stream.of(args))
                .toArray(String[]::new);
        return run(all);
    }

    Path schemaFile() {
        return dir.resolve("schema.prisma");
    }

    void schema(String text) throws IOException {
        Files.writeString(schemaFile(), text);
    }

    List<Path> folders() throws IOException {
        Path migrations = dir.resolve("migrations");
        if (!Files.isDirectory(migrations)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(migrations)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void diffDeployStatusAndDownThroughTheCommandLine() throws Exception {
        schema(SCHEMA);
        Run empty = migrate("status");
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("Applied (0):", "Pending (0):", "Up to date.");

        Run init = migrate("diff", "--name", "init");
        assertThat(init.exitCode()).as(init.err()).isZero();
        assertThat(init.out()).contains("Wrote ", "_init" + java.io.File.separator + "migration.sql (1 step, 0 destructive) and down.sql");
        assertThat(folders()).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).matches("\\d{14}_init");
            assertThat(Files.readString(f.resolve("migration.sql"))).contains("-- additive: create table \"Contact\"");
            assertThat(Files.readString(f.resolve("down.sql"))).contains("DROP TABLE");
        });
        assertThat(Files.readString(dir.resolve("migrations/migration_lock.toml"))).containsPattern("provider = \"(sqlite|postgresql)\"");

        Run pending = migrate("status");
        assertThat(pending.exitCode()).isEqualTo(1);
        assertThat(pending.out()).contains("Pending (1):", "_init", "Not up to date: run plinth migrate deploy");

        Run deploy = migrate("deploy");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("Applying ", "_init", "Applied 1 migration; recorded in _plinth_migrations.");
        assertThat(migrate("status").exitCode()).isZero();
        assertThat(migrate("deploy").out()).contains("No pending migration; the database is up to date.");

        Run nothing = migrate("diff", "--name", "again");
        assertThat(nothing.exitCode()).isZero();
        assertThat(nothing.out()).contains("No changes: the schema matches what the migration files produce; nothing was written.");
        assertThat(folders()).hasSize(1);

        schema(SCHEMA.replace("  phone String?\n", ""));
        Run refused = migrate("diff", "--name", "drop_phone");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("Refused: the migration has 1 destructive step", "drop column \"phone\"", "Nothing was written");
        assertThat(folders()).hasSize(1);
        Run printed = migrate("diff", "--name", "drop_phone", "--sql-only");
        assertThat(printed.exitCode()).isZero();
        assertThat(printed.out()).contains("-- ==== migration.sql ====", "-- destructive: ", "-- ==== down.sql ====", "-- lossy: ");
        assertThat(folders()).as("--sql-only writes nothing").hasSize(1);
        Run forced = migrate("diff", "--name", "drop_phone", "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("1 destructive", "down.sql cannot restore everything");
        assertThat(Files.readString(folders().get(1).resolve("migration.sql"))).contains("-- destructive: ");

        Run second = migrate("deploy");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).as("the count is the folder's, the pending one is named").contains("(2 files)", "Applying ", "_drop_phone",
                "Applied 1 migration;").doesNotContain("Deploying 2");
        Run lossy = migrate("down");
        assertThat(lossy.exitCode()).isEqualTo(1);
        assertThat(lossy.err()).contains("down refused; nothing was changed", "_drop_phone/down.sql cannot restore everything");
        Run down = migrate("down", "--force");
        assertThat(down.exitCode()).as(down.err()).isZero();
        assertThat(down.out()).contains("Reverting ", "Reverted 1 migration; removed from _plinth_migrations.");
        Run after = migrate("status");
        assertThat(after.exitCode()).isEqualTo(1);
        assertThat(after.out()).contains("Pending (1):", "_drop_phone");
    }

    @Test
    void deployRefusesDriftNamingItAndExitsOne() throws Exception {
        schema(SCHEMA);
        assertThat(migrate("diff", "--name", "init").exitCode()).isZero();
        assertThat(migrate("deploy").exitCode()).isZero();
        // A change made outside the files: the automatic mode adds a column the files do not have.
        schema(SCHEMA.replace("  phone String?\n", "  phone String?\n  email String?\n"));
        assertThat(run("migrate", schemaFile().toString(), "--database-url", databaseUrl()).exitCode()).as("plinth migrate SCHEMA still works").isZero();
        Run status = migrate("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.out()).contains("Drift (the database differs from what the applied files produce):",
                "column \"email\" of \"Contact\" is in the database but not in the applied migration files");
        assertThat(migrate("diff", "--name", "email").exitCode()).isZero();
        Run deploy = migrate("deploy");
        assertThat(deploy.exitCode()).isEqualTo(1);
        assertThat(deploy.err()).contains("Refused: deploy refused; nothing was changed", "drift: column \"email\"");
    }

    @Test
    void diffWithRenameWritesARenameAndItsReverse() throws Exception {
        schema(SCHEMA);
        assertThat(migrate("diff", "--name", "init").exitCode()).isZero();
        assertThat(migrate("deploy").exitCode()).isZero();
        schema(SCHEMA.replace("  phone String?\n", "  mobile String?\n"));
        Run hinted = migrate("diff", "--name", "mobile");
        assertThat(hinted.exitCode()).as("without --rename: a drop and an add, refused").isEqualTo(1);
        assertThat(hinted.err()).as("the refusal says what to run (docs/migrations.md, \"Review\")")
                .contains("Hint: this looks like a rename: run with --rename Contact.phone=mobile");
        Run unknown = migrate("diff", "--name", "mobile", "--rename", "Contact.nothing=mobile");
        assertThat(unknown.exitCode()).as(unknown.err()).isEqualTo(1);
        assertThat(unknown.err()).contains("has no column of table Contact named nothing");
        Run bad = migrate("diff", "--name", "mobile", "--rename", "Contact.phone=nothing");
        assertThat(bad.exitCode()).as("the new name must be in the schema: " + bad.err()).isEqualTo(2);
        assertThat(folders()).hasSize(1);
        Run renamed = migrate("diff", "--name", "mobile", "--rename", "Contact.phone=mobile");
        assertThat(renamed.exitCode()).as(renamed.err()).isZero();
        Path folder = folders().get(1);
        assertThat(Files.readString(folder.resolve("migration.sql"))).contains("RENAME COLUMN \"phone\" TO \"mobile\"")
                .doesNotContain("DROP COLUMN");
        assertThat(Files.readString(folder.resolve("down.sql"))).contains("RENAME COLUMN \"mobile\" TO \"phone\"")
                .doesNotContain("-- lossy");
        Run deploy = migrate("deploy");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        assertThat(migrate("status").exitCode()).isZero();
        Run down = migrate("down");
        assertThat(down.exitCode()).as("a rename reverses without --force: " + down.err()).isZero();
    }

    @Test
    void resolveAppliedBaselinesADatabaseMadeInAutomaticMode() throws Exception {
        schema(SCHEMA);
        assertThat(run("migrate", schemaFile().toString(), "--database-url", databaseUrl()).exitCode()).isZero();
        assertThat(migrate("diff", "--name", "init", "--from-empty").exitCode()).isZero();
        String init = folders().get(0).getFileName().toString();
        Run refused = migrate("deploy");
        assertThat(refused.exitCode()).as("no file history yet: drift").isEqualTo(1);
        assertThat(refused.err()).contains("drift");

        assertThat(migrate("resolve").exitCode()).as("--applied or --rolled-back is required").isEqualTo(2);
        assertThat(migrate("resolve", "--applied", init, "--rolled-back", init).exitCode()).isEqualTo(2);
        Run unknown = migrate("resolve", "--applied", "20000101000000_nothing");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("there is no migration folder named 20000101000000_nothing", init);
        Run resolved = migrate("resolve", "--applied", init);
        assertThat(resolved.exitCode()).as(resolved.err()).isZero();
        assertThat(resolved.out()).contains("Recorded " + init + " as applied without running it");
        Run again = migrate("resolve", "--applied", init);
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("already recorded as applied");
        Run status = migrate("status");
        assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
        assertThat(status.out()).contains("Applied (1):", init, "Up to date.");

        schema(SCHEMA.replace("  phone String?\n", "  phone String?\n  email String?\n"));
        assertThat(migrate("diff", "--name", "email").exitCode()).isZero();
        Run deploy = migrate("deploy");
        assertThat(deploy.exitCode()).as(deploy.err()).isZero();
        assertThat(deploy.out()).contains("Applied 1 migration");
        Run rolledBack = migrate("resolve", "--rolled-back", init);
        assertThat(rolledBack.exitCode()).isEqualTo(1);
        assertThat(rolledBack.err()).contains("Prisma Migrate's history has no failed migration named " + init);
    }

    @Test
    void statusListsWhatAHeldStartKeeps() throws Exception {
        schema(SCHEMA);
        // Automatic mode records the tables Plinth manages; a later schema without phone holds its column.
        assertThat(run("migrate", schemaFile().toString(), "--database-url", databaseUrl()).exitCode()).isZero();
        schema(SCHEMA.replace("  phone String?\n", ""));
        Run held = run("migrate", schemaFile().toString(), "--database-url", databaseUrl(), "--hold-destructive");
        assertThat(held.exitCode()).as(held.err()).isZero();
        Run status = migrate("status");
        assertThat(status.out()).contains("Held (destructive changes kept by --hold-destructive; --force applies them):",
                "drop column \"phone\" of \"Contact\"");
    }

    @Test
    void wrongUsageExitsTwo() throws Exception {
        schema(SCHEMA);
        assertThat(migrate("diff", "--name", "no spaces").exitCode()).isEqualTo(2);
        assertThat(migrate("diff", "--name", "x", "--from-empty", "--from-database").exitCode()).isEqualTo(2);
        assertThat(migrate("diff").exitCode()).as("--name is required").isEqualTo(2);
        Run noSchema = run("migrate");
        assertThat(noSchema.exitCode()).isEqualTo(2);
        assertThat(noSchema.err()).contains("SCHEMA");
        assertThat(folders()).isEmpty();
        assertThat(run("serve", schemaFile().toString(), "--migrations", "sometimes").exitCode()).isEqualTo(2);
    }

    @Test
    void aFolderForTheOtherDatabaseOrWithoutMigrationSqlIsRefused() throws Exception {
        schema(SCHEMA);
        Files.createDirectories(dir.resolve("migrations/20260101000000_empty"));
        Run missing = migrate("deploy");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("20260101000000_empty has no migration.sql");
        Files.writeString(dir.resolve("migrations/20260101000000_empty/migration.sql"), "CREATE TABLE \"a\" (\"id\" INTEGER PRIMARY KEY);\nSELECT nonsense FROM nowhere;\n");
        Run broken = migrate("diff", "--name", "next");
        assertThat(broken.exitCode()).isEqualTo(1);
        assertThat(broken.err()).contains("the existing migration files do not replay on a scratch database",
                "20260101000000_empty failed at statement 2 of migration.sql", "SELECT nonsense FROM nowhere");
        assertThat(folders()).hasSize(1);
        Files.delete(dir.resolve("migrations/20260101000000_empty/migration.sql"));
        Files.delete(dir.resolve("migrations/20260101000000_empty"));
        boolean sqlite = !databaseUrl().startsWith("postgres");
        Files.writeString(dir.resolve("migrations/migration_lock.toml"), "provider = \"" + (sqlite ? "postgresql" : "sqlite") + "\"\n");
        Run other = migrate("diff", "--name", "init");
        assertThat(other.exitCode()).isEqualTo(1);
        assertThat(other.err()).contains("were written for " + (sqlite ? "postgresql" : "sqlite"));
        Files.writeString(dir.resolve("migrations/migration_lock.toml"), "garbage [[[\n");
        for (String sub : new String[]{"diff", "deploy", "status"}) {
            Run garbled = sub.equals("diff") ? migrate(sub, "--name", "init") : migrate(sub);
            assertThat(garbled.exitCode()).as(sub).isEqualTo(1);
            assertThat(garbled.err()).contains("migration_lock.toml names no provider");
        }
        Files.delete(dir.resolve("migrations/migration_lock.toml"));
        Files.delete(dir.resolve("migrations"));
        Files.writeString(dir.resolve("migrations"), "not a folder");
        for (String sub : new String[]{"diff", "deploy", "status"}) {
            Run file = sub.equals("diff") ? migrate(sub, "--name", "init") : migrate(sub);
            assertThat(file.exitCode()).as(sub + ": not up to date with no files").isEqualTo(1);
            assertThat(file.err()).contains("migrations is a file, not the folder of migrations");
        }
    }

    @Test
    void serveWithMigrationsFilesChangesNothingAndStartsOnlyWhenEverythingIsApplied() throws Exception {
        schema(SCHEMA);
        assertThat(migrate("diff", "--name", "init").exitCode()).isZero();
        Serve pending = serve(Map.of("PLINTH_MIGRATIONS", "files"));
        assertThat(pending.served()).isEmpty();
        assertThat(pending.err()).contains("--migrations files: the database is not ready", "_init is pending; apply it with plinth migrate deploy");
        assertThat(migrate("status").out()).as("serve changed nothing").contains("Applied (0):");
        if (databaseUrl().startsWith("file:")) {
            assertThat(pending.err()).contains("does not exist; create it with plinth migrate deploy");
            assertThat(dir.resolve("app.db")).as("not created by serve").doesNotExist();
        }

        assertThat(migrate("deploy").exitCode()).isZero();
        schema(SCHEMA.replace("  phone String?\n", "  phone String?\n  email String?\n"));
        Serve differs = serve(Map.of(), "--migrations", "files");
        assertThat(differs.served()).isEmpty();
        assertThat(differs.err()).contains("the database does not match the schema (add column \"email\"", "plinth migrate diff");

        assertThat(migrate("diff", "--name", "email").exitCode()).isZero();
        assertThat(migrate("deploy").exitCode()).isZero();
        Serve ready = serve(Map.of("PLINTH_MIGRATIONS", "files"));
        assertThat(ready.served()).as(ready.err()).isPresent();
        assertThat(ready.err()).doesNotContain("ignored");
        ready.served().get().close();
        Serve flags = serve(Map.of("PLINTH_MIGRATIONS", "files", "PLINTH_HOLD_DESTRUCTIVE", "1"), "--force", "--rename", "Contact.fax=phone");
        assertThat(flags.err()).as("options that change the schema are not ignored silently")
                .contains("note: --migrations files: serve never changes the schema, so --force, --hold-destructive, --rename are ignored");
        flags.served().ifPresent(ServedApi::close);
    }

    record Serve(Optional<ServedApi> served, String err) {
    }

    Serve serve(Map<String, String> environment, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = PlinthCommand.commandLine(environment, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] all = Stream.concat(Stream.of("serve", schemaFile().toString(), "--port", "0", "--database-url", databaseUrl()), Stream.of(args))
                .toArray(String[]::new);
        cli.parseArgs(all);
        ServeCommand serve = (ServeCommand) cli.getSubcommands().get("serve").getCommand();
        Optional<ServedApi> served = serve.open();
        return new Serve(served, err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void twoDeployProcessesApplyEachFileOnce() throws Exception {
        schema(SCHEMA);
        assertThat(migrate("diff", "--name", "init").exitCode()).isZero();
        schema(SCHEMA.replace("  phone String?\n", "  phone String?\n  email String?\n"));
        assertThat(migrate("diff", "--name", "email").exitCode()).isZero();
        schema(SCHEMA.replace("  phone String?\n", "  phone String?\n  email String?\n") + "\nmodel Company {\n  id Int @id\n  name String\n}\n");
        assertThat(migrate("diff", "--name", "company").exitCode()).isZero();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            processes.add(new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    PlinthCommand.class.getName(), "migrate", "deploy", schemaFile().toString(), "--database-url", databaseUrl())
                    .redirectErrorStream(true).start());
        }
        StringBuilder both = new StringBuilder();
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor()).as(output).isZero();
            both.append(output);
        }
        List<String> applying = both.toString().lines().filter(l -> l.startsWith("Applying ")).toList();
        assertThat(applying).as(both.toString()).hasSize(3).doesNotHaveDuplicates();
        Run status = migrate("status");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).contains("Applied (3):");
    }
}
