package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;

/** {@link HoldDestructiveContract} on PostgreSQL: each test its own database (fails, not skips, without PostgreSQL). */
class HoldDestructivePostgresTest extends HoldDestructiveContract {

    private PostgresTestDatabase database;

    @Override
    DatabaseTarget newTarget() {
        database = PostgresTestDatabase.create();
        return DatabaseTarget.parse(database.url(), Path.of("."));
    }

    @Override
    void dropTarget() {
        database.close();
    }
}
