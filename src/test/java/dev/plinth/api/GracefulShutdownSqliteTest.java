package dev.plinth.api;

import java.nio.file.Path;

/** Graceful shutdown under SIGTERM on a SQLite file (pending group commits complete). */
class GracefulShutdownSqliteTest extends GracefulShutdownContract {

    @Override
    ChildDatabase database(Path dir) {
        return ChildDatabase.sqlite(dir.resolve("shutdown.db"));
    }
}
