package dev.plinth.api.access;

/** The access-rule matrix on PostgreSQL. */
class RoomsPostgresTest extends RoomsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
