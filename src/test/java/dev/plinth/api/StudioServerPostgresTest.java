package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;

/** {@link StudioServerContract} on PostgreSQL (fails, not skips, without PostgreSQL). */
class StudioServerPostgresTest extends StudioServerContract {

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
