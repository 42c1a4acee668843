package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@link HoldDestructiveContract} on SQLite. */
class HoldDestructiveSqliteTest extends HoldDestructiveContract {

    @Override
    DatabaseTarget newTarget() throws Exception {
        Path dir = Files.createTempDirectory("plinth-hold");
        return DatabaseTarget.parse("file:" + dir.resolve("hold.db"), dir);
    }

    @Override
    void dropTarget() {
        // the temporary file stays with the other test files of the run
    }
}
