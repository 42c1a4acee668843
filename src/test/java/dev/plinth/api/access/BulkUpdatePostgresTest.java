package dev.plinth.api.access;

/** Bulk updates with a value per row, on PostgreSQL. */
class BulkUpdatePostgresTest extends BulkUpdateContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
