package dev.plinth.api;

/** The OpenAPI document against real answers, on PostgreSQL. */
class OpenApiPostgresTest extends OpenApiContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
