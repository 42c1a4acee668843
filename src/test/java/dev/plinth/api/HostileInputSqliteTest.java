package dev.plinth.api;

/** The hostile-input suite on SQLite. */
class HostileInputSqliteTest extends HostileInputContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
