package dev.plinth.api;

/** {@link StudioSchemaBrowserContract} on PostgreSQL. */
class StudioSchemaBrowserPostgresTest extends StudioSchemaBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
