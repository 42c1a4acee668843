package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@link StudioOrphanContract} on SQLite. */
class StudioOrphanSqliteTest extends StudioOrphanContract {

    @Override
    DatabaseTarget newTarget() throws Exception {
        Path dir = Files.createTempDirectory("plinth-orphan");
        return DatabaseTarget.parse("file:" + dir.resolve("orphan.db"), dir);
    }

    @Override
    void dropTarget() {
        // the temporary file stays with the other test files of the run
    }
}
