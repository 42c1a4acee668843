package dev.plinth.api;

/** Plinth's identifiers served on PostgreSQL. */
class IdentifiersPostgresTest extends IdentifiersContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
