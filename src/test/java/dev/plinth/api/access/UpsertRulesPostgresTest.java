package dev.plinth.api.access;

/** Upserts under access rules on PostgreSQL. */
class UpsertRulesPostgresTest extends UpsertRulesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
