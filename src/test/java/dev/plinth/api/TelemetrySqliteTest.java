package dev.plinth.api;

/** {@link TelemetryContract} on SQLite. */
class TelemetrySqliteTest extends TelemetryContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
