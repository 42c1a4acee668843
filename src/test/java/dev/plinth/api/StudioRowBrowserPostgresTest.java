package dev.plinth.api;

/** {@link StudioRowBrowserContract} on PostgreSQL. */
class StudioRowBrowserPostgresTest extends StudioRowBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
