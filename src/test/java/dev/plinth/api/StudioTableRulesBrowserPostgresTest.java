package dev.plinth.api;

/** {@link StudioTableRulesBrowserContract} on PostgreSQL. */
class StudioTableRulesBrowserPostgresTest extends StudioTableRulesBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
