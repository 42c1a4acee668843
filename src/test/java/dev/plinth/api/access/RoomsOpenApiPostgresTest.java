package dev.plinth.api.access;

/** The OpenAPI document of a schema with access rules, on PostgreSQL. */
class RoomsOpenApiPostgresTest extends RoomsOpenApiContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
