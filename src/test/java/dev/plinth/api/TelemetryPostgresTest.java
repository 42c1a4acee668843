package dev.plinth.api;

/** {@link TelemetryContract} on PostgreSQL. */
class TelemetryPostgresTest extends TelemetryContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
