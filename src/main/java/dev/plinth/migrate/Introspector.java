package dev.plinth.migrate;

import dev.plinth.sql.DatabaseKind;
import dev.plinth.sql.ddl.Snapshot;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads the structure of a live database into a {@link Snapshot}, with the database's own catalog.
 * Plinth's history table {@value MigrationHistory#TABLE} is left out.
 */
public sealed interface Introspector permits SqliteIntrospector, PostgresIntrospector {

    /**
     * Reads the database.
     *
     * @param connection an open connection; nothing is changed
     * @return the tables (by name) and enum types of the database (on PostgreSQL: of the current schema)
     * @throws SQLException when the catalog cannot be read
     */
    Snapshot introspect(Connection connection) throws SQLException;

    /**
     * Returns the introspector of a database.
     *
     * @param kind the database
     * @return its introspector
     */
    static Introspector of(DatabaseKind kind) {
        return kind == DatabaseKind.SQLITE ? new SqliteIntrospector() : new PostgresIntrospector();
    }
}
