package dev.plinth.api.access;

/** Conventions by meaning on PostgreSQL. */
class ConventionsPostgresTest extends ConventionsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
