package dev.plinth.api;

/** Hostile requests on Sqlite. */
class HostileRequestsSqliteTest extends HostileRequestsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
