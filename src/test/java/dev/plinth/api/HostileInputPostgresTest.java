package dev.plinth.api;

/** The hostile-input suite on PostgreSQL. */
class HostileInputPostgresTest extends HostileInputContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
