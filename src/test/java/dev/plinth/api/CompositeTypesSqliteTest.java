package dev.plinth.api;

/** Composite types on SQLite. */
class CompositeTypesSqliteTest extends CompositeTypesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
