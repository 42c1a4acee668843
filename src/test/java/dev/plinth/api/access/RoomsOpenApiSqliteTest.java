package dev.plinth.api.access;

/** The OpenAPI document of a schema with access rules, on Sqlite. */
class RoomsOpenApiSqliteTest extends RoomsOpenApiContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
