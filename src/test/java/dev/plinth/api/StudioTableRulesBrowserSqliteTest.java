package dev.plinth.api;

/** {@link StudioTableRulesBrowserContract} on SQLite. */
class StudioTableRulesBrowserSqliteTest extends StudioTableRulesBrowserContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
