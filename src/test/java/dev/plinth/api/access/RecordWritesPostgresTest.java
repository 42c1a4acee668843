package dev.plinth.api.access;

/** What a write body may carry, on Postgres. */
class RecordWritesPostgresTest extends RecordWritesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
