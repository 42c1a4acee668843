package dev.plinth.api;

/** {@link StudioTableBrowserContract} on PostgreSQL. */
class StudioTableBrowserPostgresTest extends StudioTableBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
