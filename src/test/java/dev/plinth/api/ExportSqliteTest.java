package dev.plinth.api;

/** Streamed exports on SQLite. */
class ExportSqliteTest extends ExportContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
