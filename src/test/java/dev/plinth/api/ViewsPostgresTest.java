package dev.plinth.api;

import dev.plinth.sql.DatabaseTarget;
import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;

/** Views on PostgreSQL. */
class ViewsPostgresTest extends ViewsContract {

    @Override
    FreshDatabase database() {
        PostgresTestDatabase pg = PostgresTestDatabase.create();
        return new FreshDatabase(DatabaseTarget.parse(pg.url(), Path.of(".")), pg::close);
    }
}
