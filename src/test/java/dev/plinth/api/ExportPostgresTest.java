package dev.plinth.api;

/** Streamed exports on PostgreSQL. */
class ExportPostgresTest extends ExportContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
