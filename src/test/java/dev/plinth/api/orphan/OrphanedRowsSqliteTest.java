package dev.plinth.api.orphan;

import dev.plinth.sql.DatabaseKind;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/** {@link OrphanedRowsContract} on SQLite: values by storage class, BOOLEAN and JSON by the declared type. */
class OrphanedRowsSqliteTest extends OrphanedRowsContract {

    @TempDir
    Path dir;

    @Override
    Connection connect() throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("orphans.db"));
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.SQLITE;
    }

    @Override
    String[] typedTable() {
        return new String[] {
                "CREATE TABLE \"typed\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \"flag\" BOOLEAN, \"iso\" DATETIME,"
                        + " \"millis\" DATETIME, \"price\" DECIMAL, \"ratio\" REAL, \"doc\" JSONB, \"bad_doc\" JSONB, \"blob\" BLOB,"
                        + " \"big\" BIGINT, \"nothing\" TEXT)",
                "INSERT INTO \"typed\" VALUES (1, 1, '2026-11-22T04:12:27.000Z', 1700000000000, 12.5, 0.25, '{\"k\":[true,null]}',"
                        + " 'not json', X'010203', 9007199254740993, NULL)",
                "INSERT INTO \"typed\" (\"flag\") VALUES (0)"};
    }

    @Override
    String typedRow() {
        return "{\"id\":1,\"flag\":true,\"iso\":\"2026-11-22T04:12:27.000Z\",\"millis\":1700000000000,\"price\":12.5,\"ratio\":0.25,"
                + "\"doc\":{\"k\":[true,null]},\"bad_doc\":\"not json\",\"blob\":\"AQID\",\"big\":9007199254740993,\"nothing\":null}";
    }
}
