package dev.plinth.api;

/** Plinth's identifiers served on SQLite. */
class IdentifiersSqliteTest extends IdentifiersContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
