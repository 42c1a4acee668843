package dev.plinth.api;

/** {@link StudioTableBrowserContract} on SQLite. */
class StudioTableBrowserSqliteTest extends StudioTableBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
