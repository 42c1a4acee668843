package dev.plinth.api.orphan;

import dev.plinth.api.ProblemException;
import dev.plinth.sql.DatabaseKind;
import dev.plinth.testing.PostgresTestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link OrphanedRowsContract} on PostgreSQL: its own types (timestamps, numeric, json, arrays, uuid, enums…). */
class OrphanedRowsPostgresTest extends OrphanedRowsContract {

    private PostgresTestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = PostgresTestDatabase.create();
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Override
    Connection connect() throws Exception {
        return database.connect();
    }

    @Override
    DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    String[] typedTable() {
        return new String[] {
                "CREATE TYPE \"Mood\" AS ENUM ('GOOD', 'BAD')",
                "CREATE TABLE \"typed\" (\"id\" SERIAL PRIMARY KEY, \"flag\" BOOLEAN, \"at\" TIMESTAMP(3), \"at_tz\" TIMESTAMPTZ(6),"
                        + " \"day\" DATE, \"price\" DECIMAL(65,30), \"ratio\" DOUBLE PRECISION, \"nan\" DOUBLE PRECISION, \"doc\" JSONB,"
                        + " \"tags\" TEXT[], \"uid\" UUID, \"mood\" \"Mood\", \"blob\" BYTEA, \"big\" BIGINT, \"nothing\" TEXT)",
                "INSERT INTO \"typed\" VALUES (1, true, '2026-11-22 04:12:27.123', '2026-11-22 05:12:27.123456+01', '2026-11-22',"
                        + " 12.5, 0.25, 'NaN', '{\"k\": [true, null]}', ARRAY['a', NULL, 'c'], 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
                        + " 'GOOD', '\\x010203', 9007199254740993, NULL)",
                "INSERT INTO \"typed\" (\"id\", \"flag\") VALUES (2, false)"};
    }

    @Override
    String typedRow() {
        return "{\"id\":1,\"flag\":true,\"at\":\"2026-11-22T04:12:27.123Z\",\"at_tz\":\"2026-11-22T04:12:27.123456Z\","
                + "\"day\":\"2026-11-22\",\"price\":12.500000000000000000000000000000,\"ratio\":0.25,\"nan\":\"NaN\","
                + "\"doc\":{\"k\":[true,null]},\"tags\":[\"a\",null,\"c\"],\"uid\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\","
                + "\"mood\":\"GOOD\",\"blob\":\"AQID\",\"big\":9007199254740993,\"nothing\":null}";
    }

    @Test
    void aKeyTheColumnTypeCannotHoldIsInvalidNotAFailure() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE \"keyed\" (\"id\" UUID PRIMARY KEY, \"name\" TEXT)");
            s.execute("INSERT INTO \"keyed\" VALUES ('a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'u')");
            OrphanedRows rows = new OrphanedRows(dev.plinth.migrate.Introspector.of(kind()).introspect(c).table("keyed").orElseThrow(),
                    kind(), JSON.getFactory(), new StoredValueWriter(JSON, false));
            assertThat(new String(rows.row(c, "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11").orElseThrow()))
                    .isEqualTo("{\"id\":\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\",\"name\":\"u\"}");
            assertThatThrownBy(() -> rows.row(c, "not-a-uuid")).isInstanceOf(ProblemException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).problem().code()).isEqualTo("invalid_key"));
        }
    }
}
