package dev.plinth.api;

/** @@check constraints served on SQLite. */
class CheckConstraintsSqliteTest extends CheckConstraintsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
