package dev.plinth.api;

/** Json path filters, ordering and cursors on PostgreSQL (jsonb operators). */
class JsonPathsPostgresTest extends JsonPathsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
