package dev.plinth.api;

/** {@link StudioOrphansBrowserContract} on SQLite. */
class StudioOrphansBrowserSqliteTest extends StudioOrphansBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
