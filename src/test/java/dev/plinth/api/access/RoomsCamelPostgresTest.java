package dev.plinth.api.access;

/** examples/rooms-camel on PostgreSQL. */
class RoomsCamelPostgresTest extends RoomsCamelContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.POSTGRESQL;
    }
}
