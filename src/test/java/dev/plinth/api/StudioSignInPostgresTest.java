package dev.plinth.api;

/** {@link StudioSignInContract} on PostgreSQL. */
class StudioSignInPostgresTest extends StudioSignInContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
