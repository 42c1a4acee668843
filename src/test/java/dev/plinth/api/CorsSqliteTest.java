package dev.plinth.api;

/** {@link CorsContract} on SQLite. */
class CorsSqliteTest extends CorsContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
