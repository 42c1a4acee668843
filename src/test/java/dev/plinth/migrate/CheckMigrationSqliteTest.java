package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** @@check migrations on SQLite. */
class CheckMigrationSqliteTest extends CheckMigrationContract {

    @TempDir
    Path dir;

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + dir.resolve("products.db"), dir);
    }
}
