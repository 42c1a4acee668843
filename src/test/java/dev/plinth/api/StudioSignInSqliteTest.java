package dev.plinth.api;

/** {@link StudioSignInContract} on SQLite. */
class StudioSignInSqliteTest extends StudioSignInContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
