package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;

/** {@link StudioOrphanContract} on PostgreSQL (fails, not skips, without PostgreSQL). */
class StudioOrphanPostgresTest extends StudioOrphanContract {

    private PostgresTestDatabase database;

    @Override
    DatabaseTarget newTarget() {
        database = PostgresTestDatabase.create();
        return DatabaseTarget.parse(database.url(), Path.of("."));
    }

    @Override
    void dropTarget() {
        if (database != null) {
            database.close();
        }
    }
}
