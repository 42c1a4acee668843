package dev.plinth.api;

/** Cascading soft deletes served on PostgreSQL. */
class SoftDeleteCascadePostgresTest extends SoftDeleteCascadeContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
