package dev.plinth.api;

/** {@link StudioTableRealSchemaBrowserContract} on SQLite. */
class StudioTableRealSchemaBrowserSqliteTest extends StudioTableRealSchemaBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
