package dev.plinth.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** {@code plinth serve} with renames on a SQLite file. */
class ServeRenameSqliteTest extends ServeRenameContract {

    @Override
    String provider() {
        return "sqlite";
    }

    @Override
    String databaseUrl() {
        return "file:" + dir.resolve("dev.db");
    }

    @Override
    Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("dev.db"));
    }
}
