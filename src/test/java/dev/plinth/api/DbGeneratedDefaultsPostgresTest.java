package dev.plinth.api;

/** A PostgreSQL schema's dbgenerated defaults served on PostgreSQL. */
class DbGeneratedDefaultsPostgresTest extends DbGeneratedDefaultsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
