package dev.plinth.api.access;

/** Audit fields on demand on PostgreSQL. */
class AuditFieldsPostgresTest extends AuditFieldsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
