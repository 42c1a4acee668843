package dev.plinth.api;

/** {@link CorsContract} on PostgreSQL. */
class CorsPostgresTest extends CorsContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
