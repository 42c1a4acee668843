package dev.plinth.api;

/** {@link StudioNotesBrowserContract} on SQLite. */
class StudioNotesBrowserSqliteTest extends StudioNotesBrowserContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.SQLITE;
    }
}
