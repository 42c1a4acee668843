package dev.plinth.api.access;

/** The tenant conventions on Postgres. */
class TenantConventionsPostgresTest extends TenantConventionsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
