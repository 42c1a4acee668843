package dev.plinth.api.access;

/** Upserts under access rules on Sqlite. */
class UpsertRulesSqliteTest extends UpsertRulesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
