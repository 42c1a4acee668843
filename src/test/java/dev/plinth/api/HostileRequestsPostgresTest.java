package dev.plinth.api;

/** Hostile requests on PostgreSQL. */
class HostileRequestsPostgresTest extends HostileRequestsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
