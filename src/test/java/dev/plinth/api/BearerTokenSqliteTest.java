package dev.plinth.api;

/** Hostile bearer tokens on SQLite. */
class BearerTokenSqliteTest extends BearerTokenContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
