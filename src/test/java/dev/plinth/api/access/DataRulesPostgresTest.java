package dev.plinth.api.access;

/** Field validators, transforms and @@validate served on PostgreSQL. */
class DataRulesPostgresTest extends DataRulesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
