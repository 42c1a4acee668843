package dev.plinth.api;

/** {@link StudioNotesBrowserContract} on PostgreSQL. */
class StudioNotesBrowserPostgresTest extends StudioNotesBrowserContract {

    @Override
    TestServer.Db db() {
        return TestServer.Db.POSTGRESQL;
    }
}
