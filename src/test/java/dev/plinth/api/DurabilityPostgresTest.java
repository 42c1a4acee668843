package dev.plinth.api;

import dev.plinth.testing.PostgresTestDatabase;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** Durability under SIGKILL on PostgreSQL. */
class DurabilityPostgresTest extends DurabilityContract {

    private PostgresTestDatabase pg;

    @Override
    String databaseUrl(Path dir) {
        if (pg == null) {
            pg = PostgresTestDatabase.create();
        }
        return pg.url();
    }

    @Override
    Connection connect(Path dir) throws SQLException {
        return pg.connect();
    }

    @Override
    void dropDatabase() {
        if (pg != null) {
            pg.close();
        }
    }
}
