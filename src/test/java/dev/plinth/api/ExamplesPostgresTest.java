package dev.plinth.api;

/** Types, keys, views on PostgreSQL. */
class ExamplesPostgresTest extends ExamplesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
