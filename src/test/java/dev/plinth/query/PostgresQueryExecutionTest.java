package dev.plinth.query;

import dev.plinth.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;

/** The query execution contract on a fresh PostgreSQL database, with Prisma's column types. */
class PostgresQueryExecutionTest extends QueryExecutionContract {

    private PostgresTestDatabase database;

    @Override
    SQLDialect dialect() {
        return SQLDialect.POSTGRES;
    }

    @Override
    Connection open() throws SQLException {
        database = PostgresTestDatabase.create();
        return database.connect();
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        connection.close();
        database.close();
    }

    @Override
    void createTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TYPE \"contact_status\" AS ENUM ('lead', 'won', 'lost_deal')");
            s.execute("CREATE TABLE \"Company\" (\"id\" SERIAL PRIMARY KEY, \"name\" TEXT NOT NULL)");
            s.execute("""
                    CREATE TABLE "Contact" ("id" SERIAL PRIMARY KEY, "full_name" TEXT NOT NULL, "email" TEXT,
                      "status" "contact_status" NOT NULL DEFAULT 'lead', "score" DOUBLE PRECISION, "amount" DECIMAL(65,30),
                      "views" BIGINT, "active" BOOLEAN NOT NULL DEFAULT true, "created_at" TIMESTAMP(3) NOT NULL,
                      "page" INTEGER, "data" JSONB, "avatar" BYTEA, "secret" TEXT, "legacy" circle, "company_id" INTEGER,
                      "user_id" TEXT, "deleted_at" TIMESTAMP(3), "tags" TEXT[] NOT NULL DEFAULT '{}', "ref" UUID)""");
            s.execute("CREATE UNIQUE INDEX \"Contact_email_key\" ON \"Contact\"(\"email\")");
        }
    }

    @Override
    String insertSql() {
        return "INSERT INTO \"Contact\" (\"id\", \"full_name\", \"email\", \"status\", \"score\", \"amount\", \"views\","
                + " \"active\", \"created_at\", \"page\", \"company_id\", \"user_id\", \"deleted_at\", \"ref\", \"data\")"
                + " VALUES (?, ?, ?, ?::\"contact_status\", ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::uuid, ?::jsonb)";
    }
}
