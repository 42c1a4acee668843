package dev.plinth.api;

/** The data-model spec's spellings served on Sqlite. */
class SeedSpellingsSqliteTest extends SeedSpellingsContract {
    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
