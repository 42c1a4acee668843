package dev.plinth.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code plinth migrate --rename}, hints and {@code --dry-run --json} on a SQLite file. */
class RenameCommandSqliteTest extends RenameCommandContract {

    @Override
    String provider() {
        return "sqlite";
    }

    @Override
    String databaseUrl() {
        return "file:" + dir.resolve("dev.db");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dev.db"));
    }

    @Test
    void concurrentIndexesIsIgnoredWithANote() throws Exception {
        Path file = contacts();
        Run run = run("migrate", file.toString(), "--database-url", databaseUrl(), "--dry-run", "--json", "--concurrent-indexes",
                "--rename", "Contact.phone=mobile");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("note: --concurrent-indexes is ignored on SQLite");
        assertThat(run.out()).contains("--concurrent-indexes is ignored on SQLite").doesNotContain("CONCURRENTLY");
    }
}
