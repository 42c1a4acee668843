package dev.plinth.api;

/** Counting without rows, Content-Range and estimated counts, served on PostgreSQL. */
class CountPostgresTest extends CountContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
