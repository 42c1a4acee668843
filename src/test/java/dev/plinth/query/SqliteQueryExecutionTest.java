package dev.plinth.query;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.SQLDialect;

/** The query execution contract on a real (in-memory) SQLite database. */
class SqliteQueryExecutionTest extends QueryExecutionContract {

    @Override
    SQLDialect dialect() {
        return SQLDialect.SQLITE;
    }

    @Override
    Connection open() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite::memory:");
    }

    @Override
    void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"Company\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"name\" TEXT NOT NULL)");
            s.execute("""
                    CREATE TABLE "Contact" ("id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "full_name" TEXT NOT NULL,
                      "email" TEXT, "status" TEXT NOT NULL DEFAULT 'lead', "score" REAL, "amount" DECIMAL, "views" BIGINT,
                      "active" BOOLEAN NOT NULL DEFAULT true, "created_at" DATETIME NOT NULL, "page" INTEGER, "data" TEXT,
                      "avatar" BLOB, "secret" TEXT, "legacy" TEXT, "company_id" INTEGER, "user_id" TEXT,
                      "deleted_at" DATETIME, "tags" TEXT, "ref" TEXT)""");
            s.execute("CREATE UNIQUE INDEX \"Contact_email_key\" ON \"Contact\"(\"email\")");
        }
    }

    @Override
    String insertSql() {
        return "INSERT INTO \"Contact\" (\"id\", \"full_name\", \"email\", \"status\", \"score\", \"amount\", \"views\","
                + " \"active\", \"created_at\", \"page\", \"company_id\", \"user_id\", \"deleted_at\", \"ref\", \"data\")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }
}
