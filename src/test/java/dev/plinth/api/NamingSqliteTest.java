package dev.plinth.api;

/** Naming settings and routes end to end on SQLite. */
class NamingSqliteTest extends NamingContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
