package dev.plinth.api;

/** {@link StudioSchemaBrowserContract} on SQLite. */
class StudioSchemaBrowserSqliteTest extends StudioSchemaBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
