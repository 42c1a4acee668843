package dev.plinth.api.access;

/** The access-rule matrix on SQLite. */
class RoomsSqliteTest extends RoomsContract {
    @Override
    RulesServer.Db db() {
        return RulesServer.Db.SQLITE;
    }
}
