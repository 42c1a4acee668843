package dev.plinth.api.access;

/** Labels on every read on SQLite. */
class LabelsSqliteTest extends LabelsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
