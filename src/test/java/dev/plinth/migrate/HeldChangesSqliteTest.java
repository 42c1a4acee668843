package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link HeldChangesContract} on SQLite. */
class HeldChangesSqliteTest extends HeldChangesContract {

    @TempDir
    Path dir;

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + dir.resolve("held.db"), dir);
    }
}
