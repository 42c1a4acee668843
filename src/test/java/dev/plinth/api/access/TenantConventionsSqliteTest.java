package dev.plinth.api.access;

/** The tenant conventions on Sqlite. */
class TenantConventionsSqliteTest extends TenantConventionsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
