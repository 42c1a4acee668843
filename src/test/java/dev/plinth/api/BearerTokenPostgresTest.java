package dev.plinth.api;

/** Hostile bearer tokens on PostgreSQL. */
class BearerTokenPostgresTest extends BearerTokenContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
