package dev.plinth.api;

/** PUT and POST on_conflict upserts served on PostgreSQL. */
class UpsertPostgresTest extends UpsertContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
