package dev.plinth.api;

/** Naming settings and routes end to end on PostgreSQL. */
class NamingPostgresTest extends NamingContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
