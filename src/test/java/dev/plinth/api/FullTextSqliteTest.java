package dev.plinth.api;

/** Full-text search on SQLite (FTS5). */
class FullTextSqliteTest extends FullTextContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
