package dev.plinth.api;

/** {@link StudioRowFieldsBrowserContract} on PostgreSQL. */
class StudioRowFieldsBrowserPostgresTest extends StudioRowFieldsBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
