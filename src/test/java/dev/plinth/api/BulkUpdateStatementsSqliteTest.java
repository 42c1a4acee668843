package dev.plinth.api;

/** The statements of a bulk update, on SQLite. */
class BulkUpdateStatementsSqliteTest extends BulkUpdateStatementsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
