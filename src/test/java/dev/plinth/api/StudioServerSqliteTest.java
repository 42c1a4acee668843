package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@link StudioServerContract} on SQLite. */
class StudioServerSqliteTest extends StudioServerContract {

    @Override
    DatabaseTarget newTarget() throws Exception {
        Path dir = Files.createTempDirectory("plinth-studio");
        return DatabaseTarget.parse("file:" + dir.resolve("studio.db"), dir);
    }

    @Override
    void dropTarget() {
        // the temporary file stays with the other test files of the run
    }
}
