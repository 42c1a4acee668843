package dev.plinth.api;

/** The data-model spec's spellings served on PostgreSQL. */
class SeedSpellingsPostgresTest extends SeedSpellingsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
