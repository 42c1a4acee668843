package dev.plinth.api;

/** Cascading soft deletes served on SQLite. */
class SoftDeleteCascadeSqliteTest extends SoftDeleteCascadeContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
