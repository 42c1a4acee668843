package dev.plinth.api.access;

/** Labels on every read on PostgreSQL. */
class LabelsPostgresTest extends LabelsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
