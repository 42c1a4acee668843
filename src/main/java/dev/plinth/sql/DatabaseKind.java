package dev.plinth.sql;

/** The databases Plinth runs on. */
public enum DatabaseKind {
    /** Embedded SQLite, the default. */
    SQLITE,
    /** PostgreSQL (and engines that speak its protocol and catalog). */
    POSTGRESQL;

    /** Returns the dialect that renders SQL for this database. */
    public Dialect dialect() {
        return this == SQLITE ? new SqliteDialect() : new PostgresDialect();
    }
}
