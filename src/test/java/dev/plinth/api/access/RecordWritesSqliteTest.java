package dev.plinth.api.access;

/** What a write body may carry, on Sqlite. */
class RecordWritesSqliteTest extends RecordWritesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
