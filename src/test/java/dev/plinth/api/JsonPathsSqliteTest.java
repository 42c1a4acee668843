package dev.plinth.api;

/** Json path filters, ordering and cursors on SQLite (json_extract, json_each). */
class JsonPathsSqliteTest extends JsonPathsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
