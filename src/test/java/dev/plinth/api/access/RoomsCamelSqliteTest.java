package dev.plinth.api.access;

/** examples/rooms-camel on SQLite. */
class RoomsCamelSqliteTest extends RoomsCamelContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
