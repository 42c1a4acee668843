package dev.plinth.api;

/** Composite types on PostgreSQL. */
class CompositeTypesPostgresTest extends CompositeTypesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
