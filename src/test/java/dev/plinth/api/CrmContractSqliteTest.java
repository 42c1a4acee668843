package dev.plinth.api;

/** The REST contract on SQLite. */
class CrmContractSqliteTest extends CrmContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
