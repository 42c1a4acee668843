package dev.plinth.api;

/** Native limits and exact numbers on SQLite. */
class NativeLimitsSqliteTest extends NativeLimitsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
