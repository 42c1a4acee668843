package dev.plinth.api;

import java.nio.file.Path;

/** Durability under SIGKILL on a SQLite file. */
class DurabilitySqliteTest extends DurabilityContract {

    @Override
    ChildDatabase database(Path dir) {
        return ChildDatabase.sqlite(dir.resolve("durability.db"));
    }
}
