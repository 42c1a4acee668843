package dev.plinth.api;

/** {@link ReferencePageBrowserContract} on SQLite. */
class ReferencePageBrowserSqliteTest extends ReferencePageBrowserContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
