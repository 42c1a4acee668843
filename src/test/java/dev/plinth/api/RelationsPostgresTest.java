package dev.plinth.api;

/** Relations on PostgreSQL. */
class RelationsPostgresTest extends RelationsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
