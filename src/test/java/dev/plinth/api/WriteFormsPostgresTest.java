package dev.plinth.api;

/** Every write form wherever it is sent, on PostgreSQL. */
class WriteFormsPostgresTest extends WriteFormsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
