package dev.plinth.api;

/** Every write form wherever it is sent, on SQLite. */
class WriteFormsSqliteTest extends WriteFormsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
