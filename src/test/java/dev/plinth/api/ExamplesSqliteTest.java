package dev.plinth.api;

/** Types, keys, views on SQLite. */
class ExamplesSqliteTest extends ExamplesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
