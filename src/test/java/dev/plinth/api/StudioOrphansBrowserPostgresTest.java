package dev.plinth.api;

/** {@link StudioOrphansBrowserContract} on PostgreSQL. */
class StudioOrphansBrowserPostgresTest extends StudioOrphansBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
