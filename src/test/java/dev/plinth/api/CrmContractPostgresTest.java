package dev.plinth.api;

/** The REST contract on PostgreSQL. */
class CrmContractPostgresTest extends CrmContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
