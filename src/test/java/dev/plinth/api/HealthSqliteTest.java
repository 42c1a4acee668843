package dev.plinth.api;

/** {@link HealthContract} on SQLite. */
class HealthSqliteTest extends HealthContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
