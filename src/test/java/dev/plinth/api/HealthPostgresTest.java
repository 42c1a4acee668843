package dev.plinth.api;

/** {@link HealthContract} on PostgreSQL. */
class HealthPostgresTest extends HealthContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
