package dev.plinth.api;

/** {@link ReferencePageBrowserContract} on PostgreSQL. */
class ReferencePageBrowserPostgresTest extends ReferencePageBrowserContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
