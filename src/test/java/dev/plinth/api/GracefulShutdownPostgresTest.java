package dev.plinth.api;

import java.nio.file.Path;

/** Graceful shutdown under SIGTERM on PostgreSQL. */
class GracefulShutdownPostgresTest extends GracefulShutdownContract {

    @Override
    ChildDatabase database(Path dir) {
        return ChildDatabase.postgres();
    }
}
