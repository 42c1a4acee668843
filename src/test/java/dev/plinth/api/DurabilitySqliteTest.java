package dev.plinth.api;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Durability under SIGKILL on a SQLite file. */
class DurabilitySqliteTest extends DurabilityContract {

    @Override
    String databaseUrl(Path dir) {
        return "file:" + dir.resolve("durability.db");
    }

    @Override
    Connection connect(Path dir) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("durability.db"));
    }
}
