package dev.plinth.api;

/** @@check constraints served on PostgreSQL. */
class CheckConstraintsPostgresTest extends CheckConstraintsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
