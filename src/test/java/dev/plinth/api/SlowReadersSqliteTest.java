package dev.plinth.api;

/** Slow readers and pool timeouts on SQLite. */
class SlowReadersSqliteTest extends SlowReadersContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
