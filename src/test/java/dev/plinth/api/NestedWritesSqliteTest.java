package dev.plinth.api;

/** Nested writes on SQLite. */
class NestedWritesSqliteTest extends NestedWritesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
