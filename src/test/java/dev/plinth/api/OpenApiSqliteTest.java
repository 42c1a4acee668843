package dev.plinth.api;

/** The OpenAPI document against real answers, on Sqlite. */
class OpenApiSqliteTest extends OpenApiContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
