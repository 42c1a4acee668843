package dev.plinth.api;

/** The statements of a bulk update, on PostgreSQL. */
class BulkUpdateStatementsPostgresTest extends BulkUpdateStatementsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
