package dev.plinth.api;

/** Nested writes on PostgreSQL. */
class NestedWritesPostgresTest extends NestedWritesContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
