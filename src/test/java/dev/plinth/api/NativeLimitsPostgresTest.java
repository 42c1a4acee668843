package dev.plinth.api;

/** Native limits and exact numbers on PostgreSQL. */
class NativeLimitsPostgresTest extends NativeLimitsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
