package dev.plinth.api.access;

/** Audit fields on demand on SQLite. */
class AuditFieldsSqliteTest extends AuditFieldsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
