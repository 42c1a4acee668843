package dev.plinth.api;

/** Full-text search on PostgreSQL (tsvector, GIN, websearch_to_tsquery). */
class FullTextPostgresTest extends FullTextContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
