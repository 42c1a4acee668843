package dev.plinth.api;

/** {@link StudioShellBrowserContract} on SQLite. */
class StudioShellBrowserSqliteTest extends StudioShellBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
