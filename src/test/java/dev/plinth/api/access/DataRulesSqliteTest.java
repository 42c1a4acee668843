package dev.plinth.api.access;

/** Field validators, transforms and @@validate served on SQLite. */
class DataRulesSqliteTest extends DataRulesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
