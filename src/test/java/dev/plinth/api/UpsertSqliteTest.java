package dev.plinth.api;

/** PUT and POST on_conflict upserts served on SQLite. */
class UpsertSqliteTest extends UpsertContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
