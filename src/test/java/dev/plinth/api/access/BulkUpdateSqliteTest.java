package dev.plinth.api.access;

/** Bulk updates with a value per row, on SQLite. */
class BulkUpdateSqliteTest extends BulkUpdateContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
