package dev.plinth.api;

/** A PostgreSQL schema's dbgenerated defaults served on SQLite. */
class DbGeneratedDefaultsSqliteTest extends DbGeneratedDefaultsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
