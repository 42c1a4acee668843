package dev.plinth.api;

/** {@link StudioShellBrowserContract} on PostgreSQL. */
class StudioShellBrowserPostgresTest extends StudioShellBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
