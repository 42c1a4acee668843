package dev.plinth.api;

/** Slow readers and pool timeouts on PostgreSQL. */
class SlowReadersPostgresTest extends SlowReadersContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
