package dev.plinth.api.access;

/** Conventions by meaning on SQLite. */
class ConventionsSqliteTest extends ConventionsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
