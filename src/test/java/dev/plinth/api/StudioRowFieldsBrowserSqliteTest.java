package dev.plinth.api;

/** {@link StudioRowFieldsBrowserContract} on SQLite. */
class StudioRowFieldsBrowserSqliteTest extends StudioRowFieldsBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
