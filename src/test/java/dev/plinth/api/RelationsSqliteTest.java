package dev.plinth.api;

/** Relations on SQLite. */
class RelationsSqliteTest extends RelationsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
