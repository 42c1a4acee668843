package dev.plinth.cli;

/** Migration file commands on SQLite. */
class MigrationFilesCommandSqliteTest extends MigrationFilesCommandContract {

    @Override
    String databaseUrl() {
        return "file:" + dir.resolve("app.db");
    }
}
