package dev.plinth.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth db inspect} and {@code db pull} on a SQLite file. */
class DbCommandSqliteTest extends DbCommandContract {

    @Override
    String provider() {
        return "sqlite";
    }

    @Override
    String databaseUrl() {
        return "file:" + dir.resolve("dev.db");
    }

    @Test
    void aMissingFileIsAnErrorAndIsNotCreated() {
        Run run = run("db", "pull", "--database-url", "file:" + dir.resolve("missing.db"));
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("no such SQLite database file", "nothing was created");
        assertThat(dir.resolve("missing.db")).doesNotExist();
    }

    @Test
    void inspectingLeavesTheFileUnchanged() throws Exception {
        java.nio.file.Path file = dir.resolve("dev.db");
        byte[] before = java.nio.file.Files.readAllBytes(file);
        assertThat(run("db", "inspect", "--database-url", databaseUrl(), "--json").exitCode()).isZero();
        assertThat(run("db", "pull", "--database-url", databaseUrl()).exitCode()).isZero();
        assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(before);
        // A reader of a WAL database may leave SQLite's -wal and -shm files behind; nothing is written to the log.
        java.nio.file.Path wal = dir.resolve("dev.db-wal");
        assertThat(!java.nio.file.Files.exists(wal) || java.nio.file.Files.size(wal) == 0).as("the write-ahead log is empty").isTrue();
    }
}
