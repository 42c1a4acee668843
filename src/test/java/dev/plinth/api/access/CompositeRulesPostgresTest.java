package dev.plinth.api.access;

/** Data rules inside composite types and paths of composite fields, served on PostgreSQL. */
class CompositeRulesPostgresTest extends CompositeRulesContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
