package dev.plinth.api;

/** Counting without rows, Content-Range and estimated counts, served on SQLite. */
class CountSqliteTest extends CountContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
