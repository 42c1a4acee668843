package dev.plinth.api;

/** {@link StudioRowBrowserContract} on SQLite. */
class StudioRowBrowserSqliteTest extends StudioRowBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
