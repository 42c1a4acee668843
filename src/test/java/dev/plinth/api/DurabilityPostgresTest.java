package dev.plinth.api;

import java.nio.file.Path;

/** Durability under SIGKILL on PostgreSQL. */
class DurabilityPostgresTest extends DurabilityContract {

    @Override
    ChildDatabase database(Path dir) {
        return ChildDatabase.postgres();
    }
}
