package dev.plinth.migrate;

import dev.plinth.sql.DatabaseTarget;

/** Migration files on SQLite. */
class MigrationFilesSqliteTest extends MigrationFilesContract {

    @Override
    DatabaseTarget target() {
        return DatabaseTarget.parse("file:" + project.resolve("app.db"), project);
    }
}
