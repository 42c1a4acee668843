package dev.plinth.api;

/** {@link StudioTableRealSchemaBrowserContract} on PostgreSQL. */
class StudioTableRealSchemaBrowserPostgresTest extends StudioTableRealSchemaBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
